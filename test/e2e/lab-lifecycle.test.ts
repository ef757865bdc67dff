// The lab itself: up and down cleanly twice in a row under one name, `status --format json`
// names what users need (namespaces, kubeconfig, repo), nothing is added to the namespace the
// command runs in, and `down` cleans up after a crash (processes killed, record gone).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const gitlb = path.join(root, 'dist', 'reconciler', 'cli', 'main.js');
const name = `elife${process.pid.toString(36).slice(-4)}`;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [gitlb, 'lab', ...args, '--name', name], { timeout: 180_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function labNamespaces(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(`gitlb-${name}-`));
}

/** The lab's processes still alive: those of its record, and any whose command line names its
 *  directory. Zombies are dead (in a container whose init does not reap, they stay listed). */
async function labProcesses(dir: string, pids: number[]): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,args=']);
  return stdout.split('\n').filter((l) => {
    const [pid, stat] = l.trim().split(/\s+/);
    return !stat?.startsWith('Z') && (l.includes(dir) || pids.includes(Number(pid)));
  });
}

/** The links and addresses of the namespace the tests run in. */
async function hostNetwork(): Promise<string> {
  const { stdout } = await run('ip', ['-j', 'addr']);
  // Other test files create `gl…` veths here for a moment before moving them: not the lab's.
  return JSON.stringify((JSON.parse(stdout) as Array<{ ifname: string; addr_info?: Array<{ local: string }> }>)
    .filter((l) => !l.ifname.startsWith('gl')).map((l) => [l.ifname, (l.addr_info ?? []).map((a) => a.local)]));
}

describe('e2e: lab up, status, down', () => {
  it('says it needs root instead of half-building a lab', async () => {
    // setpriv (util-linux) drops to nobody for this one run
    const r = await run('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, gitlb, 'lab', 'up', '--name', name])
      .then(() => ({ code: 0, stderr: '' }), (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? '' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the lab needs root');
    expect(await labNamespaces()).toEqual([]);
  });

  it('comes up and goes down cleanly twice in a row, touching nothing outside its namespaces', async () => {
    const host = await hostNetwork();
    for (let round = 1; round <= 2; round++) {
      const up = await cli('up', '--nodes', '2', '--format', 'json');
      expect(up.code, up.stderr).toBe(0);
      const status = JSON.parse((await cli('status', '--format', 'json')).stdout) as {
        up: boolean; healthy: boolean; dir: string; kubeconfig: string; repo: string; processes: Array<{ pid: number }>;
        namespaces: { control: string; router: string; client: string; switch: string; nodes: string[] };
      };
      expect(status.up).toBe(true);
      expect(status.healthy).toBe(true);
      expect(status.namespaces).toEqual({
        control: `gitlb-${name}-control`, router: `gitlb-${name}-router`, client: `gitlb-${name}-client`, switch: `gitlb-${name}-switch`,
        nodes: [`gitlb-${name}-node-1`, `gitlb-${name}-node-2`],
      });
      // the kubeconfig works with kubectl from the control namespace
      const nodes = await run('ip', ['netns', 'exec', status.namespaces.control, 'kubectl', '--kubeconfig', status.kubeconfig, 'get', 'nodes', '-o', 'name']);
      expect(nodes.stdout.trim().split('\n').sort()).toEqual(['node/node-1', 'node/node-2']);
      // the repo is a bare Git remote with the seed on main, from its root
      const files = await run('git', ['--git-dir', status.repo, 'ls-tree', '--name-only', 'main']);
      expect(files.stdout).toContain('servicegroup-routed.yaml');
      expect(await hostNetwork()).toBe(host);

      const down = await cli('down');
      expect(down.code, down.stderr).toBe(0);
      expect(await labNamespaces()).toEqual([]);
      expect(await labProcesses(status.dir, status.processes.map((p) => p.pid))).toEqual([]);
      expect(existsSync(status.dir)).toBe(false);
    }
    expect(await hostNetwork()).toBe(host);
  }, 400_000);

  it('cleans up after a crash: processes killed, its record gone', async () => {
    const up = await cli('up', '--nodes', '1', '--format', 'json');
    expect(up.code, up.stderr).toBe(0);
    const status = JSON.parse(up.stdout) as { dir: string; processes: Array<{ pid: number; name: string }> };
    // a crash: the reconciler and the API server die, the record is lost
    for (const p of status.processes.filter((x) => x.name === 'reconciler' || x.name === 'emulator')) process.kill(p.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const sick = await cli('status');
    expect(sick.code).toBe(4);
    expect(sick.stdout).toMatch(/up, but (emulator, reconciler|reconciler, emulator) exited/);
    rmSync(path.join(status.dir, 'lab.json'));
    const st = await cli('status');
    expect(st.code).toBe(3);
    expect(st.stdout).toContain('leftover namespaces');

    const down = await cli('down');
    expect(down.code, down.stderr).toBe(0);
    expect(await labNamespaces()).toEqual([]);
    expect(await labProcesses(status.dir, status.processes.map((p) => p.pid))).toEqual([]);
    const again = await cli('down');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was not up');
  }, 300_000);

  it('never empties or deletes a directory that is not a lab\'s', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-not-a-lab-'));
    try {
      writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
      const up = await cli('up', '--dir', dir);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('is not a lab directory');
      const down = await cli('down', '--dir', dir);
      expect(down.code).toBe(0);
      expect(readFileSync(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
      expect(await labNamespaces()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
