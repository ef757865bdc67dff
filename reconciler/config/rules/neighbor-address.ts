// A neighbour is a router on a network the nodes reach: a unicast address, not loopback,
// multicast, unspecified or a bare link-local (which would need an interface).
import ipaddr from 'ipaddr.js';
import { parseAddress } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

const UNUSABLE = new Set(['unspecified', 'loopback', 'multicast', 'broadcast', 'linkLocal']);

/** Every neighbour address is a usable unicast IPv4 or IPv6 address. */
export const neighborAddressRule: Rule = {
  id: 'neighbor-address',
  check(input) {
    return input.bgps.flatMap((b) =>
      b.neighbors.flatMap((n) => {
        const text = n.address.value;
        if (!parseAddress(text)) return [ruleError(this.id, n.address.loc, `neighbour address ${JSON.stringify(text)} is not an IPv4 or IPv6 address`)];
        const range = ipaddr.parse(text.trim()).range();
        if (UNUSABLE.has(range)) return [ruleError(this.id, n.address.loc, `neighbour address ${text} is ${range === 'linkLocal' ? 'link-local' : range}: give the router's unicast address on the node network`)];
        return [];
      }),
    );
  },
};
