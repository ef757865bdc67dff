// `gitlb lab up`: builds the lab (network, API server, config repo, router, nodes, reconciler)
// and waits until it is usable: every agent alive, the reconciler Ready on the seed revision,
// every BGP session of the router Established. A failure half-way tears down what was made and
// says which part failed, with the end of its log.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderClusterSeed, LAB_SYSTEM_NAMESPACE } from './cluster-seed.js';
import { labClusterState } from './cluster-state-probe.js';
import { writeRecord, type LabRecord } from './lab-record.js';
import { createNetwork, listNamespaces } from './network.js';
import { isRunning, startIn, type LabProcess } from './processes.js';
import { seedRepo } from './repo.js';
import { renderRouterBird } from './router-bird.js';
import { routerSessions } from './router-state.js';
import { gitlbArgv } from './self.js';
import { hasProgram, sleep } from './shell.js';
import { LAB_NET, labTopology, type LabTopology } from './topology.js';
import { labDown, LAB_DIR_MARKER } from './lab-down.js';

/** What `lab up` is asked for. */
export interface LabUpOptions {
  name: string;
  nodes: number;
  dir: string;
  seed: string;
  timeoutMs: number;
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
}

/** A lab part that failed to come up, with its log's tail. */
export class LabUpError extends Error {
  override name = 'LabUpError';
}

/** Checks what the lab needs before touching anything. */
export async function labPrerequisites(): Promise<string[]> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('the lab needs root (network namespaces): run it with sudo');
  for (const p of ['ip', 'bird', 'birdc', 'git']) {
    if (!(await hasProgram(p))) problems.push(`${p} is not installed (apt-get install -y ${p === 'ip' ? 'iproute2' : p.startsWith('bird') ? 'bird2' : p})`);
  }
  return problems;
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Brings the lab up; returns its record. */
export async function labUp(opts: LabUpOptions): Promise<LabRecord> {
  const t = labTopology(opts.name, opts.nodes, opts.dir);
  const existing = await listNamespaces(t.prefix);
  if (existing.length > 0) {
    throw new LabUpError(`lab "${opts.name}" is already up (${existing.length} namespaces named ${t.prefix}*): run \`gitlb lab down --name ${opts.name}\` first`);
  }
  if (!existsSync(opts.seed)) throw new LabUpError(`seed directory ${opts.seed} does not exist`);
  await claimLabDir(t.dir, opts.name);
  const processes: LabProcess[] = [];
  // Ctrl-C (or a kill) half-way: take down what was made instead of leaving detached processes.
  const interrupted = (sig: NodeJS.Signals): void => {
    opts.progress(`${sig}: removing what was made`);
    void labDown({ name: opts.name, dir: t.dir, keepDir: true, progress: () => undefined }).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await bringUp(t, opts, processes, Date.now() + opts.timeoutMs);
  } catch (err) {
    const failed = processes.find((p) => !isRunning(p.pid));
    // A part that exited says why in its log; on a plain timeout every part's last lines may.
    const shown = failed ? [failed] : processes.filter((p) => p.name === 'reconciler' || p.name.startsWith('agent') || p.name === 'router bird');
    const tails = await Promise.all(shown.map(async (p) => `\n--- ${p.name}${isRunning(p.pid) ? '' : ' (exited)'}: the end of ${p.log}\n${await tail(p.log, failed ? 15 : 5)}`));
    opts.progress('lab up failed; removing what was made');
    await labDown({ name: opts.name, dir: t.dir, keepDir: true, progress: () => undefined }).catch(() => undefined);
    throw new LabUpError(`${err instanceof Error ? err.message : String(err)}${tails.join('')}\n(logs kept in ${t.dir})`, { cause: err });
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}

/** Makes `dir` the lab's directory: it must be new, empty, or a lab directory already (the
 *  marker file says so), because `up` empties it and `down` deletes it, as root. */
async function claimLabDir(dir: string, name: string): Promise<void> {
  if (existsSync(dir) && !existsSync(path.join(dir, LAB_DIR_MARKER)) && (await readdir(dir)).length > 0) {
    throw new LabUpError(`${dir} exists and is not a lab directory (no ${LAB_DIR_MARKER}): choose another --dir, or empty it`);
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, LAB_DIR_MARKER), `${name}\n`);
}

