// v4pools hold IPv4, v6pools IPv6, and a pool has its subnet's family: a mix-up here would put
// addresses of one family in the other's allocation order.
import { parseCidr, parsePool } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

/** Pools and subnets have the family of the list they are in, and of each other. */
export const poolFamilyRule: Rule = {
  id: 'pool-family',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        const r = parsePool(p.pool.value);
        const c = parseCidr(p.subnet.value);
        if (p.declared && r && r.family !== p.declared) {
          return [ruleError(this.id, p.pool.loc, `pool ${p.pool.value} is IPv${r.family} but listed in v${p.declared}pool(s): move it to v${r.family}pools`)];
        }
        if (p.declared && c && c.family !== p.declared) {
          return [ruleError(this.id, p.subnet.loc, `subnet ${p.subnet.value} is IPv${c.family} but its pool is listed in v${p.declared}pool(s)`)];
        }
        if (r && c && r.family !== c.family) {
          return [ruleError(this.id, p.subnet.loc, `subnet ${p.subnet.value} is IPv${c.family} but pool ${p.pool.value} is IPv${r.family}`)];
        }
        return [];
      }),
    );
  },
};
