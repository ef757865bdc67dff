// The plan as GitHub Actions workflow commands: a ::warning per plan warning and per disruptive
// change, a ::notice with the summary. (Config errors, ::error with file/line/col, are
// report/diagnostics.ts's, shared with `gitlb validate`.)
import type { Plan } from '../planner/plan.js';
import { planSummaryLine } from './render-plan-text.js';

/** Renders the plan's warnings, disruptive changes and summary as workflow commands. */
export function renderPlanGithub(plan: Plan): string {
  const out: string[] = [];
  for (const w of plan.warnings) out.push(command('warning', { title: `gitlb plan: ${w.reason}` }, `${w.target}: ${w.message}`));
  for (const c of plan.changes) {
    if (c.disruptive) out.push(command('warning', { title: 'gitlb plan: disruptive change' }, `${c.action} ${c.target}: ${c.reason}`));
  }
  out.push(command('notice', { title: 'gitlb plan' }, planSummaryLine(plan)));
  out.push(planSummaryLine(plan));
  return `${out.join('\n')}\n`;
}

/** One workflow command, escaped as the runner expects (data: %, CR, LF; properties also : and ,). */
function command(kind: 'error' | 'warning' | 'notice', props: Record<string, string>, message: string): string {
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${prop(v)}`)
    .join(',');
  return `::${kind} ${p}::${data(message)}`;
}
