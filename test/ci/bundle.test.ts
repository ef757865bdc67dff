// The shipped binary is an esbuild bundle (scripts/build.mjs), not the TypeScript sources the
// other CLI tests run through tsx: it must behave exactly like them. `npm test` builds first.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
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

  it('imports exactly the package.json dependencies from node_modules, and bundles the rest', () => {
    // The published package installs only `dependencies`: the bundle may import nothing else,
    // and a dependency it does not import is fetched by every install for nothing.
    const files = [bin, ...readdirSync(path.join(root, 'dist/chunks')).filter((f) => f.endsWith('.js')).map((f) => path.join(root, 'dist/chunks', f))];
    const imported = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s*"([^"]+)"|\bimport\("([^"]+)"\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
