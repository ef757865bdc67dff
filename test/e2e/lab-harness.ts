// Drives a real lab (`gitlb lab up`, the built CLI) the way its users do: kubectl inside the
// control namespace, commits pushed to the lab's Git repo, ip/birdc to look at nodes and router,
// `gitlb lab curl` from the client. Each test file brings up its own lab under a unique name.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LabStatus } from '../../reconciler/lab/lab-status.js';
import { writeRecord, type LabRecord } from '../../reconciler/lab/lab-record.js';
import { killGroup, startIn, type LabProcess } from '../../reconciler/lab/processes.js';
import type { HitCounts } from '../../reconciler/lab/hit.js';
import { waitFor } from '../helpers/netns.js';

const execFileP = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const gitlb = path.join(root, 'dist', 'reconciler', 'cli', 'main.js');

async function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  try {
    if (opts.input !== undefined) {
      return execFileSync(cmd, args, { input: opts.input, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, stdio: ['pipe', 'pipe', 'pipe'] });
    }
    const { stdout } = await execFileP(cmd, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string | Buffer; stdout?: string | Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${String(e.stderr ?? '').trim() || e.message}`, { cause: err });
  }
}

/** Poll period for probes that start kubectl (a process each time: keep the 2 cores for the lab). */
export const KUBECTL_POLL_MS = 200;

/** A name for a lab from a few letters of tag: unique per run, 12 characters at most. */
export function labName(tag: string): string {
  return `e${tag}${randomBytes(2).toString('hex')}`.slice(0, 12);
}

/** `gitlb lab down --name NAME`: also after an `up` that failed or was killed half-way. */
export async function labDown(name: string): Promise<void> {
  await run(process.execPath, [gitlb, 'lab', 'down', '--name', name], { timeoutMs: 60_000 });
}

/** A lab that is up. */
export interface E2eLab {
  name: string;
  status: LabStatus;
  record(): LabRecord;
  kubectl(args: string[], input?: string): Promise<string>;
  /** kubectl apply -f - */
  apply(yaml: string): Promise<void>;
  /** The Service's status.loadBalancer.ingress IPs. */
  serviceAddresses(name: string, namespace?: string): Promise<string[]>;
  /** Writes files into a clone of the lab repo (null deletes), commits, pushes; returns the commit. */
  commit(files: Record<string, string | null>, message: string): Promise<string>;
  /** Waits for the Service's first address and returns it. */
  addressOf(name: string, timeoutMs?: number): Promise<string>;
  /** Creates `web` (routed: on every node, ECMP) and `db` (local) and waits until both are
   *  announced; returns every node's address, sorted (web's next hops). */
  settleWebAndDb(): Promise<string[]>;
  /** Next-hop gateways of the router's route to dst (empty when there is none). */
  nextHops(dst: string): Promise<string[]>;
  /** Waits until the router's route to dst has exactly these next hops (any order). */
  untilNextHops(dst: string, hops: readonly string[], timeoutMs?: number): Promise<void>;
  /** Global addresses on an interface of a node (e.g. kube-lb0, eth0) as addr/prefix. */
  addresses(node: string, dev: string): Promise<string[]>;
  /** MAC of a node's eth0. */
  mac(node: string): Promise<string>;
  /** The router's neighbour entry for an address: its MAC, or undefined. */
  routerNeighbour(address: string): Promise<string | undefined>;
  curl(url: string, count: number): Promise<HitCounts>;
  /** The reconciler's status object. */
  reconcilerStatus(): Promise<{ revisionSeen?: string; revisionApplied?: string; errors?: Array<{ file: string; line: number; col: number; message: string }>; conditions?: Array<{ type: string; status: string }> }>;
  /** Kills a lab process with its process group (an agent with its BIRD, as when a pod dies). */
  kill(p: LabProcess): void;
  /** Starts a process again as the lab did, and records it in lab.json (so status shows it). */
  restart(p: LabProcess): Promise<LabProcess>;
  /** birdc on the router. */
  birdc(...args: string[]): Promise<string>;
  down(): Promise<void>;
}

/** The node namespace of a node name. */
function nodeNs(status: LabStatus, node: string): string {
  const n = status.nodes.find((x) => x.name === node);
  if (!n) throw new Error(`no lab node ${node}`);
  return n.namespace;
}

/** Brings up a fresh lab named `name` (see labName). */
export async function startLab(name: string, nodes = 3): Promise<E2eLab> {
  const out = await run(process.execPath, [gitlb, 'lab', 'up', '--name', name, '--nodes', String(nodes), '--format', 'json'], { timeoutMs: 180_000 });
  const status = JSON.parse(out) as LabStatus;
  const control = status.namespaces.control;
  const cache = path.join(status.dir, 'kubectl-cache');
  const kubectl = (args: string[], input?: string): Promise<string> =>
    run('ip', ['netns', 'exec', control, 'kubectl', '--kubeconfig', status.kubeconfig, '--cache-dir', cache, ...args], input === undefined ? {} : { input });
  const work = path.join(status.dir, 'e2e-work');
  let cloned = false;
  const git = (...args: string[]): Promise<string> => run('git', ['-C', work, '-c', 'user.name=e2e', '-c', 'user.email=e2e@gitlb.invalid', ...args]);
  const lab: E2eLab = {
    name,
    status,
    record: () => JSON.parse(readFileSync(path.join(status.dir, 'lab.json'), 'utf8')) as LabRecord,
    kubectl,
    apply: async (yaml) => void (await kubectl(['apply', '-f', '-'], yaml)),
    async serviceAddresses(svc, namespace = 'default') {
      const obj = JSON.parse(await kubectl(['get', 'service', svc, '-n', namespace, '-o', 'json'])) as { status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } };
      return (obj.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter(Boolean).sort();
    },
    async commit(files, message) {
      if (!cloned) {
        await run('git', ['clone', '-q', '--branch', 'main', status.repo, work]);
        cloned = true;
      }
      for (const [rel, text] of Object.entries(files)) {
        const p = path.join(work, rel);
        if (text === null) await git('rm', '-q', rel);
        else {
          mkdirSync(path.dirname(p), { recursive: true });
          writeFileSync(p, text);
        }
      }
      await git('add', '-A');
      await git('commit', '-q', '-m', message);
      await git('push', '-q', 'origin', 'main');
      return (await git('rev-parse', 'HEAD')).trim();
    },
    async addressOf(svc, timeoutMs = 15_000) {
      const [a] = await waitFor(async () => {
        const list = await lab.serviceAddresses(svc);
        return list.length > 0 ? list : undefined;
      }, timeoutMs, `Service ${svc} to get an address`, KUBECTL_POLL_MS);
      return a!;
    },
    async settleWebAndDb() {
      await lab.apply(serviceYaml('web', { group: 'routed' }));
      await lab.apply(serviceYaml('db'));
      const all = status.nodes.map((n) => n.address).sort();
      await lab.untilNextHops(await lab.addressOf('web'), all);
      await lab.addressOf('db');
      return all;
    },
    async untilNextHops(dst, hops, timeoutMs = 20_000) {
      const want = JSON.stringify([...hops].sort());
      await waitFor(async () => (JSON.stringify(await lab.nextHops(dst)) === want ? true : undefined), timeoutMs, `the router's route to ${dst} via ${[...hops].sort().join(', ') || 'nothing'}`);
    },
    async nextHops(dst) {
      const routes = JSON.parse(await run('ip', ['-n', status.namespaces.router, '-j', 'route', 'show', dst])) as Array<{ gateway?: string; nexthops?: Array<{ gateway?: string }> }>;
      const r = routes[0];
      if (!r) return [];
      return (r.nexthops ? r.nexthops.map((h) => h.gateway ?? '') : [r.gateway ?? '']).filter(Boolean).sort();
    },
    async addresses(node, dev) {
      const out = await run('ip', ['-n', nodeNs(status, node), '-j', 'addr', 'show', 'dev', dev]).catch(() => '[]');
      const links = JSON.parse(out) as Array<{ addr_info?: Array<{ local: string; prefixlen: number; scope: string }> }>;
      return (links[0]?.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort();
    },
    async mac(node) {
      const links = JSON.parse(await run('ip', ['-n', nodeNs(status, node), '-j', 'link', 'show', 'dev', 'eth0'])) as Array<{ address: string }>;
      return links[0]?.address ?? '';
    },
    async routerNeighbour(address) {
      const n = JSON.parse(await run('ip', ['-n', status.namespaces.router, '-j', 'neigh', 'show', address])) as Array<{ lladdr?: string; state?: string[] }>;
      return n[0]?.lladdr;
    },
    async curl(url, count) {
      const out = await run(process.execPath, [gitlb, 'lab', 'curl', url, '--count', String(count), '--name', name, '--format', 'json'], { timeoutMs: 120_000 })
        .catch((err: Error & { cause?: { stdout?: string } }) => {
          const stdout = err.cause?.stdout;
          if (typeof stdout === 'string' && stdout.trim().startsWith('{')) return stdout;
          throw err;
        });
      return JSON.parse(out) as HitCounts;
    },
    async reconcilerStatus() {
      const obj = JSON.parse(await kubectl(['get', 'reconcilerstatus', 'gitlb-reconciler', '-o', 'json'])) as { status?: Record<string, unknown> };
      return (obj.status ?? {}) as Awaited<ReturnType<E2eLab['reconcilerStatus']>>;
    },
    kill: (p) => killGroup(p.pid),
    async restart(p) {
      const again = startIn(p.namespace, p.name, p.argv, p.log);
      const rec = lab.record();
      await writeRecord({ ...rec, processes: [...rec.processes.filter((x) => x.pid !== p.pid), again] });
      return again;
    },
    birdc: (...args) => run('birdc', ['-s', path.join(status.dir, 'router', 'bird.ctl'), ...args]),
    down: () => labDown(name),
  };
  return lab;
}

/** A Service of type LoadBalancer on port 80, as YAML for kubectl apply. */
export function serviceYaml(name: string, opts: { group?: string; local?: boolean } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    '  namespace: default',
    ...(opts.group ? ['  annotations:', `    gitlb.io/service-group: ${opts.group}`] : []),
    'spec:',
    '  type: LoadBalancer',
    ...(opts.local ? ['  externalTrafficPolicy: Local'] : []),
    `  selector: {app: ${name}}`,
    '  ports:',
    '    - {port: 80, protocol: TCP}',
    '',
  ].join('\n');
}
