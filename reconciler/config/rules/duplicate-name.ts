// gitlb kinds are cluster-scoped: two objects of a kind with one name would overwrite each other
// when applied (PureLB's namespaces do not separate them either).
import type { Diagnostic } from '../diagnostic.js';
import type { Located } from '../input.js';
import { formatLoc, ruleError, type Rule } from './rule.js';

function duplicates(rule: string, kind: string, names: Array<Located<string>>): Diagnostic[] {
  const first = new Map<string, Located<string>>();
  const out: Diagnostic[] = [];
  for (const n of names) {
    const seen = first.get(n.value);
    if (seen) out.push(ruleError(rule, n.loc, `duplicate ${kind} name \`${n.value}\` (first defined at ${formatLoc(seen.loc)})`));
    else first.set(n.value, n);
  }
  return out;
}

/** Names are unique per kind. */
export const duplicateNameRule: Rule = {
  id: 'duplicate-name',
  check(input) {
    return [
      ...duplicates(this.id, 'ServiceGroup', input.groups.map((g) => g.name)),
      ...duplicates(this.id, 'LBNodeAgent', input.nodeAgents.map((a) => a.name)),
      ...duplicates(this.id, 'BGPConfiguration', input.bgps.map((b) => b.name)),
    ];
  },
};
