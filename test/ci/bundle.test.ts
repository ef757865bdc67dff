// The shipped binary is an esbuild bundle (scripts/build.mjs), not the TypeScript sources the
// other CLI tests run through tsx: it must behave exactly like them. `npm test` builds first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/reconciler/cli/main.js');
const source = path.join(root, 'reconciler/cli/main.ts');

function run(argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const built = (...args: string[]) => run([bin, ...args]);
const fromSource = (...args: string[]) => run(['--import', 'tsx', source, ...args]);

describe('the bundled binary', () => {
  it('exists (npm run build)', () => {
    expect(existsSync(bin), `${bin} is missing: run npm run build`).toBe(true);
  });

  it.each([
    ['text', ['plan', 'examples/basic', '--state', 'examples/basic/cluster-state.yaml']],
    ['json', ['plan', 'examples/basic', '--state', 'examples/basic/cluster-state.yaml', '--format', 'json']],
    ['markdown with exit code', ['plan', 'examples/basic', '--state', 'examples/basic/cluster-state.yaml', '--format', 'markdown', '--detailed-exitcode']],
    ['invalid config', ['validate', 'test/fixtures/invalid']],
  ])('prints what the sources print: %s', (_name, args) => {
    const a = built(...args);
    const b = fromSource(...args);
    expect(a.stdout.length + a.stderr.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('--version is the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(built('--version')).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });

  it('--help lists every command', () => {
    const out = built('--help').stdout;
    for (const name of ['validate', 'plan', 'apply', 'reconcile', 'agent', 'state', 'import', 'emulator', 'lab']) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('leaves the native, worker-thread and Kubernetes client packages to node_modules', () => {
    const files = readdirSync(path.join(root, 'dist/chunks')).filter((f) => f.endsWith('.js'));
    const code = files.map((f) => readFileSync(path.join(root, 'dist/chunks', f), 'utf8')).join('\n');
    for (const pkg of ['@kubernetes/client-node', 'netlink', 'pino']) expect(code).toMatch(new RegExp(`from "${pkg.replace('/', '\\/')}"`));
  });
});
