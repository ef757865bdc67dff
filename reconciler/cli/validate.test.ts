// The real `gitlb validate` binary (run from source with tsx): exit codes, formats, help, and
// clear errors instead of stack traces.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function gitlb(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gitlb validate', () => {
  it('exits 0 on the basic example', () => {
    const r = gitlb('validate', 'examples/basic');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: \d+ documents in \d+ files/);
  });

  it('reads several paths as one tree', () => {
    // Both examples define `default`: together they clash, which is what one tree would do.
    const r = gitlb('validate', 'examples/basic', 'examples/dual-stack');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("examples/dual-stack/servicegroup-default.yaml:7:9: error: duplicate ServiceGroup name `default`");
    expect(r.stdout).toContain('overlaps pool of ServiceGroup `default`');
  });

  it('exits 1 with path:line:col: error: message (rule-id) for invalid files', () => {
    const r = gitlb('validate', 'test/fixtures/invalid/pool-outside-subnet.yaml', 'test/fixtures/invalid/unknown-field.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'test/fixtures/invalid/pool-outside-subnet.yaml:8:15: error: pool 192.168.11.240-192.168.11.250 is not inside its subnet 192.168.10.0/24 (pool-in-subnet)',
      'test/fixtures/invalid/unknown-field.yaml:7:5: error: unknown field `v4pols` in `spec.local` (did you mean `v4pools`?) (unknown-field)',
      'invalid: 2 errors in 2 documents in 2 files',
      '',
    ]);
  });

  it('reports binary junk, a missing path and YAML errors without a stack trace', () => {
    const r = gitlb('validate', 'test/fixtures/invalid/binary-junk.yaml', 'no/such/dir', 'test/fixtures/invalid/yaml-syntax.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: no/such/dir: no such file or directory (path-not-found)');
    expect(r.stdout).toContain('test/fixtures/invalid/binary-junk.yaml:2:11: error: not a text file');
    expect(r.stdout).toContain('test/fixtures/invalid/yaml-syntax.yaml:9:1: error: YAML syntax error');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints github annotations and JSON', () => {
    const gh = gitlb('validate', 'test/fixtures/invalid/range-reversed.yaml', '--format', 'github');
    expect(gh.code).toBe(1);
    expect(gh.stdout.split('\n')[0]).toBe('::error file=test/fixtures/invalid/range-reversed.yaml,line=8,col=15,title=gitlb range-order::pool range starts after it ends: 192.168.10.250 > 192.168.10.240 (write 192.168.10.240-192.168.10.250)');
    const json = gitlb('validate', 'examples/basic', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, errors: 0, diagnostics: [] });
  });

  it('fails other kinds only with --strict', () => {
    expect(gitlb('validate', 'test/fixtures/invalid/strict-other-kind.yaml').code).toBe(0);
    const strict = gitlb('validate', '--strict', 'test/fixtures/invalid/strict-other-kind.yaml');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('(unknown-kind)');
  });

  it('says what to type on a usage error, and teaches with --help', () => {
    const bad = gitlb('validate', 'examples/basic', '--format', 'xml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Allowed choices are text, json, markdown, github, sarif');
    const help = gitlb('validate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ gitlb validate examples/basic');
    expect(help.stdout).toContain('--strict');
    expect(gitlb('--help').stdout).toContain('validate');
  });
});
