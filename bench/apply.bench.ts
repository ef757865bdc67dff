// Benchmark of apply (issue 5), against the emulator running in its own process (`gitlb
// emulator --seed`, as a real API server would; in-process, client and server would share one
// event loop), over real HTTP with the real client-node; 20 nodes with fresh agent Leases.
//   1. throughput: S Services (default 10k; 30% local, 70% remote, no node ports), then
//      observe → plan → applyPlan once, at concurrency 1 and 16 (fresh world each); Services
//      per second of the apply alone and of the whole pass; the second plan must be empty.
//   2. latency: N Services (default 500) created one at a time in a world of B Services
//      (default 1000, applied by the controller's first run); the time from the create call to
//      the Service's status carrying its address, seen through a watch. The loop is the real
//      Controller of `gitlb reconcile --dir` (in this process: watch-triggered runs plan from
//      its watch caches, apply, write its ReconcilerStatus); polls and resyncs are out of the way.
// BENCH_APPLY_SERVICES, BENCH_APPLY_LATENCY_N, BENCH_APPLY_LATENCY_BACKGROUND change the sizes;
// BENCH_APPLY_OBSERVE=list makes the controller list for every run instead of using its caches.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { KubeObject } from '../reconciler/emulator/json.js';
import { loadConfig } from '../reconciler/config/load.js';
import { observeCluster } from '../reconciler/cluster/live-observer.js';
import { Controller, type RunOutcome } from '../reconciler/controller/controller.js';
import { dirConfigSource } from '../reconciler/controller/config-source.js';
import { ReconcilerStatusWriter } from '../reconciler/controller/reconciler-status.js';
import { ControllerMetrics } from '../reconciler/controller/metrics.js';
import { plan } from '../reconciler/planner/plan.js';
import { applyPlan } from '../reconciler/apply/apply-plan.js';
import { observedIdentities } from '../reconciler/apply/observed-identities.js';
import { kubeClusterWriter } from '../reconciler/apply/kube-cluster-writer.js';
import { printFigure } from './figure.js';

const SERVICES = Number(process.env.BENCH_APPLY_SERVICES ?? 10_000);
const LATENCY_N = Number(process.env.BENCH_APPLY_LATENCY_N ?? 500);
const LATENCY_BACKGROUND = Number(process.env.BENCH_APPLY_LATENCY_BACKGROUND ?? 1000);
const OBSERVE_FROM_CACHE = process.env.BENCH_APPLY_OBSERVE !== 'list';
const NODES = 20;

const CONFIG = `apiVersion: gitlb.io/v1
kind: ServiceGroup
metadata: {name: default}
spec:
  local:
    v4pools:
      - {pool: 192.168.4.0-192.168.15.254, subnet: 192.168.0.0/20, aggregation: default}
---
apiVersion: gitlb.io/v1
kind: ServiceGroup
metadata: {name: routed}
spec:
  remote:
    v4pools:
      - {pool: 10.64.0.0/17, subnet: 10.64.0.0/17, aggregation: /32}
`;

const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-apply-bench-'));
const configDir = path.join(dir, 'config');
mkdirSync(configDir);
writeFileSync(path.join(configDir, 'config.yaml'), CONFIG);
const config = await loadConfig([configDir]);
if (!config.ok) throw new Error('bench config does not load');
const desired = config.value;

const service = (i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `svc-${i}`, namespace: `ns-${i % 50}`, annotations: i % 10 < 3 ? {} : { 'gitlb.io/service-group': 'routed' } },
  spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80, protocol: 'TCP' }], selector: { app: `svc-${i}` } },
});

