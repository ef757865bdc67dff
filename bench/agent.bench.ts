// Agent benchmark: in a fresh network namespace, put 10k /32 addresses on an ifb interface from
// empty through the sync engine, then no-change resyncs of those 10k (a new spec value, served
// from the event mirror, and the periodic full re-list); `ip -batch` does the same adds (and
// `ip addr show` the same dump) in the same run, before and after, as the yardstick.
// Needs root. The script re-executes itself inside the namespace it creates (netlink sockets
// bind to the namespace of the process that opens them) and deletes the namespace at the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printFigure } from './figure.js';

const N = Number(process.env.GITLB_BENCH_ADDRESSES ?? 10_000);
const inside = process.env.GITLB_BENCH_NS;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.toString()}`);
}

function addressOf(i: number): string {
  return `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function runInside(): Promise<void> {
  const { openRtnetlinkPort } = await import('../reconciler/netlink/rtnetlink-port.js');
  const { countWrites } = await import('../reconciler/netlink/counting-port.js');
  const { startNodeSync } = await import('../reconciler/agent/node-sync.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-bench-'));
  const batch = path.join(dir, 'add.batch');
  writeFileSync(batch, Array.from({ length: N }, (_, i) => `addr add ${addressOf(i)}/32 dev ipb0\n`).join(''));

  const ipBatch = (): { add: number; dump: number } => {
    ip('link', 'add', 'ipb0', 'type', 'ifb');
    ip('link', 'set', 'ipb0', 'up');
    let t = performance.now();
    ip('-batch', batch);
    const add = performance.now() - t;
    t = performance.now();
    ip('-4', 'addr', 'show', 'dev', 'ipb0');
    const dump = performance.now() - t;
    ip('link', 'del', 'ipb0'); // the agent starts from an equally empty kernel
    return { add, dump };
  };

  const before = ipBatch();
  const real = openRtnetlinkPort();
  const counted = countWrites(real);
  const engine = await startNodeSync({ port: counted.port, resyncIntervalMs: 0 });
  const spec = {
    revision: 'bench', holdsShared: false, localInterface: 'default', dummyInterface: 'kube-lb0',
    garp: { enabled: false, count: 0, intervalMs: 0 }, managedRanges: ['10.96.0.0/11'],
    addresses: Array.from({ length: N }, (_, i) => ({ address: addressOf(i), prefixLength: 32, interface: 'kube-lb0', kind: 'remote' as const, services: [] })),
  };
  const t = performance.now();
  const first = await engine.setDesired({ spec, shared: [] });
  const agentAdd = performance.now() - t;
  if (first.outcome !== 'ok' || first.writes !== N + 2) throw new Error(`cold sync: ${first.outcome}, ${first.writes} writes, ${first.errors[0] ?? ''}`);
  const writesBefore = counted.total();
  // Let the echoes of the 10k adds drain first (a full pass re-lists and reloads the mirror).
  await engine.sync('periodic');
  const timed = async (run: () => Promise<{ operations: unknown[] }>) => {
    const xs: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await run();
      xs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (r.operations.length !== 0) throw new Error('resync found work on a correct node');
    }
    return { xs, cpu };
  };
  // A new desired-state value with the same content: what every shard event costs an agent.
  const resyncs = await timed(() => engine.setDesired({ spec: { ...spec, revision: `bench-${Math.random()}` }, shared: [] }));
  // The periodic safety-net pass, which re-lists links, addresses and routes from the kernel.
  const relists = await timed(() => engine.sync('periodic'));
  const resyncWrites = counted.total() - writesBefore;
  await engine.stop();
  real.close();
  ip('link', 'del', 'kube-lb0');
  const after = ipBatch();
  rmSync(dir, { recursive: true, force: true });

  const ipAdd = (before.add + after.add) / 2;
  printFigure({ bench: 'agent', figure: `ip -batch: add ${N} /32 from empty`, value: Math.round(ipAdd), unit: 'ms', runs: [Math.round(before.add), Math.round(after.add)] });
  printFigure({ bench: 'agent', figure: `agent: sync ${N} /32 from empty`, value: Math.round(agentAdd), unit: 'ms', target: `<= 1.5x ip -batch (${Math.round(1.5 * ipAdd)} ms)`, ratio: Number((agentAdd / ipAdd).toFixed(2)) });
  printFigure({ bench: 'agent', figure: `ip addr show: dump ${N}`, value: Math.round(median([before.dump, after.dump])), unit: 'ms' });
  printFigure({ bench: 'agent', figure: `agent: no-change resync of ${N} (new spec value, observed state from the event mirror)`, value: Number(median(resyncs.xs).toFixed(1)), unit: 'ms', target: '<= 50', writes: resyncWrites, runs: resyncs.xs.map((x) => Number(x.toFixed(1))), cpuMs: Number(median(resyncs.cpu).toFixed(1)), loadavg: loadavg()[0] });
  printFigure({ bench: 'agent', figure: `agent: no-change full re-list resync of ${N} (periodic pass: dumps links, addresses, routes)`, value: Number(median(relists.xs).toFixed(1)), unit: 'ms', writes: resyncWrites, runs: relists.xs.map((x) => Number(x.toFixed(1))), cpuMs: Number(median(relists.cpu).toFixed(1)) });
}

if (inside) {
  await runInside();
} else {
  const ns = `gltest-bench-${process.pid}`;
  ip('netns', 'add', ns);
  try {
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', '--expose-gc', self], {
      stdio: 'inherit', env: { ...process.env, GITLB_BENCH_NS: ns },
    });
    if (r.status !== 0) process.exitCode = 1;
  } finally {
    ip('netns', 'del', ns);
  }
}
