// treeRevision is loadConfig's revision for a valid tree, and still a revision for an invalid one.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { treeRevision } from './tree-revision.js';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp copy of examples/basic's config files, nested one level, with things loadConfig skips beside them. */
function basicTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gitlb-tree-rev-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'groups'));
  cpSync('examples/basic/servicegroup-default.yaml', path.join(root, 'groups', 'servicegroup-default.yaml'));
  cpSync('examples/basic/servicegroup-routed.yaml', path.join(root, 'groups', 'servicegroup-routed.yaml'));
  cpSync('examples/basic/lbnodeagent.yaml', path.join(root, 'lbnodeagent.yaml'));
  cpSync('examples/basic/bgpconfiguration.yaml', path.join(root, 'bgp.yml'));
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'ignored.yaml'), 'not: config\n');
  writeFileSync(path.join(root, 'README.md'), '# not config\n');
  symlinkSync(path.join(root, 'groups'), path.join(root, 'linked'));
  return root;
}

describe('treeRevision', () => {
  it('is the revision loadConfig gives a valid tree', async () => {
    const root = basicTree();
    const loaded = await loadConfig([root], { cwd: root });
    expect(loaded.ok).toBe(true);
    expect(loaded.ok && loaded.value.revision).toBe(treeRevision(root));
  });

  it('names an invalid tree, and changes when its files do', async () => {
    const root = basicTree();
    const file = path.join(root, 'groups', 'servicegroup-default.yaml');
    writeFileSync(file, 'apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata: {name: default}\nspec: {local: {v4pools: [{pool: nope, subnet: 10.0.0.0/24}]}}\n');
    expect((await loadConfig([root], { cwd: root })).ok).toBe(false);
    const first = treeRevision(root);
    expect(first).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(treeRevision(root)).toBe(first);
    writeFileSync(file, 'apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata: {name: default}\nspec: {local: {v4pools: [{pool: still-nope, subnet: 10.0.0.0/24}]}}\n');
    expect(treeRevision(root)).not.toBe(first);
  });
});