/** A world of `services` Services on 20 Ready nodes with fresh Leases, served by an emulator process. */
async function startWorld(name: string, services: number): Promise<{ kc: k8s.KubeConfig; server: ChildProcess }> {
  const renewTime = new Date().toISOString().replace('Z', '000Z');
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gitlb-system' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'probe' } },
    ...Array.from({ length: NODES }, (_, n): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${n}` },
      status: { addresses: [{ type: 'InternalIP', address: `192.168.0.${10 + n}` }], conditions: [{ type: 'Ready', status: 'True' }] },
    })),
    ...Array.from({ length: NODES }, (_, n): KubeObject => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: `gitlb-agent-node-${n}`, namespace: 'gitlb-system' },
      spec: { holderIdentity: `node-${n}`, leaseDurationSeconds: 86_400, renewTime },
    })),
    ...Array.from({ length: services }, (_, i) => service(i)),
  ];
  const seed = path.join(dir, `${name}.json`);
  const kubeconfig = path.join(dir, `${name}.kubeconfig`);
  writeFileSync(seed, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const server = spawn(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', 'emulator', '--listen', '127.0.0.1:0', '--kubeconfig-out', kubeconfig, '--seed', seed, '--history-limit', '200000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GITLB_LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout?.once('data', () => resolve());
    server.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { kc, server };
}

/** One observe → plan → apply pass; throws unless it ends 'ok'. */
async function pass(kc: k8s.KubeConfig, concurrency: number): Promise<{ observeMs: number; planMs: number; applyMs: number; changes: number; written: number; events: number }> {
  const t0 = performance.now();
  const seen = await observeCluster(kc);
  if (!seen.ok) throw new Error(seen.message);
  const t1 = performance.now();
  const p = plan(desired, seen.value.observed);
  const t2 = performance.now();
  const outcome = await applyPlan(p, { writer: kubeClusterWriter(kc), concurrency, observed: observedIdentities(seen.value.observed) });
  const t3 = performance.now();
  if (outcome.outcome !== 'ok') throw new Error(`apply: ${JSON.stringify(outcome).slice(0, 500)}`);
  return { observeMs: t1 - t0, planMs: t2 - t1, applyMs: t3 - t2, changes: p.changes.length, written: outcome.written, events: outcome.events };
}

// 1. Throughput.
for (const concurrency of [1, 16]) {
  const { kc, server } = await startWorld(`throughput-${concurrency}`, SERVICES);
  const r = await pass(kc, concurrency);
  const again = await observeCluster(kc);
  if (!again.ok) throw new Error(again.message);
  const second = plan(desired, again.value.observed).changes.length;
  server.kill('SIGTERM');
  const base = { bench: 'apply', services: SERVICES, nodes: NODES, concurrency };
  printFigure({ ...base, figure: `observe ${SERVICES} Services (list, decode, assemble)`, value: Math.round(r.observeMs), unit: 'ms' });
  printFigure({ ...base, figure: `plan ${SERVICES} Services`, value: Math.round(r.planMs), unit: 'ms' });
  printFigure({ ...base, figure: `applyPlan ${r.changes} changes (${r.written} written, ${r.events} Events)`, value: Math.round(r.applyMs), unit: 'ms' });
  printFigure({ ...base, figure: 'apply throughput (applyPlan alone)', value: Math.round((SERVICES / r.applyMs) * 1000), unit: 'Services/s' });
  printFigure({ ...base, figure: 'apply throughput (observe + plan + apply)', value: Math.round((SERVICES / (r.observeMs + r.planMs + r.applyMs)) * 1000), unit: 'Services/s' });
  printFigure({ ...base, figure: 'changes in the second plan', value: second, unit: 'changes', target: '0' });
}

// 2. Latency: create → status written, through the controller.
if (LATENCY_N > 0) {
  const { kc, server } = await startWorld('latency', LATENCY_BACKGROUND);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const source = dirConfigSource(configDir);
  const controller = new Controller({
    kc,
    source,
    // Only watch events trigger runs here: a poll or resync in the middle would be measured too.
    intervalMs: 3_600_000,
    resyncMs: 3_600_000,
    debounceMs: 5,
    watcher: { debounceMs: 5 },
    observeFromCache: OBSERVE_FROM_CACHE,
    status: new ReconcilerStatusWriter(kc, { name: 'bench', source: source.describe, leaderElection: false }),
    metrics: new ControllerMetrics(),
  });
  const firstRun = new Promise<RunOutcome>((resolve) => controller.once('run', resolve));
  controller.start();
  const first = await firstRun;
  if (first.outcome !== 'ok') throw new Error(`the controller's first run: ${JSON.stringify(first).slice(0, 500)}`);
  // Let the echoes of the first run's writes arrive (and be recognised) before measuring.
  await new Promise((r) => setTimeout(r, 1000));
  const before = { runs: controller.runs, plans: controller.plans, echoes: controller.ownEchoes, cached: controller.cachedObservations };

  // The probe: a watch on the probe namespace, noting when each Service first shows an address.
  const written = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const probeRV = (await core.listNamespacedService({ namespace: 'probe' })).metadata?.resourceVersion ?? '';
  const probe = await new k8s.Watch(kc).watch('/api/v1/namespaces/probe/services', { resourceVersion: probeRV }, (_type: string, obj: k8s.V1Service) => {
    const name = obj.metadata?.name ?? '';
    if ((obj.status?.loadBalancer?.ingress ?? []).length > 0 && !written.has(name)) {
      written.set(name, performance.now());
      waiters.get(name)?.();
    }
  }, () => undefined);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_N; i++) {
    const name = `probe-${i}`;
    const done = new Promise<void>((resolve) => waiters.set(name, resolve));
    const start = performance.now();
    await core.createNamespacedService({ namespace: 'probe', body: { metadata: { name }, spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] } } });
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`${name}: no address after 30 s`)), 30_000))]);
    latencies.push(written.get(name)! - start);
  }
  // The last Service's run may still be finishing (its ReconcilerStatus write, its echoes).
  await new Promise((r) => setTimeout(r, 500));
  const counts = { runs: controller.runs - before.runs, plans: controller.plans - before.plans, echoes: controller.ownEchoes - before.echoes, cached: controller.cachedObservations - before.cached };
  probe.abort();
  await controller.stop();
  server.kill('SIGTERM');
  latencies.sort((a, b) => a - b);
  const pct = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  const base = { bench: 'apply', background: LATENCY_BACKGROUND, nodes: NODES, samples: LATENCY_N, loop: `Controller (gitlb reconcile --dir, in process${OBSERVE_FROM_CACHE ? '' : ', listing every run'})` };
  printFigure({ ...base, figure: 'Service created → status written, p50', value: pct(0.5), unit: 'ms' });
  printFigure({ ...base, figure: 'Service created → status written, p99', value: pct(0.99), unit: 'ms' });
  printFigure({ ...base, figure: 'controller runs per Service created', value: Math.round((counts.runs / LATENCY_N) * 100) / 100, unit: 'runs', plans: counts.plans, plansFromWatchCaches: counts.cached, ownWriteEventsIgnored: counts.echoes });
}

rmSync(dir, { recursive: true, force: true });
process.exit(0);
