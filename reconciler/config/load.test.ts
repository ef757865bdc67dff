// The loader against the fixture corpora: every invalid file fails with exactly the expected
// located error; every valid variant normalizes to the same DesiredState.
import { mkdtemp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import type { DesiredState } from './model.js';
import { RULES } from './rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const invalidDir = 'test/fixtures/invalid';
const validDir = 'test/fixtures/valid';

interface Expectation {
  rule: string;
  line: number;
  col: number;
  strict?: boolean;
}

const expectations = JSON.parse(await readFile(path.join(root, invalidDir, 'expectations.json'), 'utf8')) as Record<string, Expectation>;
const invalidFiles = (await readdir(path.join(root, invalidDir))).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('invalid corpus', () => {
  it('has at least 40 fixtures, each with exactly one expectation', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expectations).sort()).toEqual(invalidFiles);
  });

  it.each(invalidFiles)('%s fails with its one located error', async (file) => {
    const want = expectations[file];
    const result = await loadConfig([`${invalidDir}/${file}`], { cwd: root, strict: want?.strict ?? false });
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => ({ rule: e.rule, line: e.loc?.line, col: e.loc?.col, file: e.loc?.file }))).toEqual([
      { rule: want?.rule, line: want?.line, col: want?.col, file: `${invalidDir}/${file}` },
    ]);
    expect(errors[0]?.message.length).toBeGreaterThan(10);
  });

  it('exercises every error rule at least once', () => {
    // remote-in-local-subnet only warns; it has its own test below.
    const warningOnly = new Set(['remote-in-local-subnet']);
    const covered = new Set(Object.values(expectations).map((e) => e.rule));
    for (const r of RULES) if (!warningOnly.has(r.id)) expect(covered, r.id).toContain(r.id);
  });

  it('never prints a plain-text password', async () => {
    const result = await loadConfig([`${invalidDir}/purelb-bgp-plaintext-password.yaml`], { cwd: root });
    expect(JSON.stringify(result.diagnostics)).not.toContain('hunter2');
  });

  it('accepts the other-kinds fixture without --strict, counting the skipped document', async () => {
    const result = await loadConfig([`${invalidDir}/strict-other-kind.yaml`], { cwd: root });
    expect(result.ok).toBe(true);
    expect(result.skipped).toBe(1);
  });
});

