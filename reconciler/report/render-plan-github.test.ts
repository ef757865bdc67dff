// GitHub workflow commands for plans.
import { describe, expect, it } from 'vitest';
import { renderPlanGithub } from './render-plan-github.js';
import { busyPlan } from './render-plan-fixtures.js';
import { plan } from '../planner/plan.js';
import { desired, observed } from '../planner/test-builders.js';

describe('renderPlanGithub', () => {
  it('escapes % and newlines in messages, : and , in titles', () => {
    const p = plan(desired([]), observed());
    const out = renderPlanGithub({ ...p, warnings: [{ message: '100%\nsure', reason: 'a,b:c', target: 'Service/ns/x' }] });
    expect(out.split('\n')[0]).toBe('::warning title=gitlb plan%3A a%2Cb%3Ac::Service/ns/x: 100%25%0Asure');
  });

  it('a ::warning per plan warning and per disruptive change, a ::notice summary', () => {
    const p = busyPlan();
    const lines = renderPlanGithub(p).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::warning title=gitlb plan%3A disruptive change::'))).toHaveLength(p.summary.disruptive);
    expect(lines).toContain('::warning title=gitlb plan%3A address-not-in-pool::Service/shop/refused: requested address refused: 172.16.0.1 is not in any pool of ServiceGroup default');
    expect(lines.at(-2)).toMatch(/^::notice title=gitlb plan::Plan: /);
    expect(lines.at(-1)).toMatch(/^Plan: /);
  });

  it('no changes: only the notice and the summary', () => {
    expect(renderPlanGithub(plan(desired([]), observed()))).toBe('::notice title=gitlb plan::No changes.\nNo changes.\n');
  });
});
