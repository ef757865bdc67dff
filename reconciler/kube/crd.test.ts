// The committed CRDs must be exactly what the generator renders from schemas/ (drift test),
// and each must be a structural schema the real API server would accept.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCrdFiles } from './crd-files.js';
import { kindOfSchema } from './gitlb-kinds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const crdDir = path.join(root, 'charts/gitlb/crds');
const rendered = renderCrdFiles(path.join(root, 'schemas'));

describe('charts/gitlb/crds', () => {
  it('has one CRD per gitlb.io/v1 schema and nothing else', () => {
    const kinds = readdirSync(path.join(root, 'schemas')).filter((f) => f.endsWith('.schema.json'))
      .map((f) => kindOfSchema(JSON.parse(readFileSync(path.join(root, 'schemas', f), 'utf8'))))
      .filter((k) => k !== undefined);
    expect(rendered.length).toBe(kinds.length);
    expect(readdirSync(crdDir).filter((f) => f.endsWith('.gitlb.io.yaml')).sort()).toEqual(rendered.map((r) => r.fileName));
  });

  it.each(rendered.map((r) => [r.fileName, r] as const))('%s matches schemas/ (run `npx tsx scripts/generate-crds.ts`)', (fileName, r) => {
    expect(readFileSync(path.join(crdDir, fileName), 'utf8')).toBe(r.text);
  });

  it.each(rendered.map((r) => [r.fileName, r] as const))('%s is structural', (_f, r) => {
    const crd = parse(r.text) as { spec: { versions: Array<{ schema: { openAPIV3Schema: Record<string, unknown> }; subresources?: unknown; additionalPrinterColumns: Array<{ jsonPath: string }> }> } };
    const v = crd.spec.versions[0]!;
    expect(structuralViolations(v.schema.openAPIV3Schema, '')).toEqual([]);
    const status = (v.schema.openAPIV3Schema.properties as Record<string, unknown>).status;
    expect(v.subresources !== undefined).toBe(status !== undefined);
    for (const c of v.additionalPrinterColumns) expect(c.jsonPath).toMatch(/^\./);
  });
});

/** The rules of a structural schema the API server enforces, as violations with their paths. */
function structuralViolations(s: Record<string, unknown>, at: string, inBranch = false): string[] {
  const out: string[] = [];
  const escape = s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true;
  if (!inBranch && s.type === undefined && !escape) out.push(`${at || '/'}: no type`);
  for (const k of ['$ref', 'const', 'uniqueItems', '$defs', '$schema', '$id']) if (k in s) out.push(`${at}: ${k}`);
  if (s.properties !== undefined && s.additionalProperties !== undefined) out.push(`${at}: properties and additionalProperties`);
  if (inBranch) for (const k of ['description', 'type', 'default', 'additionalProperties', 'nullable']) if (k in s) out.push(`${at}: ${k} in a branch`);
  if (at === '' && s.properties && typeof s.properties === 'object') {
    const meta = (s.properties as Record<string, Record<string, unknown>>).metadata;
    if (meta && Object.keys(meta).some((k) => k !== 'type')) out.push('/metadata: more than type');
  }
  for (const [p, sub] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>)) out.push(...structuralViolations(sub, `${at}/${p}`, inBranch));
  if (s.items && typeof s.items === 'object') out.push(...structuralViolations(s.items as Record<string, unknown>, `${at}/items`, inBranch));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...structuralViolations(s.additionalProperties as Record<string, unknown>, `${at}/additionalProperties`, inBranch));
  for (const k of ['oneOf', 'anyOf', 'allOf']) {
    for (const [i, b] of ((s[k] ?? []) as Array<Record<string, unknown>>).entries()) out.push(...structuralViolations(b, `${at}/${k}/${i}`, true));
  }
  return out;
}
