// Leader election over real client-node against the emulated API server: one leader among
// candidates, a standby takes over within the lease duration when the leader dies, and a
// leader that stops releases the Lease for an immediate hand-over.
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaderElector, type LeaderElectionOptions } from '../../reconciler/kube/leader-election.js';
import { startHarness, waitFor, type Harness } from '../emulator/harness.js';

let harness: Harness | null = null;
const electors: LeaderElector[] = [];
afterEach(async () => {
  for (const e of electors.splice(0)) await e.stop().catch(() => undefined);
  await harness?.stop();
  harness = null;
});

async function setup(): Promise<k8s.CoordinationV1Api> {
  harness = await startHarness();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(harness.kubeconfig);
  await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: 'gitlb-system' } } });
  return kc.makeApiClient(k8s.CoordinationV1Api);
}

function candidate(api: k8s.CoordinationV1Api, identity: string, over: Partial<LeaderElectionOptions> = {}): LeaderElector {
  const e = new LeaderElector(api, {
    namespace: 'gitlb-system', name: 'gitlb-reconciler', identity,
    leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 200, ...over,
  });
  e.on('error', () => undefined);
  electors.push(e);
  return e;
}

describe('LeaderElector', () => {
  it('elects exactly one of three candidates and records it in the Lease', async () => {
    const api = await setup();
    const cs = ['r-0', 'r-1', 'r-2'].map((id) => candidate(api, id));
    cs.forEach((c) => c.start());
    const leader = await waitFor('a leader', () => cs.find((c) => c.isLeader));
    // Let several retry periods pass: the others must stay standbys.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cs.filter((c) => c.isLeader)).toEqual([leader]);
    const lease = await api.readNamespacedLease({ name: 'gitlb-reconciler', namespace: 'gitlb-system' });
    expect(lease.spec?.holderIdentity).toBe(['r-0', 'r-1', 'r-2'][cs.indexOf(leader)]);
    expect(String(lease.spec?.renewTime)).toMatch(/\.\d{6}Z$/); // MicroTime, as the API server wants
  });

  it('a standby takes over within the lease duration when the leader dies without releasing', async () => {
    const api = await setup();
    const a = candidate(api, 'a');
    a.start();
    await waitFor('a leads', () => a.isLeader);
    const b = candidate(api, 'b');
    b.start();
    await new Promise((r) => setTimeout(r, 600));
    expect(b.isLeader).toBe(false);
    // "Kill" a: its loop stops without releasing the Lease, as when the process crashes.
    await a.stop({ release: false });
    const died = Date.now();
    await waitFor('b leads', () => b.isLeader, 6_000);
    const tookMs = Date.now() - died;
    expect(tookMs).toBeLessThan(2_000 + 200 + 1_000); // lease duration + one retry period + slack
    const lease = await api.readNamespacedLease({ name: 'gitlb-reconciler', namespace: 'gitlb-system' });
    expect(lease.spec?.holderIdentity).toBe('b');
    expect(lease.spec?.leaseTransitions).toBe(1);
  });

  it('a leader that stops releases the Lease so a standby takes over at once', async () => {
    const api = await setup();
    const a = candidate(api, 'a', { leaseDurationMs: 30_000, renewDeadlineMs: 20_000 });
    a.start();
    await waitFor('a leads', () => a.isLeader);
    const b = candidate(api, 'b', { leaseDurationMs: 30_000, renewDeadlineMs: 20_000 });
    b.start();
    const stopped: string[] = [];
    a.on('stopped', () => stopped.push('a'));
    await a.stop();
    expect(stopped).toEqual(['a']);
    // Far sooner than the 30 s lease: the released Lease is free.
    await waitFor('b leads', () => b.isLeader, 3_000);
  });

  it('a leader that cannot renew past its deadline steps down', async () => {
    const api = await setup();
    const a = candidate(api, 'a');
    a.start();
    await waitFor('a leads', () => a.isLeader);
    const events: string[] = [];
    a.on('stopped', () => events.push('stopped'));
    harness!.emulator.failNext(1_000, 503);
    await waitFor('a steps down', () => !a.isLeader, 5_000);
    expect(events).toEqual(['stopped']);
  });
});