async function bringUp(t: LabTopology, opts: LabUpOptions, processes: LabProcess[], deadline: number): Promise<LabRecord> {
  const ns = t.namespaces;
  const log = (name: string) => path.join(t.dir, `${name}.log`);
  opts.progress(`creating ${4 + t.nodes.length} network namespaces (${t.prefix}*)`);
  await createNetwork(t);

  opts.progress(`seeding the config repo ${t.repo} from ${opts.seed}`);
  const seedRevision = await seedRepo(t.repo, opts.seed);

  opts.progress(`starting the API server on ${t.apiUrl} (control namespace)`);
  const seedFile = path.join(t.dir, 'cluster-seed.yaml');
  await writeFile(seedFile, renderClusterSeed(t));
  processes.push(startIn(ns.control, 'emulator', gitlbArgv('emulator', '--listen', `${LAB_NET.control}:${LAB_NET.apiPort}`,
    '--kubeconfig-out', t.kubeconfig, '--seed', seedFile), log('emulator')));
  await waitUntil(async () => existsSync(t.kubeconfig), deadline, 'the API server to write its kubeconfig', processes);

  opts.progress('starting the router (BIRD, BFD, merge paths on)');
  const routerDir = path.join(t.dir, 'router');
  await mkdir(routerDir, { recursive: true });
  const routerConf = path.join(routerDir, 'bird.conf');
  const routerSocket = path.join(routerDir, 'bird.ctl');
  await writeFile(routerConf, renderRouterBird(t.nodes));
  processes.push(startIn(ns.router, 'router bird', ['bird', '-f', '-c', routerConf, '-s', routerSocket], log('router')));

  opts.progress(`starting ${t.nodes.length} nodes (agent + BIRD + HTTP responder on port 80)`);
  for (const n of t.nodes) {
    await mkdir(n.dir, { recursive: true });
    processes.push(startIn(n.namespace, `responder ${n.name}`, gitlbArgv('lab', 'responder', '--node', n.name, '--port', '80'), log(`responder-${n.name}`)));
    processes.push(startIn(n.namespace, `agent ${n.name}`, gitlbArgv('agent', '--node', n.name, '--kubeconfig', t.kubeconfig,
      '--namespace', LAB_SYSTEM_NAMESPACE, '--bird-spawn', '--bird-config', path.join(n.dir, 'bird.conf'), '--bird-socket', path.join(n.dir, 'bird.ctl'),
      '--lease-duration', '1s', '--lease-renew', '250ms', '--bgp-fast-retry', '--metrics-listen', `${n.address}:9472`), log(`agent-${n.name}`)));
  }

  opts.progress(`starting the reconciler (follows file://${t.repo}, branch main, every 1s)`);
  processes.push(startIn(ns.control, 'reconciler', gitlbArgv('reconcile', '--git', `file://${t.repo}`, '--branch', 'main', '--interval', '1s',
    '--cache-dir', path.join(t.dir, 'reconcile-cache'), '--kubeconfig', t.kubeconfig, '--lease-namespace', LAB_SYSTEM_NAMESPACE,
    '--agent-lease-namespace', LAB_SYSTEM_NAMESPACE, '--metrics-listen', `${LAB_NET.control}:${LAB_NET.metricsPort}`), log('reconciler')));

  opts.progress('waiting for the agents, the reconciler and the BGP sessions');
  await waitUntil(async () => {
    const s = await labClusterState(t);
    return s.api === 'ok' && s.agents.every((a) => a.alive) && s.reconciler?.ready === true && s.reconciler.revisionApplied === seedRevision;
  }, deadline, 'every agent alive and the reconciler Ready on the seed revision', processes);
  await waitUntil(async () => {
    const sessions = await routerSessions(routerSocket);
    return sessions.length === t.nodes.length && sessions.every((s) => s.info.startsWith('Established'));
  }, deadline, 'every BGP session of the router Established', processes);

  const record: LabRecord = { topology: t, processes, seedRevision, routerSocket, startedAt: new Date().toISOString() };
  await writeRecord(record);
  return record;
}

/** Polls `probe` every 250 ms; fails at the deadline of the whole `up` or when one of the lab's processes died. */
async function waitUntil(probe: () => Promise<boolean>, deadline: number, what: string, processes: readonly LabProcess[]): Promise<void> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const dead = processes.find((p) => !isRunning(p.pid));
    if (dead) throw new LabUpError(`${dead.name} exited while waiting for ${what}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new LabUpError(`timed out after ${Math.round((Date.now() - started) / 1000)} s waiting for ${what} (--timeout bounds the whole of up)${last ? `; last error: ${last}` : ''}`);
    await sleep(250);
  }
}
