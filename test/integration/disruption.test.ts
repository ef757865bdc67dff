// Disruptive changes: a pool shrunk under allocated addresses re-addresses Services. Without
// allowDisruption apply refuses the whole plan (nothing written) and names the Services and
// why; with it, the plan is applied in order and the next plan is empty.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../../reconciler/planner/plan.js';
import { applyPlan } from '../../reconciler/apply/apply-plan.js';
import { loadConfig } from '../../reconciler/config/load.js';
import type { DesiredState } from '../../reconciler/config/model.js';
import { addNodes, addService, basicConfig, ingressByService, startWorld, type World } from './world.js';

let w: World;
let desired: DesiredState;
let shrunk: DesiredState;

beforeAll(async () => {
  w = await startWorld();
  desired = await basicConfig();
  const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-shrunk-'));
  cpSync('examples/basic', dir, { recursive: true });
  const file = path.join(dir, 'servicegroup-default.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('192.168.10.240-192.168.10.250', '192.168.10.245-192.168.10.250'));
  const r = await loadConfig([dir]);
  if (!r.ok) throw new Error('shrunk config does not load');
  shrunk = r.value;
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
    { name: 'node-c', ip: '192.168.10.13' },
  ]);
  await addService(w, 'default', 'web');
  await addService(w, 'default', 'db');
  await addService(w, 'default', 'api', { 'gitlb.io/service-group': 'routed' });
  expect(await applyPlan(plan(desired, await w.observe()), { writer: w.writer })).toMatchObject({ outcome: 'ok' });
});

afterAll(async () => {
  await w.stop();
});

describe('disruptive changes', () => {
  it('are refused without allowDisruption: nothing written, the Services and reasons listed', async () => {
    const before = await ingressByService(w);
    // Same creation second: allocated in namespace/name order.
    expect(before).toMatchObject({ 'default/db': ['192.168.10.240'], 'default/web': ['192.168.10.241'] });
    const p = plan(shrunk, await w.observe());
    expect(p.summary.disruptive).toBeGreaterThan(0);
    const rv = w.h.emulator.resourceVersion();
    const outcome = await applyPlan(p, { writer: w.writer });
    expect(outcome.outcome).toBe('refused');
    if (outcome.outcome !== 'refused') return;
    const services = outcome.refused.filter((c) => c.target.startsWith('Service/'));
    expect(services.map((c) => c.services[0])).toEqual(['default/db', 'default/web']);
    expect(services[0]!.reason).toMatch(/^re-address 192\.168\.10\.240 → 192\.168\.10\.24\d: 192\.168\.10\.240 is not in any pool of ServiceGroup default/);
    expect(services[1]!.reason).toMatch(/^re-address 192\.168\.10\.241 → 192\.168\.10\.24\d: 192\.168\.10\.241 is not in any pool of ServiceGroup default/);
    expect(w.h.emulator.resourceVersion()).toBe(rv);
    expect(await ingressByService(w)).toEqual(before);
  });

  it('are applied with allowDisruption, after which the plan is empty', async () => {
    const p = plan(shrunk, await w.observe());
    const outcome = await applyPlan(p, { writer: w.writer, allowDisruption: true });
    expect(outcome).toMatchObject({ outcome: 'ok', written: p.changes.length });
    const now = await ingressByService(w);
    expect(now['default/api']).toEqual(['10.200.0.0']);
    for (const s of ['default/web', 'default/db']) expect(now[s]![0]).toMatch(/^192\.168\.10\.(24[5-9]|250)$/);
    expect(plan(shrunk, await w.observe()).changes).toEqual([]);
    const released = await w.core.listNamespacedEvent({ namespace: 'default' });
    expect(released.items.filter((e) => e.reason === 'AddressReleased').map((e) => e.involvedObject.name).sort()).toEqual(['db', 'web']);
  });
});
