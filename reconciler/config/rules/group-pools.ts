// A group without pools can never give an address; that is always a mistake in a config tree.
import { ruleError, type Rule } from './rule.js';

/** Every ServiceGroup lists at least one pool. */
export const groupPoolsRule: Rule = {
  id: 'group-no-pools',
  check(input) {
    return input.groups.flatMap((g) => {
      const at = g.local ?? g.remote;
      if (g.pools.length > 0 || !at || (g.local && g.remote)) return [];
      return [ruleError(this.id, at, `ServiceGroup \`${g.name.value}\` has no pools: add v4pools or v6pools (each {pool, subnet})`)];
    });
  },
};
