// A pool is a CIDR or an inclusive a-b range of one family.
import { formatCidr, parseAddress, parseCidr } from '../ip.js';
import { ruleError, ruleWarning, type Rule } from './rule.js';

/** Every pool is a CIDR or an a-b range. */
export const poolSyntaxRule: Rule = {
  id: 'pool-syntax',
  check(input) {
    return input.groups.flatMap((g) =>
      g.pools.flatMap((p) => {
        const text = p.pool.value;
        const bad = (why: string) => [ruleError(this.id, p.pool.loc, `pool ${JSON.stringify(text)} ${why}`)];
        if (text.includes('/')) {
          const c = parseCidr(text);
          if (!c) return bad('is not a valid CIDR: write address/prefix, e.g. 192.168.10.240/28');
          // Clear meaning, but often a range typed as a CIDR: say what it covers.
          return c.hostBitsSet ? [ruleWarning(this.id, p.pool.loc, `pool ${text} has host bits set: read as ${formatCidr(c)}`)] : [];
        }
        const parts = text.split('-');
        if (parts.length === 1) {
          return parseAddress(text) ? bad(`is a single address: write ${text.trim()}/${text.includes(':') ? 128 : 32} or a range ${text.trim()}-${text.trim()}`) : bad('is neither a CIDR nor an a-b range');
        }
        if (parts.length !== 2) return bad("is not a range: write first-last with one '-', e.g. 192.168.10.240-192.168.10.250");
        const a = parseAddress(parts[0] ?? '');
        const b = parseAddress(parts[1] ?? '');
        if (!a) return bad(`has an invalid first address ${JSON.stringify((parts[0] ?? '').trim())}`);
        if (!b) return bad(`has an invalid last address ${JSON.stringify((parts[1] ?? '').trim())}`);
        if (a.family !== b.family) return bad('mixes IPv4 and IPv6 addresses');
        return [];
      }),
    );
  },
};
