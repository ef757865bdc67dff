// `gitlb apply`, `gitlb state` and `gitlb plan --kubeconfig` through the real entry point, as a
// child process against the in-process emulator: exit codes, output, refusal of disruptive
// plans, invalid config writing nothing, and a state file planning exactly like live mode.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNodes, addService, ingressByService, startWorld, type World } from './world.js';

const main = path.resolve('reconciler/cli/main.ts');
let w: World;
let dir: string;

/** Runs gitlb asynchronously (a sync spawn would block the emulator living in this process). */
function gitlb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  w = await startWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'gitlb-cli-'));
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
  ]);
  await addService(w, 'default', 'web');
  await addService(w, 'default', 'api', { 'gitlb.io/service-group': 'routed' });
  await addService(w, 'shop', 'storefront', { 'gitlb.io/allow-shared-ip': 'shop' });
});

afterAll(async () => {
  await w.stop();
});

describe('gitlb state and gitlb plan --kubeconfig', () => {
  it('a state file written by `gitlb state` plans exactly like live mode', async () => {
    const state = path.join(dir, 'state.yaml');
    const dumped = await gitlb('state', '--kubeconfig', w.h.kubeconfig, '--out', state);
    expect(dumped).toMatchObject({ code: 0, stdout: '' });
    const text = readFileSync(state, 'utf8');
    expect(text).toMatch(/^apiVersion: v1\nkind: List\n/);
    expect(text).toContain('kind: Service\n');
    expect(text).toContain('kind: Node\n');
    expect(text).not.toContain('managedFields');

    const fromFile = await gitlb('plan', 'examples/basic', '--state', state, '--format', 'json');
    const live = await gitlb('plan', 'examples/basic', '--kubeconfig', w.h.kubeconfig, '--context', 'gitlb-emulator', '--format', 'json');
    expect(fromFile.code).toBe(0);
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout)).toMatchObject({ summary: { add: 3, change: 3 } });
    expect(live.stdout).toBe(fromFile.stdout);
  });

  it('--state with --kubeconfig, or an unknown context, is a usage error', async () => {
    const both = await gitlb('plan', 'examples/basic', '--state', 'x.yaml', '--kubeconfig', w.h.kubeconfig);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--state and --kubeconfig/--context are alternatives');
    const ctx = await gitlb('state', '--kubeconfig', w.h.kubeconfig, '--context', 'prod');
    expect(ctx.code).toBe(1);
    expect(ctx.stderr).toContain('no context named prod in the kubeconfig (contexts: gitlb-emulator)');
  });
});

describe('gitlb apply', () => {
  it('an invalid config: located diagnostics, exit 1, nothing read or written', async () => {
    const bad = path.join(dir, 'bad');
    cpSync('examples/basic', bad, { recursive: true });
    writeFileSync(path.join(bad, 'servicegroup-default.yaml'), 'apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: default\nspec:\n  local:\n    v4pools:\n      - pool: 10.0.0.300/24\n        subnet: 10.0.0.0/24\n');
    const rv = w.h.emulator.resourceVersion();
    const requests = w.h.requests.length;
    const r = await gitlb('apply', bad, '--kubeconfig', w.h.kubeconfig);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/servicegroup-default\.yaml:8:\d+: error: /);
    expect(w.h.emulator.resourceVersion()).toBe(rv);
    expect(w.h.requests.length).toBe(requests);
  });

  it('prints the plan, applies it, exits 0; a second run has nothing to do', async () => {
    const r = await gitlb('apply', 'examples/basic', '--kubeconfig', w.h.kubeconfig);
    expect(r.stderr).not.toMatch(/"level":50/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ Service default/web');
    expect(r.stdout).toContain('Plan: 3 to add, 3 to change, 0 to remove (0 disruptive).');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Apply complete: 6 changed, 0 already up to date, 3 events recorded.');
    expect(await ingressByService(w)).toEqual({ 'default/api': ['10.200.0.0'], 'default/web': ['192.168.10.240'], 'shop/storefront': ['192.168.10.241'] });

    const again = await gitlb('apply', 'examples/basic', '--kubeconfig', w.h.kubeconfig, '--format', 'json');
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout) as { attempts: number; outcome: unknown; plan: { changes: unknown[] } };
    expect(out).toMatchObject({ attempts: 1, outcome: { outcome: 'ok', written: 0 }, plan: { changes: [] } });
  });

  it('refuses a disruptive plan without --allow-disruption (exit 1, naming the Services), applies it with', async () => {
    const shrunk = path.join(dir, 'shrunk');
    cpSync('examples/basic', shrunk, { recursive: true });
    const file = path.join(shrunk, 'servicegroup-default.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('192.168.10.240-192.168.10.250', '192.168.10.245-192.168.10.250'));
    const rv = w.h.emulator.resourceVersion();
    const refused = await gitlb('apply', shrunk, '--kubeconfig', w.h.kubeconfig);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Refused: the plan has');
    expect(refused.stdout).toMatch(/^ {2}Service\/default\/web: re-address 192\.168\.10\.240 → 192\.168\.10\.245: 192\.168\.10\.240 is not in any pool of ServiceGroup default$/m);
    expect(refused.stdout).toMatch(/^ {2}Service\/shop\/storefront: re-address 192\.168\.10\.241 → /m);
    expect(w.h.emulator.resourceVersion()).toBe(rv);

    const applied = await gitlb('apply', shrunk, '--kubeconfig', w.h.kubeconfig, '--allow-disruption');
    expect(applied.code).toBe(0);
    expect((await ingressByService(w))['default/web']).toEqual(['192.168.10.245']);
  });

  it('an unreachable cluster: exit 1 with the reason', async () => {
    const kubeconfig = path.join(dir, 'gone.kubeconfig');
    writeFileSync(kubeconfig, readFileSync(w.h.kubeconfig, 'utf8').replace(/server: http:\/\/127\.0\.0\.1:\d+/, 'server: http://127.0.0.1:1'));
    const r = await gitlb('apply', 'examples/basic', '--kubeconfig', kubeconfig);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Cannot observe the cluster: cannot read the cluster: GET /api/v1/services: connect ECONNREFUSED');
  });
});
