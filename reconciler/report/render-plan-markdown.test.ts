// The PR comment: summary outside a collapsed <details>, diff-highlighted body, and a cut with
// a notice before GitHub's 65,536-character limit, with room for the CI script's marker line.
import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, renderPlanMarkdown } from './render-plan-markdown.js';
import { busyPlan } from './render-plan-fixtures.js';
import { plan } from '../planner/plan.js';
import { basicNodes, desired, group, observed, pool, service } from '../planner/test-builders.js';

describe('renderPlanMarkdown', () => {
  it('the summary line is outside the collapsed details', () => {
    const md = renderPlanMarkdown(busyPlan());
    const summaryAt = md.search(/\*\*Plan: \d+ to add/);
    expect(summaryAt).toBeGreaterThan(-1);
    expect(summaryAt).toBeLessThan(md.indexOf('<details>'));
    expect(md).toMatch(/\*\*\d+ disruptive\*\* \(apply needs `--allow-disruption`\), \d+ warnings?/);
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('change lines start with their symbol so GitHub colours them', () => {
    const md = renderPlanMarkdown(busyPlan());
    expect(md).toMatch(/\n! {3}Service shop\/old {2}\[DISRUPTIVE\]\n/);
    expect(md).toMatch(/\n- {7}ingress 192\.168\.10\.7\n/);
  });

  it('a huge plan is cut with a notice and stays under the limit', () => {
    const g = group('default', 'remote', [pool('10.0.0.0/16', '10.0.0.0/16', 32)]);
    const services = Array.from({ length: 3000 }, (_, i) => service(`ns/s${String(i).padStart(4, '0')}`));
    const p = plan(desired([g]), observed({ nodes: basicNodes(), services }));
    const md = renderPlanMarkdown(p);
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toMatch(/… \d+ more lines cut to fit a comment/);
    expect(md).toContain('**Plan: 27 to add, 3000 to change, 0 to remove (0 disruptive).**');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('a huge plan with the CI marker: the marker is the first line and the body, marker included, stays under the limit', () => {
    const marker = '<!-- gitlb-plan -->';
    const g = group('default', 'remote', [pool('10.0.0.0/16', '10.0.0.0/16', 32)]);
    const services = Array.from({ length: 3000 }, (_, i) => service(`ns/s${String(i).padStart(4, '0')}`));
    const p = plan(desired([g]), observed({ nodes: basicNodes(), services }));
    const plain = renderPlanMarkdown(p);
    const md = renderPlanMarkdown(p, { marker });
    // What the workflow posts is exactly this output: nothing is added after gitlb.
    expect(md.startsWith(`${marker}\n### gitlb plan\n`)).toBe(true);
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(COMMENT_LIMIT - 200); // the room is used, not wasted
    expect(md).toMatch(/… \d+ more lines cut to fit a comment/);
    const summaryAt = md.indexOf('**Plan: 27 to add, 3000 to change, 0 to remove (0 disruptive).**');
    expect(summaryAt).toBeGreaterThan(marker.length);
    expect(summaryAt).toBeLessThan(md.indexOf('<details>'));
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
    // The marker's room comes out of the plan body, never out of the limit.
    const cut = (s: string) => Number(/… (\d+) more lines/.exec(s)?.[1]);
    expect(cut(md)).toBeGreaterThanOrEqual(cut(plain));
  });

  it('a small plan with the marker is the plain comment with the marker line in front', () => {
    expect(renderPlanMarkdown(busyPlan(), { marker: '<!-- m -->' })).toBe(`<!-- m -->\n${renderPlanMarkdown(busyPlan())}`);
  });

  it('a small limit still gives a well-formed comment', () => {
    const md = renderPlanMarkdown(busyPlan(), { limit: 2000 });
    expect(md.length).toBeLessThanOrEqual(2000);
    expect(md).toContain('```diff\n');
    expect(md).toContain('```\n\n</details>');
  });
});
