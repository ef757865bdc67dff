// Subnets must be CIDRs of a known family; host bits set are accepted with a warning, since the
// meaning is clear but usually a typo of the network address.
import { formatCidr, parseCidr } from '../ip.js';
import { ruleError, ruleWarning, type Rule } from './rule.js';

/** Every pool's subnet is an IPv4 or IPv6 CIDR. */
export const subnetSyntaxRule: Rule = {
  id: 'cidr-syntax',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        const c = parseCidr(p.subnet.value);
        if (!c) return [ruleError(this.id, p.subnet.loc, `subnet ${JSON.stringify(p.subnet.value)} is not a CIDR: write address/prefix, e.g. 192.168.10.0/24 or fd00:10::/64`)];
        if (c.hostBitsSet) return [ruleWarning(this.id, p.subnet.loc, `subnet ${p.subnet.value} has host bits set: read as ${formatCidr(c)}`)];
        return [];
      }),
    );
  },
};
