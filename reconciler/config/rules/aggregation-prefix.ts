// aggregation is the prefix length an address gets on the interface. Longer than the family
// allows is impossible; shorter than the subnet's would claim addresses outside the subnet (on a
// local interface, a bigger link than the real one; over BGP, a route for someone else's space).
import { familyBits, parseCidr } from '../ip.js';
import { ruleError, type Rule } from './rule.js';

/** aggregation is 'default' or a /N between the subnet's prefix and the family's bits. */
export const aggregationPrefixRule: Rule = {
  id: 'aggregation-prefix',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        const a = p.aggregation.value;
        if (a === 'default' || a === '') return [];
        const c = parseCidr(p.subnet.value);
        const family = c?.family ?? p.declared;
        const n = Number(a.slice(1));
        if (!family) return [];
        if (n > familyBits(family)) return [ruleError(this.id, p.aggregation.loc, `aggregation ${a} is longer than an IPv${family} address (/${familyBits(family)} at most)`)];
        if (c && n < c.prefix) {
          return [ruleError(this.id, p.aggregation.loc, `aggregation ${a} is shorter than the subnet's /${c.prefix}: the address would claim addresses outside ${p.subnet.value}; use /${c.prefix}-/${familyBits(family)} or 'default'`)];
        }
        return [];
      }),
    );
  },
};
