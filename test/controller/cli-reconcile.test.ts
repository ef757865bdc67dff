// `gitlb reconcile` as a process: --dir against the emulator with --leader-elect and
// --metrics-listen; it applies, serves /metrics /healthz /readyz, and on SIGTERM exits 0 and
// releases the leader Lease.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../emulator/harness.js';
import { addNodes, addService, ingressByService, startWorld, type World } from '../integration/world.js';
import { condition, statusOf } from './setup.js';

const main = path.resolve('reconciler/cli/main.ts');
let w: World;
let child: ChildProcess | null = null;

beforeEach(async () => {
  w = await startWorld();
  await addNodes(w, [{ name: 'node-a', ip: '192.168.10.11' }]);
  await addService(w, 'default', 'web');
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await w.stop();
});

describe('gitlb reconcile', () => {
  it('applies a directory, serves metrics and probes, and releases the Lease on SIGTERM', async () => {
    const args = ['--import', 'tsx', main, 'reconcile', '--dir', 'examples/basic', '--interval', '200ms', '--kubeconfig', w.h.kubeconfig];
    args.push('--leader-elect', '--lease-namespace', 'gitlb-system', '--lease-duration', '3s', '--name', 'cli-rec', '--metrics-listen', '127.0.0.1:0');
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

    const port = await waitFor('start line', () => {
      const line = stderr.split('\n').find((l) => l.includes('"op":"start"'));
      return line ? (JSON.parse(line) as { metricsPort: number }).metricsPort : undefined;
    });
    await waitFor('Ready', () => condition(statusOf(w, 'cli-rec'), 'Ready') === 'True', 15_000);
    expect((await ingressByService(w))['default/web']).toEqual(['192.168.10.240']);
    // The run logs after it writes the status, and the log comes through a pipe: wait for it.
    await waitFor('the run logged', () => stderr.includes('"op":"reconcile"') && stderr.includes('"outcome":"ok"'));

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('gitlb_leader 1');
    expect(metrics).toMatch(/gitlb_applied_revision\{revision="sha256:[0-9a-f]+"\} 1/);
    expect(metrics).toContain('gitlb_pool_addresses{group="default"} 11');
    expect(metrics).toContain('gitlb_reconcile_duration_seconds_bucket');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lease = await w.coordination.readNamespacedLease({ namespace: 'gitlb-system', name: 'gitlb-reconciler' });
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  }, 30_000);
});
