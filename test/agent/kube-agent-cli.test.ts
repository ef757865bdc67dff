// `gitlb agent` usage errors: refused before anything touches the node or the API server.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function agent(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', 'agent', ...args], { cwd: root, env: { ...process.env, NODE_NAME: '', ...env }, timeout: 30_000 },
      (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }));
  });
}

// Each case is a cold `node --import tsx` start of the whole CLI: seconds on a busy machine.
describe('gitlb agent usage', { timeout: 60_000 }, () => {
  it('needs a node name', async () => {
    const r = await agent([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: --node is required (or set NODE_NAME)');
  });

  it('takes --bird-socket and --bird-config together', async () => {
    const r = await agent(['--node', 'n1', '--bird-socket', '/tmp/x.ctl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--bird-socket and --bird-config go together');
  });

  it('says which kubeconfig it cannot load', async () => {
    const r = await agent(['--node', 'n1', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot load the kubeconfig /nonexistent/kubeconfig');
  });

  it('lists its options in --help', async () => {
    const r = await new Promise<string>((resolve) => execFile(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', 'agent', '--help'], { cwd: root }, (_e, out) => resolve(out)));
    for (const flag of ['--node', '--kubeconfig', '--context', '--namespace', '--bird-socket', '--bird-config', '--bird-spawn', '--metrics-listen']) expect(r).toContain(flag);
  });
});
