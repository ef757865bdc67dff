// The BIRD edge: writes the rendered config atomically, asks BIRD to reload it only when the
// text changed, reads session states back, and can run a BIRD of its own (or drive one that
// someone else started, e.g. the chart's sidecar, through its control socket).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { parseBirdProtocols, type BirdSession } from './parse-bird-protocols.js';

const run = promisify(execFile);

/** Where BIRD's config and control socket live, and whether we start BIRD ourselves. */
export interface BirdAdapterOptions {
  configPath: string;
  socketPath: string;
  /** Start `bird` ourselves (foreground child), instead of driving a running one. */
  spawn?: boolean;
  birdBinary?: string;
  birdcBinary?: string;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** What apply() did. */
export type BirdApplyOutcome = 'unchanged' | 'reconfigured' | 'started';

/** A handle on one BIRD instance. */
export interface BirdAdapter {
  /** Writes `text` if it differs from the file, then reconfigures (or starts) BIRD. */
  apply(text: string): Promise<BirdApplyOutcome>;
  /** BGP sessions from `show protocols all`. */
  sessions(): Promise<BirdSession[]>;
  /** Stops the BIRD we spawned (a BIRD started by others is left alone). */
  stop(): Promise<void>;
}

/** Creates the adapter; nothing happens until apply(). */
export function createBirdAdapter(opts: BirdAdapterOptions): BirdAdapter {
  const birdc = opts.birdcBinary ?? 'birdc';
  let child: ChildProcess | undefined;

  async function birdcRun(...args: string[]): Promise<string> {
    const { stdout } = await run(birdc, ['-s', opts.socketPath, ...args], { timeout: 10_000 });
    return stdout;
  }

  async function writeAtomically(text: string): Promise<boolean> {
    const before = await readFile(opts.configPath, 'utf8').catch(() => undefined);
    if (before === text) return false;
    const tmp = path.join(path.dirname(opts.configPath), `.${path.basename(opts.configPath)}.${process.pid}.tmp`);
    await writeFile(tmp, text, { mode: 0o600 }); // it may hold BGP passwords
    await rename(tmp, opts.configPath);
    return true;
  }

  async function waitForSocket(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        await birdcRun('show', 'status');
        return;
      } catch (err) {
        if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`bird exited with code ${child.exitCode}`, { cause: err });
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  return {
    async apply(text) {
      const changed = await writeAtomically(text);
      if (opts.spawn && !child) {
        const bird = opts.birdBinary ?? 'bird';
        // -f: stay in the foreground, so BIRD's lifetime is this child's and stop() can end it.
        child = spawn(bird, ['-f', '-c', opts.configPath, '-s', opts.socketPath], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
        child.on('exit', (code) => {
          if (code !== 0 && code !== null) opts.log?.error({ op: 'bird', reason: stderr.trim().slice(-500) }, 'bird exited');
        });
        await waitForSocket(10_000);
        opts.log?.info({ op: 'bird', socket: opts.socketPath }, 'started bird');
        return 'started';
      }
      if (!changed) return 'unchanged';
      const out = await birdcRun('configure');
      // BIRD answers "Reconfigured" / "Reconfiguration in progress", or the parse error with its line.
      if (!/Reconfigur/i.test(out)) throw new Error(`birdc configure failed: ${out.trim().split('\n').slice(-1)[0] ?? ''}`);
      opts.log?.info({ op: 'bird', reason: 'config changed' }, 'reconfigured bird');
      return 'reconfigured';
    },
    async sessions() {
      return parseBirdProtocols(await birdcRun('show', 'protocols', 'all'));
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
