// applyPlan against the emulator through the real client-node: every LoadBalancer Service gets
// its planned address and every node its NodeAnnouncement; then the plan is empty, a second
// apply writes nothing, a restarted planner changes no address, and kubectl sees the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../../reconciler/planner/plan.js';
import { applyPlan } from '../../reconciler/apply/apply-plan.js';
import type { DesiredState } from '../../reconciler/config/model.js';
import { kubectl } from '../emulator/harness.js';
import { addNodes, addService, basicConfig, ingressByService, startWorld, type World } from './world.js';

let w: World;
let desired: DesiredState;

beforeAll(async () => {
  w = await startWorld();
  desired = await basicConfig();
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
    { name: 'node-c', ip: '192.168.10.13' },
  ]);
  await addService(w, 'default', 'web');
  await addService(w, 'default', 'api', { 'gitlb.io/service-group': 'routed' });
  await addService(w, 'shop', 'storefront');
  await addService(w, 'shop', 'cart', { 'gitlb.io/service-group': 'routed' });
});

afterAll(async () => {
  await w.stop();
});

describe('applyPlan', () => {
  it('gives every LoadBalancer Service its planned address and every node its NodeAnnouncement', async () => {
    const p = plan(desired, await w.observe());
    expect(p.summary.add).toBeGreaterThan(0);
    const outcome = await applyPlan(p, { writer: w.writer });
    expect(outcome).toMatchObject({ outcome: 'ok', written: p.changes.length, unchanged: 0 });

    const planned = Object.fromEntries(p.planned.services.map((s) => [`${s.namespace}/${s.name}`, s.addresses]));
    expect(Object.keys(planned).sort()).toEqual(['default/api', 'default/web', 'shop/cart', 'shop/storefront']);
    expect(await ingressByService(w)).toEqual(planned);

    const nas = w.h.emulator.objects('gitlb.io/v1', 'NodeAnnouncement');
    expect(nas.map((o) => o.metadata.name).sort()).toEqual(['node-a', 'node-b', 'node-c']);
    for (const n of p.planned.nodes) {
      const na = nas.find((o) => o.metadata.name === n.node)!;
      expect((na.spec as { addresses: Array<{ address: string }> }).addresses.map((a) => a.address)).toEqual(n.addresses.map((a) => a.address));
    }
    const shards = w.h.emulator.objects('gitlb.io/v1', 'SharedAnnouncement');
    expect(shards.flatMap((s) => (s.spec as { addresses: Array<{ address: string }> }).addresses.map((a) => a.address)).sort()).toEqual(p.planned.shared.map((a) => a.address).sort());

    // Annotations went on metadata; the spec is untouched.
    const web = await w.core.readNamespacedService({ namespace: 'default', name: 'web' });
    expect(web.metadata?.annotations).toMatchObject({ 'gitlb.io/allocated-by': 'gitlb', 'gitlb.io/allocated-from': 'default', 'gitlb.io/pool-type': 'local' });
    expect(web.metadata?.generation).toBe(1);

    // Events: one AddressAssigned per Service.
    const events = await w.core.listNamespacedEvent({ namespace: 'shop' });
    expect(events.items.filter((e) => e.reason === 'AddressAssigned').map((e) => e.involvedObject.name).sort()).toEqual(['cart', 'storefront']);
  });

  it('then the plan is empty, and applying the first plan again writes nothing', async () => {
    const again = plan(desired, await w.observe());
    expect(again.changes).toEqual([]);
    const rv = w.h.emulator.resourceVersion();
    const first = plan(desired, await w.observe());
    expect(await applyPlan(first, { writer: w.writer })).toMatchObject({ outcome: 'ok', written: 0 });
    expect(w.h.emulator.resourceVersion()).toBe(rv);
  });

  it('applying a stale plan a second time is harmless: it sees its own writes as done', async () => {
    await addService(w, 'default', 'late');
    const p = plan(desired, await w.observe());
    expect(await applyPlan(p, { writer: w.writer })).toMatchObject({ outcome: 'ok', written: p.changes.length });
    const rv = w.h.emulator.resourceVersion();
    expect(await applyPlan(p, { writer: w.writer })).toMatchObject({ outcome: 'ok', written: 0, unchanged: p.changes.length });
    expect(w.h.emulator.resourceVersion()).toBe(rv);
  });

  it('a restarted planner (new observation, new plan) changes no address', async () => {
    const before = await ingressByService(w);
    // A fresh observer, as a new process would build from what apply wrote.
    const p = plan(desired, await w.observe());
    expect(p.changes).toEqual([]);
    expect(Object.fromEntries(p.planned.services.map((s) => [`${s.namespace}/${s.name}`, s.addresses]))).toEqual(before);
  });

  it('kubectl get nodeannouncements lists what apply wrote', async () => {
    const r = await kubectl(w.h, ['get', 'nodeannouncements']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+REVISION\s+SHARED\s+READY\s+AGE$/);
    expect(rows.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['node-a', 'node-b', 'node-c']);
    expect(rows[1]).toContain(desired.revision);
    const json = await kubectl(w.h, ['get', 'nodeannouncement', 'node-a', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'NodeAnnouncement', metadata: { labels: { 'app.kubernetes.io/managed-by': 'gitlb' } } });
  });

  it('a Service that cannot get an address gets one AllocationFailed Warning, however often apply runs', async () => {
    await addService(w, 'shop', 'pinned', { 'gitlb.io/addresses': '203.0.113.7' });
    for (let i = 0; i < 2; i++) expect(await applyPlan(plan(desired, await w.observe()), { writer: w.writer })).toMatchObject({ outcome: 'ok' });
    const events = (await w.core.listNamespacedEvent({ namespace: 'shop' })).items.filter((e) => e.involvedObject.name === 'pinned');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'Warning', reason: 'AllocationFailed', involvedObject: { kind: 'Service', namespace: 'shop' } });
    expect(events[0]!.message).toContain('203.0.113.7');
    expect((await ingressByService(w))['shop/pinned']).toEqual([]);
  });

  it('a Node that is gone loses its NodeAnnouncement; no Service changes address', async () => {
    const before = await ingressByService(w);
    await w.core.deleteNode({ name: 'node-c' });
    const p = plan(desired, await w.observe());
    expect(p.changes.find((c) => c.target === 'NodeAnnouncement//node-c')).toMatchObject({ action: 'delete', reason: 'the node is gone' });
    expect(await applyPlan(p, { writer: w.writer })).toMatchObject({ outcome: 'ok' });
    expect(w.h.emulator.objects('gitlb.io/v1', 'NodeAnnouncement').map((o) => o.metadata.name).sort()).toEqual(['node-a', 'node-b']);
    expect(await ingressByService(w)).toEqual(before);
    expect(plan(desired, await w.observe()).changes).toEqual([]);
  });
});
