// One BGP session per router address: a second entry would be a second session to the same peer.
import { formatAddress, parseAddress } from '../ip.js';
import type { SourceLocation } from '../model.js';
import { formatLoc, ruleError, type Rule } from './rule.js';

/** No neighbour address is listed twice. */
export const neighborDuplicateRule: Rule = {
  id: 'neighbor-duplicate',
  check(input) {
    const seen = new Map<string, SourceLocation>();
    return input.bgps.flatMap((b) =>
      b.neighbors.flatMap((n) => {
        const a = parseAddress(n.address.value);
        if (!a) return [];
        // Canonical text, so fd00::1 and fd00:0::1 are the same router.
        const key = formatAddress(a.family, a.value);
        const first = seen.get(key);
        if (first) return [ruleError(this.id, n.address.loc, `neighbour ${n.address.value} is listed twice (first at ${formatLoc(first)})`)];
        seen.set(key, n.address.loc);
        return [];
      }),
    );
  },
};