describe('paths and files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gitlb-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a missing path without a stack trace', async () => {
    const result = await loadConfig(['does/not/exist'], { cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([{ severity: 'error', rule: 'path-not-found', message: 'does/not/exist: no such file or directory' }]);
  });

  it('reports a directory without YAML files', async () => {
    await mkdir(path.join(dir, 'empty'));
    await writeFile(path.join(dir, 'empty', 'notes.txt'), 'not config');
    const result = await loadConfig(['empty'], { cwd: dir });
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['no-config-files']);
  });

  it('reports an unreadable file (a broken symbolic link) at its path', async () => {
    await mkdir(path.join(dir, 'broken'));
    await symlink(path.join(dir, 'nowhere.yaml'), path.join(dir, 'broken', 'group.yaml'));
    const result = await loadConfig(['broken'], { cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ rule: 'file-unreadable', loc: { file: 'broken/group.yaml', line: 1, col: 1 } });
  });

  it('walks directories in sorted order, skipping hidden folders, and hashes the content', async () => {
    const tree = path.join(dir, 'tree');
    await mkdir(path.join(tree, 'b'), { recursive: true });
    await mkdir(path.join(tree, '.git'));
    await writeFile(path.join(tree, '.git', 'junk.yaml'), '{{{');
    const sg = (name: string, third: number) =>
      `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: ${name}\nspec:\n  local:\n    v4pools:\n      - pool: 192.168.${third}.240/28\n        subnet: 192.168.${third}.0/24\n`;
    await writeFile(path.join(tree, 'b', 'z.yml'), sg('zeta', 2));
    await writeFile(path.join(tree, 'a.yaml'), sg('alpha', 1));
    const first = await loadConfig(['tree'], { cwd: dir });
    const again = await loadConfig([tree], { cwd: '/' });
    expect(first.ok && first.value.groups.map((g) => [g.name, g.loc.file])).toEqual([
      ['alpha', 'tree/a.yaml'],
      ['zeta', 'tree/b/z.yml'],
    ]);
    if (!first.ok || !again.ok) throw new Error('tree should be valid');
    expect(first.value.revision).toMatch(/^sha256:[0-9a-f]{12}$/);
    await writeFile(path.join(tree, 'a.yaml'), sg('alpha', 3));
    const changed = await loadConfig(['tree'], { cwd: dir });
    expect(changed.ok && changed.value.revision).not.toBe(first.value.revision);
    expect(changed.revision).toBe(changed.ok && changed.value.revision);
  });

  it('gives a tree the same revision from any working directory and at any location', async () => {
    const tree = path.join(dir, 'moved', 'config');
    await mkdir(path.join(tree, 'sub'), { recursive: true });
    const sg = `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata: {name: default}\nspec: {local: {v4pools: [{pool: 10.0.0.240/28, subnet: 10.0.0.0/24}]}}\n`;
    await writeFile(path.join(tree, 'sub', 'a.yaml'), sg);
    const here = await loadConfig(['config'], { cwd: path.join(dir, 'moved') });
    expect(here.ok).toBe(true);
    expect((await loadConfig([tree], { cwd: '/' })).revision).toBe(here.revision);
    const copy = path.join(dir, 'elsewhere', 'tree');
    await mkdir(path.join(copy, 'sub'), { recursive: true });
    await writeFile(path.join(copy, 'sub', 'a.yaml'), sg);
    expect((await loadConfig([copy], { cwd: dir })).revision).toBe(here.revision);
    // The name inside the tree is part of the revision: a renamed file is a new revision.
    // (A directory source loads its root with cwd at the root: the same names, the same revision.)
    expect((await loadConfig([tree], { cwd: tree })).revision).toBe(here.revision);
    await rename(path.join(copy, 'sub', 'a.yaml'), path.join(copy, 'sub', 'b.yaml'));
    expect((await loadConfig([copy], { cwd: dir })).revision).not.toBe(here.revision);
  });

  it('names an invalid tree too, by the same hash, changing when its files do', async () => {
    const tree = path.join(dir, 'invalid-tree');
    await mkdir(tree);
    const sg = (pool: string) => `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata: {name: default}\nspec: {local: {v4pools: [{pool: ${pool}, subnet: 10.0.0.0/24}]}}\n`;
    await writeFile(path.join(tree, 'a.yaml'), sg('10.0.0.240/28'));
    await writeFile(path.join(tree, 'README.md'), '# not config\n');
    const valid = await loadConfig([tree], { cwd: tree });
    if (!valid.ok) throw new Error('tree should be valid');
    expect(valid.revision).toBe(valid.value.revision);
    await writeFile(path.join(tree, 'a.yaml'), sg('nope'));
    const invalid = await loadConfig([tree], { cwd: tree });
    expect(invalid.ok).toBe(false);
    expect(invalid.revision).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(invalid.revision).not.toBe(valid.revision);
    expect((await loadConfig([tree], { cwd: tree })).revision).toBe(invalid.revision);
    await writeFile(path.join(tree, 'a.yaml'), sg('still-nope'));
    expect((await loadConfig([tree], { cwd: tree })).revision).not.toBe(invalid.revision);
  });
});

/** The model without source locations and revision, for comparing forms of one config. */
function withoutLocations(state: DesiredState): unknown {
  return JSON.parse(JSON.stringify({ ...state, revision: '' }, (k, v: unknown) => (k === 'loc' ? undefined : typeof v === 'bigint' ? v.toString() : v)));
}

