// Property tests of the pure validation core: random mutations of valid files (text edits and
// value edits) never crash it, and every failure is a located diagnostic inside the file.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { LoadResult } from './diagnostic.js';
import type { DesiredState } from './model.js';
import { validateSources } from './validate-sources.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...(await yamlFiles(`${dir}/${e.name}`)));
    else if (/\.ya?ml$/.test(e.name) && e.name !== 'cluster-state.yaml') out.push(`${dir}/${e.name}`);
  }
  return out;
}

const seeds = await Promise.all(
  [...(await yamlFiles('test/fixtures/valid')), ...(await yamlFiles('examples/basic')), ...(await yamlFiles('examples/dual-stack'))].map(async (f) => readFile(path.join(root, f), 'utf8')),
);

function checkLocated(text: string, result: LoadResult<DesiredState>): void {
  const lines = text.split('\n').length;
  for (const d of result.diagnostics) {
    expect(d.loc, `${d.rule}: ${d.message}`).toBeDefined();
    expect(d.loc?.file).toBe('fuzz.yaml');
    expect(d.loc?.line).toBeGreaterThanOrEqual(1);
    expect(d.loc?.line).toBeLessThanOrEqual(lines + 1);
    expect(d.loc?.col).toBeGreaterThanOrEqual(1);
    expect(d.rule).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(d.message.length).toBeGreaterThan(0);
  }
  if (result.ok) expect(result.value.groups).toBeDefined();
  else expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

function validate(text: string): LoadResult<DesiredState> {
  return validateSources([{ file: 'fuzz.yaml', text }], { revision: 'sha256:fuzz' });
}

// Text edits that make typical mistakes: stray characters, lost or doubled lines, wrong indentation.
const textEdit = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.constantFrom(':', '-', ' ', '  ', '\t', '[', '{', '"', "'", '#', '&a', '*a', '!!binary ', '---\n', '\n', '/', '..', '0', 'x', '\u0000', '\uFEFF', '%YAML 1.1\n') }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.string({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('dupline' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dropline' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);
type TextEdit = typeof textEdit extends fc.Arbitrary<infer T> ? T : never;

function applyTextEdit(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  const li = e.at % Math.max(1, lines.length);
  switch (e.op) {
    case 'insert':
      return text.slice(0, e.at % (text.length + 1)) + e.s + text.slice(e.at % (text.length + 1));
    case 'delete': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.n);
    }
    case 'dupline':
      return [...lines.slice(0, li + 1), ...lines.slice(li)].join('\n');
    case 'dropline':
      return [...lines.slice(0, li), ...lines.slice(li + 1)].join('\n');
    case 'indent': {
      const line = lines[li] ?? '';
      lines[li] = e.by >= 0 ? ' '.repeat(e.by) + line : line.replace(new RegExp(`^ {0,${-e.by}}`), '');
      return lines.join('\n');
    }
  }
}

// Value edits: replace or delete a field anywhere in a document with a value of another shape.
const strangeValue = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, 4294967296, '', 'default', '/8', '/129', '10.0.0.0/8', 'fd00::/8', '1.2.3.4-1.2.3.1', '::-::1', 'a-b-c', '90s', '((', [], {}),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('pool', 'subnet', 'aggregation', 'address', 'x'), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== 'object') return [prefix];
  const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}

function applyValueEdit(text: string, pick: number, value: unknown, remove: boolean): string {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const values = list.map((d) => d.toJS() as unknown);
  const all = values.flatMap((v, i) => paths(v).map((p) => [i, p] as const)).filter(([, p]) => p.length > 0);
  const target = all[pick % Math.max(1, all.length)];
  if (!target) return text;
  const [di, p] = target;
  let node = values[di] as Record<string | number, unknown>;
  for (const seg of p.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = p[p.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return values.map((v) => stringify(v)).join('---\n');
}

describe('validateSources under random mutations', () => {
  it('accepts every seed file', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(10);
    for (const s of seeds) expect(validate(s).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('never throws on text edits, and locates every diagnostic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (seed, edits) => {
        const text = edits.reduce(applyTextEdit, seed);
        checkLocated(text, validate(text));
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on value edits, and locates every diagnostic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), strangeValue, fc.boolean(), (seed, pick, value, remove) => {
        const text = applyValueEdit(seed, pick, value, remove);
        checkLocated(text, validate(text));
      }),
      { numRuns: 600 },
    );
  });

  it('is deterministic: the same text gives the same result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), textEdit, (seed, edit) => {
        const text = applyTextEdit(seed, edit);
        const a = JSON.stringify(validate(text), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        const b = JSON.stringify(validate(text), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        expect(a).toBe(b);
      }),
      { numRuns: 100 },
    );
  });
});
