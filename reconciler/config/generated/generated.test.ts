// Drift test: the committed generated types are exactly what the schemas render to today.
// Fix a failure with `npm run generate` (schemas/ is the source of truth).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderGeneratedTypes } from '../../../scripts/render-types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemas = (await readdir(path.join(root, 'schemas'))).filter((f) => f.endsWith('.schema.json')).sort();

describe('generated types', () => {
  it.each(schemas)('%s matches its committed generated file', async (file) => {
    const schema: unknown = JSON.parse(await readFile(path.join(root, 'schemas', file), 'utf8'));
    const { fileName, text } = await renderGeneratedTypes(file, schema);
    const committed = await readFile(path.join(root, 'reconciler/config/generated', fileName), 'utf8').catch(() => '(missing: run npm run generate)');
    expect(committed, `reconciler/config/generated/${fileName} is stale: run npm run generate`).toBe(text);
  });

  it('documents every field of the config kinds', async () => {
    // Walk each schema: every property declares a description (or is a $ref to a described def).
    const missing: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const props = n.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        if (typeof v.description !== 'string' && typeof v.$ref !== 'string') missing.push(`${where}.${k}`);
        visit(v, `${where}.${k}`);
      }
      for (const [k, v] of Object.entries((n.$defs as Record<string, unknown> | undefined) ?? {})) visit(v, `${where}#${k}`);
      if (n.items) visit(n.items, `${where}[]`);
    };
    for (const f of schemas) visit(JSON.parse(await readFile(path.join(root, 'schemas', f), 'utf8')), f);
    expect(missing).toEqual([]);
  });
});
