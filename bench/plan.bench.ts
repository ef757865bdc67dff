// Benchmark of `gitlb plan` (DESIGN.md §9): synthetic, seeded worlds of 500 nodes in 20 racks,
// 50 pools, S Services (1k, 10k, 100k). For each size it writes a config tree and a JSON state
// file, then runs in a fresh process (so peak RSS is that size's alone):
//   1. the real CLI (`gitlb plan DIR --state FILE --format json`): whole-process wall time, the
//      fastest of BENCH_PLAN_RUNS runs (default 5; 3 at 100k) with the median beside it;
//   2. this file in --child mode: load+validate, read state, plan and render timed apart.
// BENCH_PLAN_SIZES=1000,10000 picks sizes; BENCH_PLAN_KEEP=DIR keeps the generated worlds.
// Deviation from the reference world, on purpose: rack subnets are /20 instead of /24 so that
// Services spread evenly over the groups fit their local pools (a /24 holds 254 addresses).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printFigure } from './figure.js';

const RACKS = 20;
const NODES_PER_RACK = 25;
const LOCAL_GROUPS = 20;
const REMOTE_GROUPS = 20;
const DUAL_GROUPS = 5; // remote, one IPv4 and one IPv6 pool each: 20 + 20 + 2×5 = 50 pools
const GROUPS = LOCAL_GROUPS + REMOTE_GROUPS + DUAL_GROUPS;

/** mulberry32: a small seeded PRNG, so every run builds the same world. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const groupName = (g: number): string => (g < LOCAL_GROUPS ? `local-${g}` : g < LOCAL_GROUPS + REMOTE_GROUPS ? `remote-${g - LOCAL_GROUPS}` : `dual-${g - LOCAL_GROUPS - REMOTE_GROUPS}`);
const nodeName = (r: number, i: number): string => `r${String(r).padStart(2, '0')}-n${String(i).padStart(2, '0')}`;
const nodeIP = (r: number, i: number): string => `10.${r}.0.${10 + i}`;

/** The n-th address of group g's IPv4 pool (and IPv6 pool for dual groups). */
function poolAddress(g: number, n: number): { v4: string; v6?: string } {
  if (g < LOCAL_GROUPS) return { v4: `10.${g}.${4 + Math.floor(n / 256)}.${n % 256}` }; // pool 10.g.4.0-10.g.15.254 in 10.g.0.0/20
  const p = g - LOCAL_GROUPS;
  const v4 = `10.${100 + p}.${Math.floor(n / 256)}.${n % 256}`; // pool 10.(100+p).0.0/20 in /16
  return g >= LOCAL_GROUPS + REMOTE_GROUPS ? { v4, v6: `fd00:${p.toString(16)}::${n.toString(16)}` } : { v4 };
}

function configYaml(): string {
  const docs: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const name = groupName(g);
    if (g < LOCAL_GROUPS) {
      docs.push(`apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: ${name}\nspec:\n  local:\n    v4pools:\n      - pool: 10.${g}.4.0-10.${g}.15.254\n        subnet: 10.${g}.0.0/20\n        aggregation: default\n`);
    } else {
      const p = g - LOCAL_GROUPS;
      const v6 = g >= LOCAL_GROUPS + REMOTE_GROUPS ? `    v6pools:\n      - pool: fd00:${p.toString(16)}::/116\n        subnet: fd00:${p.toString(16)}::/64\n        aggregation: /128\n` : '';
      docs.push(`apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: ${name}\nspec:\n  remote:\n    v4pools:\n      - pool: 10.${100 + p}.0.0/20\n        subnet: 10.${100 + p}.0.0/16\n        aggregation: /32\n${v6}`);
    }
  }
  const neighbors: string[] = [];
  for (let r = 0; r < RACKS; r++) {
    for (const h of [1, 2]) neighbors.push(`    - address: 10.${r}.0.${h}\n      peerASN: 64500\n      nodeSelector:\n        matchLabels:\n          rack: r${r}\n`);
  }
  docs.push(`apiVersion: gitlb.io/v1\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  global:\n    asn: 64512\n  neighbors:\n${neighbors.join('')}`);
  docs.push('apiVersion: gitlb.io/v1\nkind: LBNodeAgent\nmetadata:\n  name: default\nspec:\n  localInterface: default\n  dummyInterface: kube-lb0\n');
  return docs.join('---\n');
}

