// The path from a gitlb checkout to a PR check without a published package: `npm pack` makes a
// tarball (its prepare script builds dist/), the tarball installs into an empty project from
// the npm registry's dependencies alone, and its `gitlb plan` writes the markdown comment; the
// GitHub workflow's own Install step installs the same tarball committed to a config repo.
// Network: the dependencies come from the npm registry. Takes about 30-45 s (pack a few seconds with
// the esbuild build, two installs ~10 s each with a warm npm cache).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MARKER = '<!-- gitlb-plan -->';
const SUMMARY = '**Plan: 2 to add, 3 to change, 0 to remove (0 disruptive).**';
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface GhStep { name?: string; run?: string }
const workflow = parse(readFileSync(path.join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: GhStep[] }> };

// npm_config_prefer_offline: dependencies already in the npm cache are not revalidated against
// the registry (same result, a few seconds less per install).
function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 150_000, env: { ...process.env, npm_config_prefer_offline: 'true', ...env } });
}
const why = (r: SpawnSyncReturns<string>) => `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${r.stdout}\n${r.stderr}`.slice(-4000);

describe('gitlb as an npm tarball', () => {
  let tmp: string;
  let tgz: string;
  let files: string[];

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'gitlb-pack-'));
    // What a clone of this tree holds: tracked files plus new ones not ignored, so dist/ is
    // built by prepare, not taken from this checkout, and nothing is written into it.
    const src = path.join(tmp, 'src');
    const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
    expect(listed.status, why(listed)).toBe(0);
    for (const f of listed.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(path.join(ROOT, f))) continue; // deleted in the working tree
      mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
      cpSync(path.join(ROOT, f), path.join(src, f));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules')); // the dev dependencies prepare needs
    const packed = run('npm', ['pack', '--json', '--pack-destination', tmp], src);
    expect(packed.status, why(packed)).toBe(0);
    const out = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
    tgz = path.join(tmp, out?.filename ?? '');
    files = (out?.files ?? []).map((f) => f.path);
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the built CLI, the schemas and the examples, and no tests', () => {
    expect(path.basename(tgz)).toBe(`gitlb-${version}.tgz`);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/reconciler/cli/main.js', 'schemas/nodeannouncement.schema.json', 'examples/basic/cluster-state.yaml', 'examples/ci/github-actions.yml']));
    expect(files.filter((f) => /\.test\.js$|^test\/|^reconciler\//.test(f))).toEqual([]);
  });

  it('installs into an empty project, whose gitlb plans examples/basic as a markdown comment', () => {
    const proj = path.join(tmp, 'proj');
    mkdirSync(proj);
    writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
    const installed = run('npm', ['install', '--no-audit', '--no-fund', tgz], proj);
    expect(installed.status, why(installed)).toBe(0);
    const pkg = path.join(proj, 'node_modules/gitlb');
    const r = run(path.join(proj, 'node_modules/.bin/gitlb'), ['plan', 'examples/basic', '--state', 'examples/basic/cluster-state.yaml', '--format', 'markdown', '--comment-marker', MARKER], pkg);
    expect(r.status, why(r)).toBe(0);
    expect(r.stdout.startsWith(`${MARKER}\n### gitlb plan\n`)).toBe(true);
    expect(r.stdout).toContain(SUMMARY);
  }, 150_000);

  it('the GitHub workflow\'s Install step installs it committed to a config repo as GITLB_PACKAGE says', () => {
    // The default GITLB_PACKAGE names the tarball `npm pack` makes of this version.
    const pkgSpec = workflow.env.GITLB_PACKAGE ?? '';
    expect(pkgSpec).toBe(`./ci/gitlb-${version}.tgz`);
    const repo = path.join(tmp, 'lb-config');
    mkdirSync(path.join(repo, 'ci'), { recursive: true });
    cpSync(tgz, path.join(repo, pkgSpec));
    cpSync(path.join(ROOT, 'examples/basic'), path.join(repo, 'config'), { recursive: true });
    const step = workflow.jobs.plan?.steps.find((s) => s.name === 'Install gitlb')?.run ?? '';
    expect(step).not.toBe('');
    const runnerTemp = path.join(tmp, 'runner-temp');
    mkdirSync(runnerTemp);
    const global = path.join(tmp, 'global');
    // npm_config_prefix: the runner's `npm install --global`, into a directory of ours.
    const env = { GITLB_PACKAGE: pkgSpec, RUNNER_TEMP: runnerTemp, npm_config_prefix: global };
    const installed = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step], repo, env);
    expect(installed.status, why(installed)).toBe(0);
    const r = run(path.join(global, 'bin/gitlb'), ['plan', 'config', '--state', 'config/cluster-state.yaml', '--format', 'markdown', '--comment-marker', MARKER], repo);
    expect(r.status, why(r)).toBe(0);
    expect(r.stdout).toContain(SUMMARY);
  }, 150_000);
});
