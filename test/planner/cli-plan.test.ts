// `gitlb plan` end to end through the real entry point: output, exit codes, --out,
// --detailed-exitcode, config and state-file errors, and the failover preview.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const main = path.resolve('reconciler/cli/main.ts');

function gitlb(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gitlb plan', () => {
  const state = ['--state', 'examples/basic/cluster-state.yaml'];

  it('prints a readable plan and exits 0', () => {
    const r = gitlb('plan', 'examples/basic', ...state);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ Service default/api');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 2 to add, 3 to change, 0 to remove (0 disruptive).');
  });

  it('--detailed-exitcode: 2 with changes, 0 without; --out writes the JSON plan', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-plan-'));
    const out = path.join(dir, 'plan.json');
    const r = gitlb('plan', 'examples/basic', ...state, '--detailed-exitcode', '--format', 'json', '--out', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ format_version: '1', summary: { add: 2, change: 3 } });
    // No --state: an empty cluster, nothing to do.
    const empty = gitlb('plan', 'examples/basic', '--detailed-exitcode');
    expect(empty.code).toBe(0);
    expect(empty.stdout.trimEnd().split('\n').at(-1)).toBe('No changes.');
  });

  it('config errors: located diagnostics and exit 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-plan-'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: default\nspec:\n  local:\n    v4pools:\n      - pool: 10.0.0.300/24\n        subnet: 10.0.0.0/24\n');
    const r = gitlb('plan', dir, '--format', 'github');
    expect(r.code).toBe(1);
    // The same output as `gitlb validate --format github`.
    expect(r.stdout).toMatch(/^::error file=[^,]*bad\.yaml,line=8,col=15,title=gitlb pool-syntax::pool "10\.0\.0\.300\/24" is not a valid CIDR/m);
    const text = gitlb('plan', dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/bad\.yaml:8:15: error: pool "10\.0\.0\.300\/24" is not a valid CIDR.*\(pool-syntax\)\ninvalid: 1 error/);
  });

  it('a malformed state file: file:line:col and exit 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-plan-'));
    const bad = path.join(dir, 'state.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: 80\n');
    const r = gitlb('plan', 'examples/basic', '--state', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}:6:10: error: spec.ports must be a list (state-malformed)`);
  });

  it('--what-if-node-down moves the node\'s addresses; an unknown node is a usage error', () => {
    const r = gitlb('plan', 'examples/basic', ...state, '--what-if-node-down', 'node-b');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/~ node node-b\n {6}- 192\.168\.10\.240\/24 on eth0 \(local\) for default\/web/);
    expect(r.stdout).toMatch(/\+ node node-c\n {6}\+ 192\.168\.10\.240\/24 on default \(local\) for default\/web/);
    expect(r.stdout).toContain('~ holdsShared: true → false');
    const bad = gitlb('plan', 'examples/basic', ...state, '--what-if-node-down', 'node-z');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no node named node-z');
  });

  it('--help shows examples', () => {
    const r = gitlb('plan', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--what-if-node-down <NAME>');
    expect(r.stdout).toContain('$ gitlb plan examples/basic --state examples/basic/cluster-state.yaml');
  });
});
