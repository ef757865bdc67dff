// Shared test harness: an emulator on a random port with a kubeconfig in a temp directory,
// the real kubectl run against it, and polling with a deadline instead of sleeps.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Emulator, type EmulatorOptions } from '../../reconciler/emulator/emulator.js';
import { writeKubeconfig } from '../../reconciler/emulator/kubeconfig.js';
import type { RequestLog } from '../../reconciler/emulator/routes.js';

/** A started emulator with its kubeconfig and request log. */
export interface Harness {
  emulator: Emulator;
  kubeconfig: string;
  /** kubectl's discovery/OpenAPI cache for this emulator only (ports are reused across runs). */
  cacheDir?: string;
  requests: RequestLog[];
  stop(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1:0 and writes its kubeconfig to a fresh temp dir. */
export async function startHarness(opts: EmulatorOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gitlb-emulator-'));
  const requests: RequestLog[] = [];
  const emulator = await Emulator.start({ ...opts, log: (r) => requests.push(r) });
  const kubeconfig = path.join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfig, emulator.url);
  return {
    emulator,
    kubeconfig,
    cacheDir: path.join(dir, 'kube-cache'),
    requests,
    async stop() {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The result of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl with the harness's kubeconfig; never throws on a non-zero exit. */
export function kubectl(h: Harness, args: string[], stdin?: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile('kubectl', [...kubectlFlags(h), ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** Starts a long-running kubectl (e.g. `get -w`) and collects its stdout. */
export function kubectlStream(h: Harness, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn('kubectl', [...kubectlFlags(h), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return { child, output: () => out };
}

function kubectlFlags(h: Pick<Harness, 'kubeconfig' | 'cacheDir'>): string[] {
  return ['--kubeconfig', h.kubeconfig, ...(h.cacheDir ? ['--cache-dir', h.cacheDir] : [])];
}

/** Polls `check` until it returns a value other than undefined/false, or fails after the deadline. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
