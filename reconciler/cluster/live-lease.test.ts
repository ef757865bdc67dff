// Agent Lease freshness: renewTime + leaseDurationSeconds against the injected clock.
import { describe, expect, it } from 'vitest';
import { agentLeaseFreshness, judgeLeases } from './live-lease.js';
import { DEFAULT_LEASES } from './live-resources.js';
import type { ObservedNode } from './observed.js';

const lease = (name: string, renewTime: string | undefined, leaseDurationSeconds: number | undefined) => ({ metadata: { name }, spec: { renewTime, leaseDurationSeconds } });

describe('agentLeaseFreshness', () => {
  it('judges each gitlb-agent-<node> Lease at now; others are ignored', () => {
    const now = new Date('2026-11-25T10:00:10.000000Z');
    const fresh = agentLeaseFreshness(
      [
        lease('gitlb-agent-a', '2026-11-25T10:00:05.123456Z', 10),
        lease('gitlb-agent-b', '2026-11-25T10:00:00.000000Z', 10), // expires exactly now: stale
        lease('gitlb-agent-c', undefined, 10),
        lease('gitlb-agent-d', '2026-11-25T10:00:05Z', undefined),
        lease('kube-controller-manager', '2026-11-25T10:00:09Z', 15),
      ],
      DEFAULT_LEASES,
      now,
    );
    expect([...fresh]).toEqual([['a', true], ['b', false], ['c', false], ['d', false]]);
  });

  it('a node without a Lease has no live agent', () => {
    const node = (name: string): ObservedNode => ({ name, labels: {}, ready: true, internalIPs: [], agent: null, leaseFresh: null });
    expect(judgeLeases([node('a'), node('z')], new Map([['a', true]])).map((n) => n.leaseFresh)).toEqual([true, false]);
  });
});
