// The text plan: grouped by Service and node, shared addresses once, disruption flagged, and
// the summary line scripts rely on.
import { describe, expect, it } from 'vitest';
import { planSummaryLine, renderPlanText } from './render-plan-text.js';
import { busyPlan, examplePlan } from './render-plan-fixtures.js';
import { plan, type Plan } from '../planner/plan.js';
import { desired, observed } from '../planner/test-builders.js';

describe('planSummaryLine', () => {
  const base = plan(desired([]), observed());
  const rows: Array<[Plan['summary'], string]> = [
    [{ add: 0, change: 0, remove: 0, disruptive: 0 }, 'No changes.'],
    [{ add: 1, change: 2, remove: 3, disruptive: 1 }, 'Plan: 1 to add, 2 to change, 3 to remove (1 disruptive).'],
    [{ add: 0, change: 1, remove: 0, disruptive: 0 }, 'Plan: 0 to add, 1 to change, 0 to remove (0 disruptive).'],
  ];
  for (const [summary, want] of rows) it(want, () => expect(planSummaryLine({ ...base, summary })).toBe(want));
});

describe('renderPlanText', () => {
  it('an empty plan ends with No changes.', () => {
    expect(renderPlanText(plan(desired([]), observed())).trimEnd().split('\n').at(-1)).toBe('No changes.');
  });

  it('the busy plan: sections, symbols, disruption, drift, warnings and the summary last', () => {
    const text = renderPlanText(busyPlan());
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^Plan: \d+ to add, \d+ to change, \d+ to remove \(\d+ disruptive\)\.$/);
    expect(text).toContain('Services:\n');
    expect(text).toContain('Nodes (addresses only that node holds):\n');
    expect(text).toMatch(/~ Service shop\/old {2}\[DISRUPTIVE\]\n {6}- ingress 192\.168\.10\.7\n {6}\+ ingress 192\.168\.10\.\d+/);
    expect(text).toContain('! drift: 192.168.10.250/24 on the node but not planned');
    expect(text).toMatch(/! Service shop\/refused: requested address refused: 172\.16\.0\.1 is not in any pool of ServiceGroup default \[address-not-in-pool\]/);
  });

  it('a shared address is shown once, "on kube-lb0 of every eligible node (N)"', async () => {
    const text = renderPlanText(await examplePlan());
    expect(text).toContain('Shared addresses (on kube-lb0 of every eligible node (3)):');
    expect(text.match(/10\.200\.0\.0\/32 on kube-lb0 of every eligible node \(3\)/g)).toHaveLength(1);
  });

  it('the example plan, as printed by `gitlb plan examples/basic --state ...`', async () => {
    const text = renderPlanText(await examplePlan());
    expect(text.replace(/sha256:[0-9a-f]+/, 'sha256:REV')).toBe(`gitlb plan for revision sha256:REV

Services:
  ~ Service default/api
      + ingress 10.200.0.0
      + gitlb.io/allocated-by: gitlb
      + gitlb.io/allocated-from: routed
      + gitlb.io/announcing: *,kube-lb0,10.200.0.0
      + gitlb.io/pool-type: remote
      # allocate 10.200.0.0 from ServiceGroup routed
  ~ Service shop/storefront
      + ingress 192.168.10.241
      + gitlb.io/allocated-by: gitlb
      + gitlb.io/allocated-from: default
      + gitlb.io/announcing: node-a,eth0,192.168.10.241
      + gitlb.io/pool-type: local
      # allocate 192.168.10.241 from ServiceGroup default

Nodes (addresses only that node holds):
  ~ node node-a
      + 192.168.10.241/24 on eth0 (local) for shop/storefront
      # add 1 address
  + node node-c
        holds the shared addresses: yes
        BGP peers: 192.168.10.1, 192.168.10.2
      # new node: 0 addresses

Shared addresses (on kube-lb0 of every eligible node (3)):
  + shard shared-10-200-0-0-25 (10.200.0.0/25)
      + 10.200.0.0/32 on kube-lb0 of every eligible node (3) for default/api
      # new shard: 1 address

Waiting for the agent on node-c: placements use its InternalIP as the local subnet until it reports.

Plan: 2 to add, 3 to change, 0 to remove (0 disruptive).
`);
  });
});
