// localInterface is 'default' or a regular expression over interface names; one that does not
// compile would leave every node without a local interface.
import { ruleError, type Rule } from './rule.js';

/** localInterface compiles as a regular expression. */
export const regexSyntaxRule: Rule = {
  id: 'regex-syntax',
  check(input) {
    return input.nodeAgents.flatMap((a) => {
      const v = a.localInterface.value;
      if (v === 'default') return [];
      try {
        new RegExp(v);
        return [];
      } catch (e) {
        const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
        return [ruleError(this.id, a.localInterface.loc, `localInterface ${JSON.stringify(v)} is not a valid regular expression (${why}); use 'default' or e.g. '^eth[0-9]+$'`)];
      }
    });
  },
};
