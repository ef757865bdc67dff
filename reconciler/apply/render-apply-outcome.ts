// The apply outcome for people: one line when it went well, the refused Services and why, or
// each conflict and failure. The JSON form is the outcome object itself.
import type { ApplyWithReplanResult } from './apply-with-replan.js';

/** Renders the result of an apply run as text (ends with a newline). */
export function renderApplyOutcomeText(r: ApplyWithReplanResult): string {
  const o = r.outcome;
  const tries = r.attempts > 1 ? ` after ${r.attempts} plans (the cluster changed in between)` : '';
  switch (o.outcome) {
    case 'ok':
      return `Apply complete${tries}: ${o.written} changed, ${o.unchanged} already up to date, ${o.events} events recorded.\n`;
    case 'refused': {
      const lines = o.refused.map((c) => `  ${c.target}${c.services.length > 0 && !c.target.startsWith('Service/') ? ` (Services ${c.services.join(', ')})` : ''}: ${c.reason}`);
      return `Refused: the plan has ${o.refused.length} disruptive ${o.refused.length === 1 ? 'change' : 'changes'}; nothing was written. Re-run with --allow-disruption to apply:\n${lines.join('\n')}\n`;
    }
    case 'conflict':
      return `Conflict: the cluster kept changing under the plan (${r.attempts} ${r.attempts === 1 ? 'attempt' : 'attempts'}); ${o.written} changes were written, nothing was overwritten:\n${o.conflicts.map((c) => `  ${c.target}: ${c.message}`).join('\n')}\n`;
    case 'failed':
      return `Apply failed (${o.written} changes written before the failure):\n${o.failures.map((c) => `  ${c.target}: ${c.message}`).join('\n')}\n`;
    case 'unobservable':
      return `Cannot observe the cluster: ${o.message}\n`;
  }
}
