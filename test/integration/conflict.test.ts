// Optimistic concurrency end to end: a 409 on a write, or the Service edited between plan and
// apply, ends in 'conflict' (nothing overwritten), and the observe → plan → apply loop converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../../reconciler/planner/plan.js';
import { applyPlan } from '../../reconciler/apply/apply-plan.js';
import { applyWithReplan } from '../../reconciler/apply/apply-with-replan.js';
import type { DesiredState } from '../../reconciler/config/model.js';
import * as k8s from '@kubernetes/client-node';
import { addNodes, addService, basicConfig, ingressByService, startWorld, type World } from './world.js';

let w: World;
let desired: DesiredState;
const MERGE = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

beforeAll(async () => {
  w = await startWorld();
  desired = await basicConfig();
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
  ]);
});

afterAll(async () => {
  await w.stop();
});

describe('conflicts', () => {
  it('a 409 on the Service write is a conflict; re-observing and re-planning converges', async () => {
    await addService(w, 'default', 'one');
    const isPatchOfOne = (r: { method: string; path: string }): boolean => r.method === 'PATCH' && r.path === '/api/v1/namespaces/default/services/one';
    w.h.emulator.failNext(1, 409, isPatchOfOne);
    const first = await applyPlan(plan(desired, await w.observe()), { writer: w.writer });
    expect(first).toMatchObject({ outcome: 'conflict', conflicts: [{ target: 'Service/default/one' }] });
    expect((await ingressByService(w))['default/one']).toEqual([]);

    w.h.emulator.failNext(1, 409, isPatchOfOne);
    const r = await applyWithReplan({ desired, observe: w.observation, writer: w.writer, maxRetries: 3 });
    expect(r.outcome.outcome).toBe('ok');
    expect(r.attempts).toBe(2);
    expect((await ingressByService(w))['default/one']).toEqual(['192.168.10.240']);
    expect(plan(desired, await w.observe()).changes).toEqual([]);
  });

  it('a Service edited between plan and apply: the stale plan is not forced through, the re-plan honours the edit', async () => {
    await addService(w, 'default', 'two');
    let edited = false;
    const r = await applyWithReplan({
      desired,
      observe: w.observation,
      writer: w.writer,
      maxRetries: 3,
      onPlan: async (p, attempt) => {
        if (attempt !== 1) return;
        // The plan gives `two` the next free address; its owner asks for another one meanwhile.
        expect(p.planned.services.find((s) => s.name === 'two')?.addresses).toEqual(['192.168.10.241']);
        await w.core.patchNamespacedService({ namespace: 'default', name: 'two', body: { metadata: { annotations: { 'gitlb.io/addresses': '192.168.10.250' } } } }, MERGE);
        edited = true;
      },
    });
    expect(edited).toBe(true);
    expect(r).toMatchObject({ attempts: 2, outcome: { outcome: 'ok' } });
    expect((await ingressByService(w))['default/two']).toEqual(['192.168.10.250']);
    expect(plan(desired, await w.observe()).changes).toEqual([]);
  });

  it('an announcement changed behind the plan\'s back is a conflict, not an overwrite', async () => {
    await addService(w, 'default', 'three');
    const p = plan(desired, await w.observe());
    const change = p.changes.find((c) => c.target.startsWith('NodeAnnouncement//'));
    expect(change).toBeDefined();
    const name = change!.target.split('/').at(-1)!;
    const current = (await w.custom.getClusterCustomObject({ group: 'gitlb.io', version: 'v1', plural: 'nodeannouncements', name })) as { spec: Record<string, unknown> };
    await w.custom.patchClusterCustomObject({ group: 'gitlb.io', version: 'v1', plural: 'nodeannouncements', name, body: { spec: { revision: 'someone-else' } } }, MERGE);
    const outcome = await applyPlan(p, { writer: w.writer });
    expect(outcome).toMatchObject({ outcome: 'conflict', conflicts: [{ target: change!.target, message: expect.stringContaining('changed since the plan was made') }] });
    // Phase order: the announcement comes first, so no Service got an address it would not announce.
    expect((await ingressByService(w))['default/three']).toEqual([]);
    const after = (await w.custom.getClusterCustomObject({ group: 'gitlb.io', version: 'v1', plural: 'nodeannouncements', name })) as { spec: Record<string, unknown> };
    expect(after.spec).toEqual({ ...current.spec, revision: 'someone-else' });
    const r = await applyWithReplan({ desired, observe: w.observation, writer: w.writer, maxRetries: 2 });
    expect(r.outcome.outcome).toBe('ok');
    expect(plan(desired, await w.observe()).changes).toEqual([]);
  });

  it('transient 503s are retried inside a write', async () => {
    await addService(w, 'default', 'four');
    w.h.emulator.failNext(2, 503, (r) => r.method !== 'GET' && r.path.includes('/services/four'));
    const r = await applyWithReplan({ desired, observe: w.observation, writer: w.writer, maxRetries: 0 });
    expect(r).toMatchObject({ attempts: 1, outcome: { outcome: 'ok' } });
    expect((await ingressByService(w))['default/four']).toHaveLength(1);
  });
});
