// `gitlb emulator` as a process: seeds a state file, writes a kubeconfig the real kubectl
// uses, logs to stderr, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, waitFor, type Harness } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;

const stateFile = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: node-a, resourceVersion: "77", uid: 0b1c}
  status:
    conditions: [{type: Ready, status: "True"}]
    nodeInfo: {kubeletVersion: v1.32.0}
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop, annotations: {gitlb.io/allocated-by: gitlb}}
  spec: {type: LoadBalancer, clusterIP: 10.96.0.50, ports: [{port: 443, nodePort: 31443}]}
  status: {loadBalancer: {ingress: [{ip: 192.168.10.240}]}}
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlb-emulator-cli-'));
  await writeFile(path.join(dir, 'state.yaml'), stateFile);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gitlb emulator', () => {
  it('serves the seeded state to kubectl until SIGTERM', async () => {
    const kubeconfig = path.join(dir, 'kubeconfig');
    // node itself (not npx), so the signal reaches the emulator process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', 'emulator', '--listen', '127.0.0.1:0',
      '--kubeconfig-out', kubeconfig, '--seed', path.join(dir, 'state.yaml')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor('the listening line', () => /^emulator listening on (http:\/\/127\.0\.0\.1:\d+); kubeconfig written to /.exec(stdout)?.[1], 20_000);
      expect(await readFile(kubeconfig, 'utf8')).toContain(`server: ${url}`);
      const h = { kubeconfig, cacheDir: path.join(dir, 'kube-cache') } as Harness;
      const svc = await kubectl(h, ['get', 'services', '-A']);
      expect(svc.stdout.split('\n')[1]).toMatch(/^shop\s+web\s+LoadBalancer\s+10\.96\.0\.50\s+192\.168\.10\.240\s+443:31443\/TCP\s+\d+s$/);
      const node = await kubectl(h, ['get', 'nodes', '-o', 'name']);
      expect(node.stdout).toBe('node/node-a\n');
      const ns = await kubectl(h, ['get', 'namespace', 'shop', '-o', 'name']);
      expect(ns.stdout).toBe('namespace/shop\n');
      expect(stderr).toMatch(/"op":"seed","file":".*state\.yaml","objects":2/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"op":"stop","reason":"SIGTERM"/);
  });

  it('refuses a bad --listen with a usage error', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', 'emulator', '--listen', 'a:b:c', '--kubeconfig-out', path.join(dir, 'x')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('error: --listen: cannot parse "a:b:c" (want HOST:PORT)');
  });
});