describe('valid corpus', () => {
  const variants = ['gitlb', 'gitlb-multidoc', 'purelb-v1', 'purelb-v2'];

  it.each(variants)('%s loads without errors', async (variant) => {
    const result = await loadConfig([`${validDir}/${variant}`], { cwd: root });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('normalizes every variant to the same model', async () => {
    const models = await Promise.all(
      variants.map(async (v) => {
        const r = await loadConfig([`${validDir}/${v}`], { cwd: root });
        if (!r.ok) throw new Error(`${v} is invalid`);
        return withoutLocations(r.value);
      }),
    );
    for (const m of models.slice(1)) expect(m).toEqual(models[0]);
  });

  it('produces the expected model', async () => {
    const r = await loadConfig([`${validDir}/gitlb`], { cwd: root });
    if (!r.ok) throw new Error('invalid');
    const [local, routed] = r.value.groups;
    expect(local).toMatchObject({ name: 'default', type: 'local', v6pools: [] });
    expect(local?.v4pools[0]).toMatchObject({ family: 4, first: 0xc0a80af0n, last: 0xc0a80afan, subnet: '192.168.10.0/24', subnetPrefix: 24, aggregation: 24 });
    expect(local?.v4pools[0]?.loc).toEqual({ file: 'test/fixtures/valid/gitlb/servicegroup-default.yaml', line: 8, col: 15 });
    expect(routed).toMatchObject({ name: 'routed', type: 'remote' });
    expect(routed?.v6pools[0]).toMatchObject({ family: 6, subnet: 'fd00:200::/64', aggregation: 128 });
    expect(r.value.nodeAgent).toEqual({ name: 'default', localInterface: 'default', dummyInterface: 'kube-lb0', garp: { enabled: true, count: 3, intervalMs: 500 }, nodeSelector: null });
    expect(r.value.bgp?.neighbors[0]).toMatchObject({
      address: '192.168.10.1',
      peerASN: 64500,
      holdTime: 9,
      keepaliveTime: 3,
      bfd: { minRxMs: 300, minTxMs: 300, multiplier: 3 },
      passwordSecretRef: { namespace: 'purelb-system', name: 'bgp-auth', key: 'password' },
    });
  });

  it('warns about PureLB settings it ignores without failing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gitlb-warn-'));
    try {
      await writeFile(
        path.join(dir, 'agent.yaml'),
        'apiVersion: purelb.io/v2\nkind: LBNodeAgent\nmetadata:\n  name: default\nspec:\n  local:\n    addressConfig:\n      localInterface:\n        validLifetime: 300\n',
      );
      const r = await loadConfig(['.'], { cwd: dir });
      expect(r.ok).toBe(true);
      expect(r.diagnostics).toMatchObject([{ severity: 'warning', rule: 'ignored-field', loc: { file: 'agent.yaml', line: 7, col: 5 } }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('warns about a remote pool inside a local group subnet, and a subnet with host bits', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gitlb-warn-'));
    try {
      const sg = (name: string, type: string, pool: string, subnet: string) =>
        `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: ${name}\nspec:\n  ${type}:\n    v4pools:\n      - pool: ${pool}\n        subnet: ${subnet}\n`;
      await writeFile(path.join(dir, 'a.yaml'), sg('default', 'local', '192.168.10.240/29', '192.168.10.1/24'));
      await writeFile(path.join(dir, 'b.yaml'), sg('routed', 'remote', '192.168.10.200/29', '192.168.10.200/29'));
      const r = await loadConfig(['.'], { cwd: dir });
      expect(r.ok).toBe(true);
      expect(r.diagnostics.map((d) => [d.rule, d.loc?.file, d.loc?.line, d.loc?.col])).toEqual([
        ['cidr-syntax', 'a.yaml', 9, 17],
        ['remote-in-local-subnet', 'b.yaml', 8, 15],
      ]);
      expect(r.ok && r.value.groups[0]?.v4pools[0]?.subnet).toBe('192.168.10.0/24');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
