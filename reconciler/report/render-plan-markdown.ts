// The plan as a pull-request comment: an optional first line the CI script finds its comment by
// (e.g. `<!-- gitlb-plan -->`), the summary line (and warning/disruption counts) visible, the
// full text plan inside a collapsed <details>, cut with a notice so the whole comment, first
// line included, stays under GitHub's 65,536-character limit.
import type { Plan } from '../planner/plan.js';
import { planSummaryLine, renderPlanText } from './render-plan-text.js';

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;

/** Options of renderPlanMarkdown. */
export interface PlanMarkdownOptions {
  /** Most characters the result may have (default COMMENT_LIMIT - 1, just under GitHub's limit). */
  limit?: number;
  /**
   * A line put first, e.g. the hidden marker a CI script finds and updates its comment by. It
   * counts towards `limit`, so the posted body is exactly what is rendered.
   */
  marker?: string;
}

/** Renders the plan as Markdown no longer than `limit` characters, marker included. */
export function renderPlanMarkdown(plan: Plan, opts: PlanMarkdownOptions = {}): string {
  const limit = opts.limit ?? COMMENT_LIMIT - 1;
  const notes: string[] = [];
  if (plan.summary.disruptive > 0) notes.push(`**${plan.summary.disruptive} disruptive** (apply needs \`--allow-disruption\`)`);
  if (plan.warnings.length > 0) notes.push(`${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'}`);
  const first = opts.marker === undefined ? '' : `${opts.marker}\n`;
  const head = `${first}### gitlb plan\n\n**${planSummaryLine(plan)}**${notes.length > 0 ? ` ${notes.join(', ')}` : ''}\n\nRevision \`${plan.revision}\`\n\n`;
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
