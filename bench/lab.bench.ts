// The lab's figures (issue 7), on a real lab (`gitlb lab up`: namespaces, BIRD, agents,
// reconciler, emulated API server) with 3 nodes. Root only, like the lab.
//   1. Service created → its address on every node's kube-lb0 (p50/p99 over 200 Services, one
//      at a time); target p99 <= 300 ms. Seen with `ip monitor address` in each node namespace.
//   2. commit pushed → the router's route with a next hop per node, the reconciler polling the
//      repo every 1 s; target <= 2 s (5 commits, each adding a pool a waiting Service asks for).
//   3. node link cut → its next hop gone from the router (BFD); target <= 1 s (5 cuts).
//   4. local address failover: the holder's agent killed → the address on another node's eth0;
//      target <= 3 s (3 kills; the killed agent is restarted before the next round).
// BENCH_LAB_SERVICES changes the count of figure 1.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sleep } from '../reconciler/lab/shell.js';
import { labName, serviceYaml, startLab, type E2eLab } from '../test/e2e/lab-harness.js';
import { printFigure } from './figure.js';

const SERVICES = Number(process.env.BENCH_LAB_SERVICES ?? 200);
const here = path.dirname(fileURLToPath(import.meta.url));
const bench = 'lab';

if (process.getuid?.() !== 0) {
  process.stderr.write('bench lab needs root (it runs gitlb lab up): sudo npm run bench lab\n');
  process.exit(1);
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** `ip monitor address` in every node namespace: the first time each address was added on each node. */
function monitorAddresses(lab: E2eLab): { seen: Map<string, Map<string, number>>; stop: () => void } {
  const seen = new Map<string, Map<string, number>>();
  const children: ChildProcess[] = lab.status.nodes.map((n) => {
    const child = spawn('ip', ['-n', n.namespace, 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      const now = Date.now();
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^\d+: \S+\s+inet (\d+\.\d+\.\d+\.\d+)\/\d+/.exec(l);
        if (!m) continue;
        const byNode = seen.get(m[1]!) ?? new Map<string, number>();
        if (!byNode.has(n.name)) byNode.set(n.name, now);
        seen.set(m[1]!, byNode);
      }
    });
    return child;
  });
  return { seen, stop: () => children.forEach((c) => c.kill()) };
}

const lab = await startLab(labName('bench'));
const nodes = lab.status.nodes;
const all = nodes.map((n) => n.address).sort();
try {
  // 1. Service created → address on every node
  const mon = monitorAddresses(lab);
  await sleep(300);
  const driver = path.join(here, 'lab-service-driver.ts');
  // async: the monitors' events must be timestamped while the driver runs
  const { stdout: out } = await promisify(execFile)('ip', ['netns', 'exec', lab.status.namespaces.control, process.execPath, '--import', 'tsx', driver, lab.status.kubeconfig, String(SERVICES), 'routed', 'lat'],
    { encoding: 'utf8', timeout: 600_000, cwd: path.join(here, '..') });
  await sleep(500);
  mon.stop();
  const latencies: number[] = [];
  for (const line of out.trim().split('\n')) {
    const { t, address } = JSON.parse(line) as { t: number; address: string };
    const byNode = mon.seen.get(address);
    if (!byNode || byNode.size < nodes.length) throw new Error(`${address} did not appear on every node (${[...(byNode?.keys() ?? [])].join(', ')})`);
    latencies.push(Math.max(...byNode.values()) - t);
  }
  const base = { bench, services: latencies.length, nodes: nodes.length };
  printFigure({ ...base, figure: 'Service created → address on every node, p50', value: pct(latencies, 0.5), unit: 'ms' });
  printFigure({ ...base, figure: 'Service created → address on every node, p99', value: pct(latencies, 0.99), unit: 'ms', target: '<= 300' });

  // 2. commit pushed → ECMP route on the router
  const commitMs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const group = `pool${k}`;
    const net = `172.30.${110 + k}.0`;
    await lab.apply(serviceYaml(`waits-${k}`, { group }));
    await sleep(1500);
    const t0 = Date.now();
    await lab.commit({ [`servicegroup-${group}.yaml`]: `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata: {name: ${group}}\nspec:\n  remote:\n    v4pools:\n      - {pool: ${net}/24, subnet: ${net}/24, aggregation: /32}\n` }, `add ${group}`);
    await until(async () => (JSON.stringify(await lab.nextHops(net)) === JSON.stringify(all) ? true : undefined), 30_000, `ECMP route to ${net}`);
    commitMs.push(Date.now() - t0);
  }
  printFigure({ bench, figure: 'commit pushed → ECMP route on the router, median', value: pct(commitMs, 0.5), unit: 'ms', samples: commitMs, poll: '1s' });
  printFigure({ bench, figure: 'commit pushed → ECMP route on the router, max', value: Math.max(...commitMs), unit: 'ms', target: '<= 2000 at a 1 s poll', samples: commitMs });

  // 3. node link cut → next hop withdrawn
  const cutMs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const node = nodes[k % nodes.length]!;
    const port = `p-${node.name}`;
    const rest = all.filter((a) => a !== node.address);
    const t0 = Date.now();
    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'down']);
    await until(async () => (JSON.stringify(await lab.nextHops('172.30.100.0')) === JSON.stringify(rest) ? true : undefined), 30_000, `${node.name}'s next hop withdrawn`, 5);
    cutMs.push(Date.now() - t0);
    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'up']);
    await until(async () => (JSON.stringify(await lab.nextHops('172.30.100.0')) === JSON.stringify(all) ? true : undefined), 60_000, `${node.name}'s next hop back`, 100);
  }
  printFigure({ bench, figure: 'node link cut → next hop withdrawn, median', value: pct(cutMs, 0.5), unit: 'ms', samples: cutMs });
  printFigure({ bench, figure: 'node link cut → next hop withdrawn, max', value: Math.max(...cutMs), unit: 'ms', target: '<= 1000', samples: cutMs });

  // 4. local address failover
  const failoverMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const svc = `local-${k}`;
    await lab.apply(serviceYaml(svc));
    const address = await lab.addressOf(svc);
    const holderOf = async (): Promise<string[]> => {
      const h: string[] = [];
      for (const n of nodes) if ((await lab.addresses(n.name, 'eth0')).includes(`${address}/24`)) h.push(n.name);
      return h;
    };
    const [holder] = await until(async () => {
      const h = await holderOf();
      return h.length === 1 ? h : undefined;
    }, 15_000, `${address} on one node`, 50);
    const agent = lab.record().processes.filter((p) => p.name === `agent ${holder}`).pop()!;
    const t0 = Date.now();
    lab.kill(agent);
    await until(async () => ((await holderOf()).some((h) => h !== holder) ? true : undefined), 30_000, `${address} on another node`, 5);
    failoverMs.push(Date.now() - t0);
    // the agent comes back (its kubelet would restart it); it cleans its stale address up
    await lab.restart(agent);
    await until(async () => ((await holderOf()).length === 1 ? true : undefined), 30_000, `${holder}'s stale ${address} removed`, 100);
  }
  printFigure({ bench, figure: 'local address failover (agent killed → address on another node), median', value: pct(failoverMs, 0.5), unit: 'ms', samples: failoverMs });
  printFigure({ bench, figure: 'local address failover, max', value: Math.max(...failoverMs), unit: 'ms', target: '<= 3000', samples: failoverMs, leaseDuration: '1s' });
} finally {
  await lab.down();
}