/** The state file as `kubectl get ... -o json` prints it. */
function stateJson(services: number, seed: number): string {
  const rand = rng(seed);
  const items: unknown[] = [];
  for (let r = 0; r < RACKS; r++) {
    for (let i = 0; i < NODES_PER_RACK; i++) {
      const name = nodeName(r, i);
      items.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, uid: `node-${r}-${i}`, resourceVersion: String(1000 + r * 100 + i), creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'kubernetes.io/hostname': name, rack: `r${r}` } },
        status: { addresses: [{ type: 'InternalIP', address: nodeIP(r, i) }, { type: 'Hostname', address: name }], conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
      });
      items.push({
        apiVersion: 'gitlb.io/v1',
        kind: 'NodeAnnouncement',
        metadata: { name, generation: 1 },
        spec: { revision: 'old', holdsShared: true, localInterface: 'default', dummyInterface: 'kube-lb0', garp: { enabled: true, count: 1, intervalMs: 0 }, managedRanges: [], addresses: [] },
        status: { observedGeneration: 1, interfaces: [{ name: 'eth0', role: 'local', default: true, addresses: [`${nodeIP(r, i)}/20`] }, { name: 'kube-lb0', role: 'dummy', default: false, addresses: [] }], conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
  }
  const allocatedPerGroup = new Array<number>(GROUPS).fill(0);
  for (let s = 0; s < services; s++) {
    const g = s % GROUPS;
    const dual = g >= LOCAL_GROUPS + REMOTE_GROUPS && rand() < 0.05 * (GROUPS / DUAL_GROUPS);
    const local = rand() < 0.1;
    const allocated = rand() < 0.5;
    const ns = `ns-${s % 100}`;
    const name = `svc-${s}`;
    const annotations: Record<string, string> = { 'gitlb.io/service-group': groupName(g) };
    if (local) annotations['gitlb.io/allow-local'] = 'true';
    let ingress: Array<{ ip: string }> = [];
    if (allocated) {
      const a = poolAddress(g, allocatedPerGroup[g]!++);
      ingress = dual && a.v6 ? [{ ip: a.v4 }, { ip: a.v6 }] : [{ ip: a.v4 }];
      annotations['gitlb.io/allocated-by'] = 'gitlb';
      annotations['gitlb.io/allocated-from'] = groupName(g);
    }
    const day = 1 + Math.floor(rand() * 28);
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, uid: `svc-${s}`, resourceVersion: String(100000 + s), creationTimestamp: `2026-03-${String(day).padStart(2, '0')}T10:00:00Z`, annotations },
      spec: {
        type: 'LoadBalancer',
        clusterIP: `10.96.${Math.floor(s / 250) % 256}.${s % 250}`,
        externalTrafficPolicy: local ? 'Local' : 'Cluster',
        ipFamilies: dual ? ['IPv4', 'IPv6'] : ['IPv4'],
        ipFamilyPolicy: dual ? 'RequireDualStack' : 'SingleStack',
        selector: { app: name },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30000 + (s % 2000) }],
      },
      status: { loadBalancer: ingress.length > 0 ? { ingress } : {} },
    });
    if (local) {
      // Endpoints on 3 nodes; for local groups in the group's own rack, so some are candidates.
      const rack = g < LOCAL_GROUPS ? g : Math.floor(rand() * RACKS);
      const endpoints = [0, 1, 2].map(() => {
        const n = Math.floor(rand() * NODES_PER_RACK);
        return { addresses: [`10.244.${rack}.${n}`], conditions: { ready: true, serving: true, terminating: false }, nodeName: nodeName(rack, n) };
      });
      items.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints,
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      });
    }
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
}

