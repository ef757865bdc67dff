// A ServiceGroup is local or remote, never both, never neither: the two are announced so
// differently (one node with ARP vs every node with BGP) that gitlb must not guess.
import { ruleError, type Rule } from './rule.js';

/** Exactly one of spec.local / spec.remote. */
export const groupTypeRule: Rule = {
  id: 'group-type',
  check(input) {
    return input.groups.flatMap((g) => {
      if (g.local && g.remote) return [ruleError(this.id, g.remote, `ServiceGroup \`${g.name.value}\` has both local and remote: a group is one or the other, split it in two`)];
      if (!g.local && !g.remote) return [ruleError(this.id, g.specLoc, `ServiceGroup \`${g.name.value}\` has neither local nor remote: add spec.local (addresses in a node subnet) or spec.remote (addresses routed by BGP)`)];
      return [];
    });
  },
};
