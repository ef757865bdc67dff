// The lab's long-running processes: each started inside its namespace with `ip netns exec`
// (which execs, so the pid we get is the program's), detached from `lab up` so they outlive it,
// logging to a file in the lab directory. Stopping goes by namespace (`ip netns pids`), so a
// lab whose state file is lost can still be cleaned up.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
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
    if (child.pid === undefined) throw new Error(`could not start ${name} in ${ns}`);
    child.unref();
    return { name, namespace: ns, pid: child.pid, log, argv: [...argv] };
  } finally {
    closeSync(fd);
  }
}

/** Whether a pid is alive. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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
}
