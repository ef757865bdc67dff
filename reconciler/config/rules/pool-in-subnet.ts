// The subnet is the link the addresses live on (local) or the prefix they are routed as
// (remote): an address outside it would be announced with the wrong prefix.
import { cidrContainsRange, formatCidr, parseCidr, parsePool } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

/** Every pool lies inside its subnet. */
export const poolInSubnetRule: Rule = {
  id: 'pool-in-subnet',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        const r = parsePool(p.pool.value);
        const c = parseCidr(p.subnet.value);
        if (!r || !c || r.family !== c.family || r.first > r.last || cidrContainsRange(c, r)) return [];
        return [ruleError(this.id, p.pool.loc, `pool ${p.pool.value} is not inside its subnet ${formatCidr(c)}`)];
      }),
    );
  },
};
