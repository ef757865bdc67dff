// Every example config users may copy validates, and starts with a schema modeline that points
// at an existing schema for its kind.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examples = (await readdir(path.join(root, 'examples'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('examples', () => {
  it('include basic and dual-stack', () => {
    expect(examples).toEqual(expect.arrayContaining(['basic', 'dual-stack']));
  });

  it.each(examples)('examples/%s is valid', async (name) => {
    const result = await loadConfig([`examples/${name}`], { cwd: root });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(['basic', 'dual-stack'])('examples/%s has one local and one remote group, an agent and two routers', async (name) => {
    const result = await loadConfig([`examples/${name}`], { cwd: root });
    if (!result.ok) throw new Error('invalid example');
    expect(result.value.groups.map((g) => g.type).sort()).toEqual(['local', 'remote']);
    expect(result.value.bgp?.asn).toBe(64512);
    expect(result.value.bgp?.neighbors.map((n) => n.address)).toEqual(expect.arrayContaining(['192.168.10.1', '192.168.10.2']));
  });

  it.each(['basic', 'dual-stack'])('every config file of examples/%s starts with a schema modeline', async (name) => {
    const dir = path.join(root, 'examples', name);
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'cluster-state.yaml');
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const first = (await readFile(path.join(dir, f), 'utf8')).split('\n')[0] ?? '';
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, f).not.toBeNull();
      expect(existsSync(path.resolve(dir, m?.[1] ?? '')), `${f}: ${m?.[1]}`).toBe(true);
    }
  });
});
