// Agent Lease freshness: renewTime + leaseDurationSeconds against the injected clock.
import { describe, expect, it } from 'vitest';
import { agentLeaseFreshness, judgeLeases, nextLeaseExpiry } from './live-lease.js';
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

describe('released and typed Leases, and the next expiry', () => {
  const now = new Date('2026-11-25T10:00:10Z');
  const at = (iso: string) => new Date(iso).getTime();

  it('a released Lease (empty holderIdentity) is stale at once; a typed renewTime (Date) is read', () => {
    const fresh = agentLeaseFreshness(
      [
        { metadata: { name: 'gitlb-agent-a' }, spec: { holderIdentity: '', renewTime: '2026-11-25T10:00:09Z', leaseDurationSeconds: 10 } },
        { metadata: { name: 'gitlb-agent-b' }, spec: { holderIdentity: 'b', renewTime: new Date('2026-11-25T10:00:09Z'), leaseDurationSeconds: 10 } },
      ],
      DEFAULT_LEASES,
      now,
    );
    expect([...fresh]).toEqual([['a', false], ['b', true]]);
  });

  it('is the earliest expiry among the fresh Leases, null when none is fresh', () => {
    const leases = [
      lease('gitlb-agent-a', '2026-11-25T10:00:09Z', 1), // expires 10:00:10: stale now
      lease('gitlb-agent-b', '2026-11-25T10:00:09.500Z', 1), // 10:00:10.5
      lease('gitlb-agent-c', '2026-11-25T10:00:05Z', 10), // 10:00:15
    ];
    expect(nextLeaseExpiry(leases, DEFAULT_LEASES, now)).toBe(at('2026-11-25T10:00:10.500Z'));
    expect(nextLeaseExpiry(leases, DEFAULT_LEASES, new Date('2026-11-25T10:00:11Z'))).toBe(at('2026-11-25T10:00:15Z'));
    expect(nextLeaseExpiry(leases, DEFAULT_LEASES, new Date('2026-11-25T10:00:16Z'))).toBeNull();
  });
});
