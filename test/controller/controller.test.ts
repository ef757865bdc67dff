// The controller against the emulator (real client-node) and a real bare Git remote: a good
// commit is applied and reported, a bad one changes nothing and is located in the status, an
// unreachable remote stalls without touching the cluster, and a restart moves no address.
import { renameSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../reconciler/controller/controller.js';
import { ControllerMetrics } from '../../reconciler/controller/metrics.js';
import { waitFor } from '../emulator/harness.js';
import { ingressByService } from '../integration/world.js';
import type { ConfigSource } from '../../reconciler/controller/config-source.js';
import { basicFiles, clusterWrites, condition, gitSource, makeController, sceneForEachTest, statusOf } from './setup.js';

const t = sceneForEachTest();
const start = (name: string): Controller => t.start(name);

describe('Controller', () => {
  it('applies a good commit: every LB Service gets an address, status shows revisionApplied and Ready', async () => {
    const { w, good } = t.scene;
    start('ctl-a');
    const s = await waitFor('Ready', () => {
      const st = statusOf(w, 'ctl-a');
      return condition(st, 'Ready') === 'True' && st;
    });
    expect(s).toMatchObject({ revisionSeen: good, revisionApplied: good, errors: [] });
    expect(condition(s, 'Stalled')).toBe('False');
    expect(condition(s, 'Reconciling')).toBe('False');
    const ingress = await ingressByService(w);
    expect(Object.keys(ingress).sort()).toEqual(['default/api', 'default/web', 'shop/storefront']);
    for (const addrs of Object.values(ingress)) expect(addrs.length).toBeGreaterThan(0);
    const nas = w.h.emulator.objects('gitlb.io/v1', 'NodeAnnouncement');
    expect(nas.length).toBeGreaterThan(0);
  });

  it('refuses a bad commit without touching the cluster, locates the error, then applies the next good commit', async () => {
    const { w, repo, good } = t.scene;
    const c = start('ctl-b');
    await waitFor('first apply', () => condition(statusOf(w, 'ctl-b'), 'Ready') === 'True');
    const before = clusterWrites(w);

    const files = basicFiles();
    const broken = files['config/servicegroup-default.yaml']!.replace('192.168.10.240-192.168.10.250', 'not-an-address');
    const bad = repo.commit({ 'config/servicegroup-default.yaml': broken }, 'bad');
    const s = await waitFor('bad revision reported', () => {
      const st = statusOf(w, 'ctl-b');
      return st?.revisionSeen === bad && condition(st, 'Stalled') === 'True' && st;
    });
    expect(s.revisionApplied).toBe(good);
    expect(condition(s, 'Ready')).toBe('False');
    expect(s.errors?.length).toBeGreaterThan(0);
    expect(s.errors?.[0]).toMatchObject({ file: 'servicegroup-default.yaml', line: 12 });
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.reason).toBe('InvalidRevision');
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.message).toContain(`servicegroup-default.yaml:12:`);
    await waitFor('run outcome', () => c.last?.outcome === 'invalid');
    expect(c.last).toMatchObject({ outcome: 'invalid', revision: bad });
    expect(clusterWrites(w)).toBe(before);

    // The last good revision stays in force: a Service created now still gets an address from it.
    await t.scene.w.core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'late' }, spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] } },
    });
    await waitFor('late Service served by the revision in force', async () => (await ingressByService(w))['default/late']?.length === 1);
    expect(statusOf(w, 'ctl-b')).toMatchObject({ revisionSeen: bad, revisionApplied: good });
    expect(condition(statusOf(w, 'ctl-b'), 'Stalled')).toBe('True');

    // The next good commit is applied.
    const fixed = repo.commit({ 'config/servicegroup-default.yaml': files['config/servicegroup-default.yaml']! }, 'fix');
    const after = await waitFor('fixed revision applied', () => {
      const st = statusOf(w, 'ctl-b');
      return st?.revisionApplied === fixed && condition(st, 'Ready') === 'True' && st;
    });
    expect(after.errors).toEqual([]);
    expect(condition(after, 'Stalled')).toBe('False');
  });

  it('gives a new Service its address while a poll of the source hangs: polls read outside the run', async () => {
    const { w } = t.scene;
    const inner = gitSource(t.scene, 'ctl-poll');
    let gate: Promise<void> | null = null;
    let release = (): void => undefined;
    let held = 0;
    const source: ConfigSource = {
      describe: inner.describe,
      async read() {
        if (gate) {
          held++;
          await gate;
        }
        return inner.read();
      },
      close: () => inner.close?.() ?? Promise.resolve(),
    };
    const c = makeController(t.scene, 'ctl-poll', { source });
    t.running.push(c);
    c.start();
    try {
      await waitFor('first apply', () => condition(statusOf(w, 'ctl-poll'), 'Ready') === 'True');
      gate = new Promise((r) => (release = r));
      await waitFor('a poll waiting on the source', () => held > 0);
      await w.core.createNamespacedService({
        namespace: 'default',
        body: { metadata: { name: 'during-poll' }, spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] } },
      });
      await waitFor('address while the poll still waits', async () => (await ingressByService(w))['default/during-poll']?.length === 1);
      expect(held).toBe(1);
    } finally {
      release();
    }
  });

  it('stalls on an unreachable remote and changes nothing', async () => {
    const { w, repo, good } = t.scene;
    const c = start('ctl-c');
    await waitFor('first apply', () => condition(statusOf(w, 'ctl-c'), 'Ready') === 'True');
    const before = clusterWrites(w);
    renameSync(repo.bare, `${repo.bare}.moved`);
    const s = await waitFor('stalled', () => {
      const st = statusOf(w, 'ctl-c');
      return condition(st, 'Stalled') === 'True' && st;
    });
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.reason).toBe('SourceUnreachable');
    expect(s.revisionApplied).toBe(good);
    expect(condition(s, 'Ready')).toBe('False');
    await waitFor('run outcome', () => c.last?.outcome === 'source-failed');
    expect(c.last).toMatchObject({ outcome: 'source-failed', reason: 'unreachable' });
    expect(clusterWrites(w)).toBe(before);
    renameSync(`${repo.bare}.moved`, repo.bare);
  });

  it('moves no address when the controller is killed and a new one starts', async () => {
    const { w } = t.scene;
    const first = start('ctl-d');
    await waitFor('first apply', () => condition(statusOf(w, 'ctl-d'), 'Ready') === 'True');
    const before = await ingressByService(w);
    const writesBefore = clusterWrites(w);
    await first.stop();
    t.running.splice(t.running.indexOf(first), 1);

    const second = start('ctl-d2');
    await waitFor('second controller ran', () => second.last?.outcome === 'ok' && condition(statusOf(w, 'ctl-d2'), 'Ready') === 'True');
    expect(second.last).toMatchObject({ outcome: 'ok', written: 0 });
    expect(await ingressByService(w)).toEqual(before);
    expect(clusterWrites(w)).toBe(writesBefore);
  });

  it('reads revisionApplied back after a restart, so the status does not regress', async () => {
    const { w, repo, good } = t.scene;
    const first = start('ctl-f');
    const applied = await waitFor('first apply', () => {
      const st = statusOf(w, 'ctl-f');
      return condition(st, 'Ready') === 'True' && st;
    });
    expect(applied.revisionApplied).toBe(good);
    await first.stop();
    t.running.splice(t.running.indexOf(first), 1);

    // While it is down a bad commit lands: the restarted instance (same name) cannot apply it,
    // and must still know that `good` is what the cluster holds.
    const broken = basicFiles()['config/servicegroup-default.yaml']!.replace('192.168.10.240-192.168.10.250', 'not-an-address');
    const bad = repo.commit({ 'config/servicegroup-default.yaml': broken }, 'bad');
    const metrics = new ControllerMetrics();
    const second = makeController(t.scene, 'ctl-f', { metrics });
    t.running.push(second);
    second.start();
    const s = await waitFor('bad revision reported by the restarted instance', () => {
      const st = statusOf(w, 'ctl-f');
      return st?.revisionSeen === bad && condition(st, 'Stalled') === 'True' && st;
    });
    expect(s.revisionApplied).toBe(good);
    expect(s.lastAppliedTime).toBe(applied.lastAppliedTime);
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.message).toContain(`revision ${good} stays in force`);
    expect(await metrics.registry.getSingleMetricAsString('gitlb_applied_revision')).toContain(`gitlb_applied_revision{revision="${good}"} 1`);
  });

  it('refuses a disruptive revision without --allow-disruption and says so in Stalled', async () => {
    const { w, repo, good } = t.scene;
    const c = start('ctl-e');
    await waitFor('first apply', () => condition(statusOf(w, 'ctl-e'), 'Ready') === 'True');
    const before = await ingressByService(w);
    // Shrinking the pool takes 192.168.10.240 away from the Service that holds it.
    const shrunk = basicFiles()['config/servicegroup-default.yaml']!.replace('192.168.10.240-192.168.10.250', '192.168.10.245-192.168.10.250');
    const next = repo.commit({ 'config/servicegroup-default.yaml': shrunk }, 'shrink');
    const s = await waitFor('refused', () => {
      const st = statusOf(w, 'ctl-e');
      return st?.revisionSeen === next && condition(st, 'Stalled') === 'True' && st;
    });
    const stalled = s.conditions?.find((x) => x.type === 'Stalled');
    expect(stalled?.reason).toBe('DisruptionRefused');
    expect(stalled?.message).toContain('--allow-disruption');
    expect(s.revisionApplied).toBe(good);
    await waitFor('run outcome', () => c.last?.outcome === 'refused');
    expect(await ingressByService(w)).toEqual(before);
  });
});
