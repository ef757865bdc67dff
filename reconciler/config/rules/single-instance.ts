// Node agent settings and peering are global: two of either would leave it to chance which wins.
import { formatLoc, ruleError, type Rule } from './rule.js';

/** At most one LBNodeAgent and one BGPConfiguration per tree. */
export const singleInstanceRule: Rule = {
  id: 'single-instance',
  check(input) {
    const extra = <T extends { kindLoc: { file: string; line: number; col: number }; name: { value: string } }>(kind: string, list: T[]) =>
      list.slice(1).map((x) => ruleError(this.id, x.kindLoc, `a second ${kind} (\`${x.name.value}\`): a tree has at most one, the first is \`${list[0]?.name.value}\` at ${list[0] ? formatLoc(list[0].kindLoc) : ''}`));
    return [...extra('LBNodeAgent', input.nodeAgents), ...extra('BGPConfiguration', input.bgps)];
  },
};
