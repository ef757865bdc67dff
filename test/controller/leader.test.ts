// Two controllers with leader election against one emulator: exactly one applies while the
// other observes; when the leader stops, the standby takes over within the lease duration and
// applies the next commit.
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../reconciler/controller/controller.js';
import { LeaderElector } from '../../reconciler/kube/leader-election.js';
import { waitFor } from '../emulator/harness.js';
import { basicFiles, condition, makeController, sceneForEachTest, statusOf } from './setup.js';

const t = sceneForEachTest();
const electors = new Map<Controller, LeaderElector>();
// Whole seconds: the Lease stores leaseDurationSeconds.
const LEASE_MS = 1000;


function startElected(name: string): Controller {
  const elector = new LeaderElector(t.scene.w.kc.makeApiClient(k8s.CoordinationV1Api), {
    namespace: 'gitlb-system',
    name: 'gitlb-reconciler',
    identity: name,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: 700,
    retryPeriodMs: 100,
  });
  const c = makeController(t.scene, name, { elector });
  electors.set(c, elector);
  t.running.push(c);
  c.start();
  return c;
}

describe('Controller with --leader-elect', () => {
  it('lets exactly one instance apply, and the standby takes over when the leader stops', async () => {
    const { w, repo, good } = t.scene;
    const a = startElected('rec-a');
    const b = startElected('rec-b');
    await waitFor('one leader applied', () => condition(statusOf(w, 'rec-a'), 'Ready') === 'True' || condition(statusOf(w, 'rec-b'), 'Ready') === 'True');
    await waitFor('both ran', () => a.last !== null && b.last !== null);
    const [leader, standby, standbyName] = a.isLeader() ? [a, b, 'rec-b'] : [b, a, 'rec-a'];
    expect(leader.isLeader()).toBe(true);
    expect(standby.isLeader()).toBe(false);
    await waitFor('standby observed', () => standby.last?.outcome === 'standby');
    expect(leader.last).toMatchObject({ outcome: 'ok', revision: good });
    const st = await waitFor('standby status', () => statusOf(w, standbyName));
    expect(st.leader).toBe(false);
    expect(st.revisionApplied).toBeUndefined();
    expect(condition(st, 'Ready')).toBe('False');

    await leader.stop();
    t.running.splice(t.running.indexOf(leader), 1);
    const stoppedAt = Date.now();
    await waitFor('standby takes over', () => standby.isLeader(), LEASE_MS + 1000);
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS + 500);

    const next = repo.commit({ 'config/servicegroup-default.yaml': `${basicFiles()['config/servicegroup-default.yaml']!}\n# touched\n` }, 'touch');
    const after = await waitFor('new leader applies', () => {
      const s = statusOf(w, standbyName);
      return s?.revisionApplied === next && condition(s, 'Ready') === 'True' && s;
    });
    expect(after.leader).toBe(true);
  });

  it('takes over within the lease duration when the leader dies without releasing the Lease', async () => {
    const { w } = t.scene;
    const a = startElected('rec-c');
    const b = startElected('rec-d');
    await waitFor('a leader', () => a.isLeader() || b.isLeader());
    const [leader, standby] = a.isLeader() ? [a, b] : [b, a];
    await waitFor('leader applied', () => leader.last?.outcome === 'ok');
    // A crash: the Lease keeps its holder, so the standby must wait it out.
    await electors.get(leader)!.stop({ release: false });
    const diedAt = Date.now();
    await leader.stop();
    t.running.splice(t.running.indexOf(leader), 1);
    await waitFor('standby takes over', () => standby.isLeader(), LEASE_MS * 2);
    expect(Date.now() - diedAt).toBeLessThan(LEASE_MS + 500);
    await waitFor('new leader applied', () => standby.last?.outcome === 'ok');
    expect(standby.last).toMatchObject({ outcome: 'ok', written: 0 });
    expect(w.h.emulator.objects('coordination.k8s.io/v1', 'Lease').find((l) => l.metadata.name === 'gitlb-reconciler')?.spec).toMatchObject({ holderIdentity: standby === a ? 'rec-c' : 'rec-d' });
  });
});
