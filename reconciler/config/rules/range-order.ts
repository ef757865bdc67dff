// An a-b range with b before a is empty: never what was meant.
import { formatAddress, parseRange } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

/** A range's first address is not after its last. */
export const rangeOrderRule: Rule = {
  id: 'range-order',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        if (p.pool.value.includes('/')) return [];
        const r = parseRange(p.pool.value);
        if (!r || r.first <= r.last) return [];
        return [ruleError(this.id, p.pool.loc, `pool range starts after it ends: ${formatAddress(r.family, r.first)} > ${formatAddress(r.family, r.last)} (write ${formatAddress(r.family, r.last)}-${formatAddress(r.family, r.first)})`)];
      }),
    );
  },
};
