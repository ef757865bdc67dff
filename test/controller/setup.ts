// Shared setup of the controller tests: an emulator world with nodes and LoadBalancer Services,
// a real bare Git repository holding the basic example, and controllers built in process with
// short intervals.
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Controller, type ControllerOptions } from '../../reconciler/controller/controller.js';
import { gitConfigSource, type ConfigSource } from '../../reconciler/controller/config-source.js';
import { ReconcilerStatusWriter } from '../../reconciler/controller/reconciler-status.js';
import { ControllerMetrics } from '../../reconciler/controller/metrics.js';
import type { ReconcilerStatusStatus } from '../../reconciler/config/generated/reconcilerstatus.generated.js';
import { kubeClusterWriter } from '../../reconciler/apply/kube-cluster-writer.js';
import { afterEach, beforeEach } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { addNodes, addService, startWorld, type World } from '../integration/world.js';

/** The basic example's config files (the state file is not config), as path → text under config/. */
export function basicFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync('examples/basic')) {
    if (f === 'cluster-state.yaml') continue;
    out[`config/${f}`] = readFileSync(path.join('examples/basic', f), 'utf8');
  }
  return out;
}

/** A test cluster, a Git remote with the good revision, and a cache root for controllers. */
export interface Scene {
  w: World;
  repo: TestRepo;
  good: string;
  cacheRoot: string;
  cleanup(): Promise<void>;
}

export async function startScene(): Promise<Scene> {
  const w = await startWorld();
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
    { name: 'node-c', ip: '192.168.10.13' },
  ]);
  await addService(w, 'default', 'web');
  await addService(w, 'default', 'api', { 'gitlb.io/service-group': 'routed' });
  await addService(w, 'shop', 'storefront');
  const repo = createTestRepo();
  const good = repo.commit(basicFiles(), 'basic');
  const cacheRoot = mkdtempSync(path.join(tmpdir(), 'gitlb-ctl-cache-'));
  return {
    w,
    repo,
    good,
    cacheRoot,
    async cleanup() {
      await w.stop();
      repo.cleanup();
      rmSync(cacheRoot, { recursive: true, force: true });
    },
  };
}

/** The repo's main branch, config/ in it, as the controller named `name` reads it. */
export function gitSource(scene: { repo: TestRepo; cacheRoot: string }, name: string): ConfigSource {
  return gitConfigSource({
    url: scene.repo.url,
    branch: 'main',
    path: 'config',
    cacheDir: path.join(scene.cacheRoot, name),
    requireSignedCommits: false,
    allowedSignersFile: null,
    timeoutMs: 5000,
  });
}

/** A controller following the repo's main branch (or `extra.source`), polling every 100 ms. */
export function makeController(scene: { w: World; repo: TestRepo; cacheRoot: string }, name: string, extra: Partial<ControllerOptions> = {}): Controller {
  const { w } = scene;
  const source = extra.source ?? gitSource(scene, name);
  return new Controller({
    kc: w.kc,
    source,
    intervalMs: 100,
    debounceMs: 20,
    status: new ReconcilerStatusWriter(w.kc, { name, source: source.describe, leaderElection: extra.elector !== undefined }),
    metrics: new ControllerMetrics(),
    writer: kubeClusterWriter(w.kc, { retryDelayMs: 10 }),
    ...extra,
  });
}

/** The status of the ReconcilerStatus named `name`, or undefined. */
export function statusOf(w: World, name: string): ReconcilerStatusStatus | undefined {
  const o = w.h.emulator.objects('gitlb.io/v1', 'ReconcilerStatus').find((x) => x.metadata.name === name);
  return o?.status as ReconcilerStatusStatus | undefined;
}

/** The status of a condition type, or undefined. */
export function condition(s: ReconcilerStatusStatus | undefined, type: string): string | undefined {
  return s?.conditions?.find((c) => c.type === type)?.status;
}

/** Everything apply writes, for before/after comparisons. */
export function clusterWrites(w: World): string {
  const e = w.h.emulator;
  const services = e.objects('v1', 'Service').map((s) => ({ n: s.metadata.name, a: s.metadata.annotations ?? {}, st: s.status ?? {} }));
  const anns = [...e.objects('gitlb.io/v1', 'NodeAnnouncement'), ...e.objects('gitlb.io/v1', 'SharedAnnouncement')].map((o) => ({ n: o.metadata.name, rv: o.metadata.resourceVersion, spec: o.spec }));
  return JSON.stringify({ services, anns });
}

/** One test file's scenes: a fresh scene before each test; after it, every controller in
 *  `running` (`start` adds the ones it starts) is stopped and the scene cleaned up. */
export function sceneForEachTest(): { readonly scene: Scene; readonly running: Controller[]; start(name: string): Controller } {
  let current: Scene | undefined;
  const running: Controller[] = [];
  beforeEach(async () => {
    current = await startScene();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await current?.cleanup();
  });
  return {
    running,
    get scene(): Scene {
      if (!current) throw new Error('no scene outside a test');
      return current;
    },
    start(name: string): Controller {
      const c = makeController(this.scene, name);
      running.push(c);
      c.start();
      return c;
    },
  };
}
