// Drift test: the committed precompiled validators are exactly what the schemas compile to today,
// and every config kind has one. Fix a failure with `npm run generate:validators`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderValidators, VALIDATORS_FILE } from '../../scripts/render-validators.js';
import { VALIDATORS } from './generated/validators.generated.js';
import { CONFIG_KINDS } from './kinds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('precompiled validators', () => {
  it('match the schemas', async () => {
    const committed = await readFile(path.join(root, VALIDATORS_FILE), 'utf8');
    expect(committed === (await renderValidators(root)), `${VALIDATORS_FILE} is stale: run npm run generate:validators`).toBe(true);
  });

  it.each(CONFIG_KINDS.map((k) => [k.apiVersion, k.kind, k.schema]))('%s %s has a validator', (_v, _k, schema) => {
    expect(typeof (VALIDATORS as Record<string, unknown>)[schema]).toBe('function');
  });
});
