// Runs the real sync engine inside a network namespace: netlink sockets bind to the namespace
// of the process that opens them and Node cannot setns(), so the engine lives in a child
// process started with `ip netns exec NS node --import tsx netns-agent-child.ts` and is driven
// over Node's IPC channel (the fd survives `ip netns exec`, which only execs).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'netns-agent-child.ts');

/** A handle on an agent process in a namespace. */
export interface NetnsAgent {
  /** Calls a method of the child (see netns-agent-child.ts) and returns its JSON result. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Everything the child wrote to stderr (its logs), for failure messages. */
  logs(): string;
  /** Stops the engine and the process. */
  close(): Promise<void>;
}

/** Starts an agent child process in `ns`; `options` go to startNodeSync. */
export async function spawnNetnsAgent(ns: string, options: Record<string, unknown> = {}): Promise<NetnsAgent> {
  const proc: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', child], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, GITLB_LOG_LEVEL: process.env.GITLB_LOG_LEVEL ?? 'info' },
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  proc.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value); else p.reject(new Error(m.error));
  });
  proc.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`agent child exited (${code}): ${stderr.slice(-2000)}`));
    pending.clear();
  });
  const call = <T>(method: string, ...args: unknown[]): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    proc.send({ id, method, args });
  });
  await call('start', options);
  return {
    call,
    logs: () => stderr,
    async close() {
      if (proc.exitCode !== null) return;
      await call('stop').catch(() => undefined);
      const exited = new Promise((r) => proc.once('exit', r));
      proc.disconnect();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
