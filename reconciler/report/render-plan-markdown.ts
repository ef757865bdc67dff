// The plan as a pull-request comment: the summary line (and warning/disruption counts) visible,
// the full text plan inside a collapsed <details>, cut with a notice so the comment stays under
// GitHub's 65,536-character limit.
import type { Plan } from '../planner/plan.js';
import { planSummaryLine, renderPlanText } from './render-plan-text.js';

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;

/** Renders the plan as Markdown no longer than `limit` characters (default just under GitHub's). */
export function renderPlanMarkdown(plan: Plan, limit = COMMENT_LIMIT - 1): string {
  const notes: string[] = [];
  if (plan.summary.disruptive > 0) notes.push(`**${plan.summary.disruptive} disruptive** (apply needs \`--allow-disruption\`)`);
  if (plan.warnings.length > 0) notes.push(`${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'}`);
  const head = `### gitlb plan\n\n**${planSummaryLine(plan)}**${notes.length > 0 ? ` ${notes.join(', ')}` : ''}\n\nRevision \`${plan.revision}\`\n\n`;
  const open = '<details><summary>Show the full plan</summary>\n\n```diff\n';
  const close = '```\n\n</details>\n';
  // Move each line's +/-/~/! to column 0 so GitHub's diff highlighting colours it.
  const lines = renderPlanText(plan)
    .trimEnd()
    .split('\n')
    .map((l) => {
      const m = /^(\s*)([+\-~!]) (.*)$/.exec(l);
      return m ? `${m[2] === '~' ? '!' : m[2]}${m[1]} ${m[3]}` : l.replace(/```/g, "'''");
    });
  const budget = limit - head.length - open.length - close.length;
  let body = '';
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = `${lines[i]}\n`;
    const notice = `\n… ${lines.length - i} more lines cut to fit a comment: run \`gitlb plan --format text\` for the whole plan.\n`;
    if (used + line.length + notice.length > budget) {
      body += notice;
      break;
    }
    body += line;
    used += line.length;
  }
  return head + open + body + close;
}
