// `--source cluster`: the gitlb user kinds are read from the API, written as YAML files and
// loaded like any tree, so a good set is applied and a bad one is refused with its error
// located in the generated file of the offending object.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Controller } from '../../reconciler/controller/controller.js';
import { clusterConfigSource } from '../../reconciler/controller/config-source.js';
import type { KubeObject } from '../../reconciler/emulator/json.js';
import { waitFor } from '../emulator/harness.js';
import { ingressByService } from '../integration/world.js';
import { condition, makeController, startScene, statusOf } from './setup.js';

let scene: Awaited<ReturnType<typeof startScene>>;
let c: Controller | null = null;

beforeEach(async () => {
  scene = await startScene();
});

afterEach(async () => {
  await c?.stop();
  c = null;
  await scene.cleanup();
});

function userObjects(): KubeObject[] {
  return readdirSync('examples/basic')
    .filter((f) => f !== 'cluster-state.yaml')
    .map((f) => parse(readFileSync(path.join('examples/basic', f), 'utf8')) as KubeObject);
}

function startClusterController(): Controller {
  const { w } = scene;
  const source = clusterConfigSource(w.kc);
  c = makeController(scene, 'from-cluster', { source });
  c.start();
  return c;
}

describe('Controller with --source cluster', () => {
  it('applies the ServiceGroups, LBNodeAgents and BGPConfigurations stored in the cluster', async () => {
    const { w } = scene;
    w.h.emulator.seed(userObjects());
    startClusterController();
    const s = await waitFor('Ready', () => {
      const st = statusOf(w, 'from-cluster');
      return condition(st, 'Ready') === 'True' && st;
    });
    expect(s.revisionApplied).toMatch(/^sha256:/);
    for (const addrs of Object.values(await ingressByService(w))) expect(addrs.length).toBe(1);
  });

  it('refuses an invalid set and locates the error in the generated file of the object', async () => {
    const { w } = scene;
    const objects = userObjects();
    // A second group whose pool overlaps `default`: schema-valid, so the API accepts it.
    const routed = objects.find((o) => o.metadata.name === 'routed')!;
    const overlap = { ...routed, metadata: { name: 'overlap' }, spec: { local: { v4pools: [{ pool: '192.168.10.245-192.168.10.246', subnet: '192.168.10.0/24', aggregation: 'default' }] } } };
    w.h.emulator.seed([...objects, overlap as KubeObject]);
    const ctl = startClusterController();
    const s = await waitFor('Stalled', () => {
      const st = statusOf(w, 'from-cluster');
      return condition(st, 'Stalled') === 'True' && st;
    });
    await waitFor('run outcome', () => ctl.last?.outcome === 'invalid');
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.reason).toBe('InvalidRevision');
    expect(s.errors?.map((e) => e.file)).toContain('servicegroup-overlap.yaml');
    expect(s.revisionApplied).toBeUndefined();
    // Named like a valid set would be (content hash of the generated files), not "(unknown)".
    expect(s.revisionSeen).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(s.conditions?.find((x) => x.type === 'Stalled')?.message).toContain(`revision ${s.revisionSeen} is invalid`);
    for (const addrs of Object.values(await ingressByService(w))) expect(addrs).toEqual([]);
  });
});
