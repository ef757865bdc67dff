// A controller restarted while the branch head is invalid: it keeps the bad revision out, and
// loads the revision its ReconcilerStatus names as applied back from Git (fetched by id: the
// new instance's cache is empty), so a Service created after the restart is still served.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../reconciler/controller/controller.js';
import { waitFor } from '../emulator/harness.js';
import { ingressByService } from '../integration/world.js';
import { basicFiles, clusterWrites, condition, sceneForEachTest, statusOf } from './setup.js';

const t = sceneForEachTest();
const start = (name: string): Controller => t.start(name);

/** The basic example with the default group's pool made invalid (line 12 of its file). */
function brokenDefaultGroup(): string {
  return basicFiles()['config/servicegroup-default.yaml']!.replace('192.168.10.240-192.168.10.250', 'not-an-address');
}

describe('Controller restarted onto an invalid head', () => {
  it('keeps the bad revision out and serves new Services from the applied revision, loaded back from Git', async () => {
    const { w, repo, good, cacheRoot } = t.scene;
    const a = start('ctl-r');
    await waitFor('first apply', () => condition(statusOf(w, 'ctl-r'), 'Ready') === 'True');
    const bad = repo.commit({ 'config/servicegroup-default.yaml': brokenDefaultGroup() }, 'bad');
    await waitFor('A saw the bad revision', () => statusOf(w, 'ctl-r')?.revisionSeen === bad);
    await a.stop();
    t.running.splice(t.running.indexOf(a), 1);
    // A new pod: the same ReconcilerStatus, an empty cache (its clone will hold only the bad head).
    rmSync(path.join(cacheRoot, 'ctl-r'), { recursive: true, force: true });
    const before = clusterWrites(w);

    const b = start('ctl-r');
    const s = await waitFor('B refused the bad revision', () => {
      const st = statusOf(w, 'ctl-r');
      return b.runs > 0 && b.last?.outcome === 'invalid' && condition(st, 'Stalled') === 'True' && st;
    });
    expect(s).toMatchObject({ revisionSeen: bad, revisionApplied: good });
    expect(s.errors?.[0]).toMatchObject({ file: 'servicegroup-default.yaml', line: 12 });
    const stalled = s.conditions?.find((x) => x.type === 'Stalled');
    expect(stalled?.reason).toBe('InvalidRevision');
    expect(stalled?.message).toContain('servicegroup-default.yaml:12:');
    expect(stalled?.message).toContain(`revision ${good} stays in force`);
    // Keeping `good` in force re-planned it against the cluster it wrote: nothing moved.
    expect(clusterWrites(w)).toBe(before);

    await w.core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'late' }, spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] } },
    });
    const late = await waitFor('late Service served by the applied revision', async () => {
      const addrs = (await ingressByService(w))['default/late'];
      return addrs && addrs.length > 0 && addrs;
    });
    expect(late).toHaveLength(1);
    // From the good revision's default pool (the bad one has none).
    const last = Number(late[0]!.split('.')[3]);
    expect(late[0]!.startsWith('192.168.10.')).toBe(true);
    expect(last >= 240 && last <= 250).toBe(true);
    expect(statusOf(w, 'ctl-r')).toMatchObject({ revisionSeen: bad, revisionApplied: good });
    expect(condition(statusOf(w, 'ctl-r'), 'Stalled')).toBe('True');
  });
});