/** --child DIR: load, read, plan, render in this process, timing each; prints one JSON line. */
async function child(dir: string): Promise<void> {
  // CPU time (user + system) beside wall time: on a shared, loaded machine wall time is mostly
  // waiting for a core, CPU time is what this code costs.
  const cpu = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const { loadConfig } = await import('../reconciler/config/load.js');
  const { readStateFile } = await import('../reconciler/cluster/state-file.js');
  const { plan } = await import('../reconciler/planner/plan.js');
  const { renderPlanJsonChunks } = await import('../reconciler/report/render-plan-json.js');
  const t1 = performance.now();
  const c1 = cpu();
  const config = await loadConfig([path.join(dir, 'config')]);
  if (!config.ok) throw new Error(JSON.stringify(config.diagnostics.slice(0, 3)));
  const t2 = performance.now();
  const c2 = cpu();
  const state = await readStateFile(path.join(dir, 'state.json'));
  if (!state.ok) throw new Error(JSON.stringify(state.diagnostics.slice(0, 3)));
  const t3 = performance.now();
  const c3 = cpu();
  const p = plan(config.value, state.value);
  const t4 = performance.now();
  const c4 = cpu();
  let planBytes = 0;
  for (const chunk of renderPlanJsonChunks(p)) planBytes += chunk.length; // what the CLI streams to stdout
  const t5 = performance.now();
  const c5 = cpu();
  process.stdout.write(
    `${JSON.stringify({ importMs: t1 - t0, validateMs: t2 - t1, stateMs: t3 - t2, planMs: t4 - t3, renderMs: t5 - t4, importCpuMs: c1 - c0, validateCpuMs: c2 - c1, stateCpuMs: c3 - c2, planCpuMs: c4 - c3, renderCpuMs: c5 - c4, planBytes, changes: p.changes.length, warnings: p.warnings.length, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

/** Runs a command, returning wall ms, CPU ms (user + system) and peak RSS (reported by a preloaded exit hook). */
function measure(args: string[]): { ms: number; cpuMs: number; rssMB: number; status: number | null; stderr: string } {
  const hook = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nMAXRSS "+u.maxRSS+" CPU "+(u.userCPUTime+u.systemCPUTime)+"\\n")})';
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  const m = /MAXRSS (\d+) CPU (\d+)/.exec(r.stderr);
  return { ms, cpuMs: m ? Number(m[2]) / 1000 : NaN, rssMB: m ? Number(m[1]) / 1024 : NaN, status: r.status, stderr: r.stderr };
}

/** Runs of the whole process per size: wall time on a shared machine is the work plus waiting
 *  for a core, so the figure is the fastest run (the least waiting), with the median beside it. */
const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_PLAN_RUNS ?? 5)) || 5);

/** `measure` RUNS times (fewer for big worlds, whose one run takes seconds): the fastest run, and the median wall time. */
function measureRuns(args: string[], services: number): ReturnType<typeof measure> & { medianMs: number; runs: number } {
  const runs = services >= 100_000 ? Math.min(RUNS, 3) : RUNS;
  const all: Array<ReturnType<typeof measure>> = [];
  for (let i = 0; i < runs; i++) {
    const r = measure(args);
    if (r.status !== 0) return { ...r, medianMs: r.ms, runs: i + 1 };
    all.push(r);
  }
  const byMs = [...all].sort((a, b) => a.ms - b.ms);
  return { ...byMs[0]!, rssMB: Math.max(...all.map((r) => r.rssMB)), medianMs: byMs[Math.floor(byMs.length / 2)]!.ms, runs };
}

/** The targets of issue 4 for a size (whole process, wall time), for every figure of that size. */
function targets(services: number): { target?: string; rss_target?: string } {
  if (services === 10_000) return { target: '<= 1000 ms whole process' };
  if (services === 100_000) return { target: '<= 10000 ms whole process', rss_target: '<= 500 MB' };
  return {};
}

/** The 1-minute load average when a figure was taken: other jobs on the machine inflate wall time. */
function loadNow(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..');
  const cli = path.join(root, 'dist/reconciler/cli/main.js');
  const sizes = (process.env.BENCH_PLAN_SIZES ?? '1000,10000,100000').split(',').map(Number);
  // This machine's speed right now (other jobs share the cores): a fixed CPU loop, to read the figures against.
  const c0 = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i % 7;
  const cal = process.cpuUsage(c0);
  printFigure({ bench: 'plan', figure: 'calibration: 1e8-iteration loop (≈100 ms on an idle core)', value: Math.round((cal.user + cal.system) / 1000), unit: 'ms cpu', checksum: x % 10 });
  // BENCH_PLAN_KEEP=DIR keeps the generated worlds (DIR/<size>/config, DIR/<size>/state.json) for profiling.
  const keep = process.env.BENCH_PLAN_KEEP;
  const work = keep ? path.resolve(keep) : mkdtempSync(path.join(tmpdir(), 'gitlb-plan-bench-'));
  try {
    for (const s of sizes) {
      const dir = path.join(work, String(s));
      mkdirSync(path.join(dir, 'config'), { recursive: true });
      writeFileSync(path.join(dir, 'config', 'config.yaml'), configYaml());
      writeFileSync(path.join(dir, 'state.json'), stateJson(s, 42));
      const world = { services: s, nodes: RACKS * NODES_PER_RACK, pools: 50 };
      if (existsSync(cli)) {
        const whole = measureRuns([cli, 'plan', path.join(dir, 'config'), '--state', path.join(dir, 'state.json'), '--format', 'json'], s);
        if (whole.status !== 0) throw new Error(`gitlb plan failed (${whole.status}): ${whole.stderr.slice(0, 2000)}`);
        printFigure({ bench: 'plan', figure: `gitlb plan whole process, ${s} Services (fastest of ${whole.runs})`, value: Math.round(whole.ms), unit: 'ms', ...targets(s), median_ms: Math.round(whole.medianMs), cpu_ms: Math.round(whole.cpuMs), peak_rss_mb: Math.round(whole.rssMB), ...world, load: loadNow() });
        printFigure({ bench: 'plan', figure: `gitlb plan peak RSS, ${s} Services`, value: Math.round(whole.rssMB), unit: 'MB', ...(s === 100_000 ? { target: '<= 500' } : {}), ...world });
        if (s >= 100_000) {
          // V8 grows the heap lazily when memory is plentiful; a cap shows what the plan really needs.
          const capped = measure(['--max-old-space-size=450', cli, 'plan', path.join(dir, 'config'), '--state', path.join(dir, 'state.json'), '--format', 'json']);
          if (capped.status !== 0) throw new Error(`capped gitlb plan failed (${capped.status}): ${capped.stderr.slice(0, 2000)}`);
          printFigure({ bench: 'plan', figure: `gitlb plan with --max-old-space-size=450, ${s} Services`, value: Math.round(capped.ms), unit: 'ms', ...targets(s), cpu_ms: Math.round(capped.cpuMs), peak_rss_mb: Math.round(capped.rssMB), ...world, load: loadNow() });
        }
      } else {
        process.stderr.write(`plan bench: ${cli} missing (npm run build): whole-process figures skipped\n`);
      }
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`child failed for ${s}`);
      const f = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      const ms = (k: string): number => Math.round(f[k] ?? NaN);
      printFigure({
        bench: 'plan',
        figure: `validate+plan in process (import, render apart), ${s} Services`,
        value: ms('validateMs') + ms('stateMs') + ms('planMs'),
        unit: 'ms',
        ...targets(s),
        cpu_ms: ms('validateCpuMs') + ms('stateCpuMs') + ms('planCpuMs'),
        ...world,
        importMs: ms('importMs'), validateMs: ms('validateMs'), stateMs: ms('stateMs'), planMs: ms('planMs'), renderMs: ms('renderMs'),
        importCpuMs: ms('importCpuMs'), validateCpuMs: ms('validateCpuMs'), stateCpuMs: ms('stateCpuMs'), planCpuMs: ms('planCpuMs'), renderCpuMs: ms('renderCpuMs'),
        changes: f.changes, warnings: f.warnings, planMB: Math.round(f.planBytes! / 1e6), childPeakRssMB: ms('maxRssMB'), load: loadNow(),
      });
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv[childAt + 1]!);
else await main();
