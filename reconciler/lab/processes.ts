// The lab's long-running processes: each started inside its namespace with `ip netns exec`
// (which execs, so the pid we get is the program's), detached from `lab up` so they outlive it,
// logging to a file in the lab directory. Stopping goes by namespace (`ip netns pids`), so a
// lab whose state file is lost can still be cleaned up.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { run, sleep } from './shell.js';

/** A process the lab started. */
export interface LabProcess {
  /** What it is, e.g. "agent node-1". */
  name: string;
  namespace: string;
  pid: number;
  log: string;
  argv: string[];
}

/** Starts `argv` inside `ns`, detached, stdout and stderr appended to `log`. */
export function startIn(ns: string, name: string, argv: readonly string[], log: string, env: NodeJS.ProcessEnv = {}): LabProcess {
  const fd = openSync(log, 'a');
  try {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env },
    });
    // A failed spawn (no `ip`) is an 'error' event; without a listener it would crash the command.
    child.once('error', () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${name} in ${ns}`);
    child.unref();
    return { name, namespace: ns, pid: child.pid, log, argv: [...argv] };
  } finally {
    closeSync(fd);
  }
}

/** Whether a pid is alive. A zombie is not: a lab process outlives `lab up` and is reaped by
 *  whoever adopts it, which in a container may be slow to do so or never. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ...": the state follows the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Pids of every process inside a namespace. */
export async function pidsIn(ns: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', ns]).catch(() => '');
  return out.split(/\s+/).filter(Boolean).map(Number).filter((p) => Number.isInteger(p) && p > 0);
}

/** Signals pids; the ones already gone are fine. */
export function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM everything in the namespaces, then SIGKILL what is left after `graceMs`. */
export async function stopNamespaces(namespaces: readonly string[], graceMs: number): Promise<void> {
  const all = (await Promise.all(namespaces.map(pidsIn))).flat();
  signal(all, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && all.some(isRunning)) await sleep(50);
  signal(all.filter(isRunning), 'SIGKILL');
  // processes that were mid-fork when listed
  const late = (await Promise.all(namespaces.map(pidsIn))).flat();
  signal(late, 'SIGKILL');
  const gone = Date.now() + 2000;
  while (Date.now() < gone && [...all, ...late].some(isRunning)) await sleep(20);
}

/** Kills a process and its process group: a lab process is its group's leader (started
 *  detached), so an agent goes together with the BIRD it spawned, as when a pod dies. */
export function killGroup(pid: number, sig: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, sig);
  } catch {
    signal([pid], sig);
  }
}
