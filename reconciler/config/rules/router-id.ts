// A BGP router ID is a 32-bit number written as an IPv4 address, even on IPv6-only nodes.
import { parseAddress } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

/** global.routerID, when given, is an IPv4 address. */
export const routerIdRule: Rule = {
  id: 'router-id',
  check(input) {
    return input.bgps.flatMap((b) => {
      if (!b.routerID) return [];
      const a = parseAddress(b.routerID.value);
      if (a?.family === 4 && a.value !== 0n) return [];
      return [ruleError(this.id, b.routerID.loc, `routerID ${JSON.stringify(b.routerID.value)} must be a non-zero IPv4 address (a router ID is 32 bits even for IPv6), or leave it out to use each node's address`)];
    });
  },
};
