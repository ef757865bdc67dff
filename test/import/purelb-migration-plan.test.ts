// Migrating from PureLB needs no Service change: gitlb reads purelb.io/allocated-from (and the
// other purelb.io/ annotations) as its own, so planning the imported config against the
// cluster PureLB served keeps every address, dual-stack ones included.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStateFile } from '../../reconciler/cluster/state-file.js';
import { validateSources } from '../../reconciler/config/validate-sources.js';
import { importPurelb } from '../../reconciler/import/purelb/import-purelb.js';
import { renderImportedYaml } from '../../reconciler/import/render-imported.js';
import { plan } from '../../reconciler/planner/plan.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('migrating from PureLB', () => {
  it('the imported config keeps every address PureLB allocated, with no Service annotated', () => {
    const dir = path.join(root, 'test/fixtures/valid/purelb-v2');
    const sources = readdirSync(dir).sort().map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') }));
    const imported = importPurelb(sources);
    const loaded = validateSources([{ file: 'gitlb.yaml', text: renderImportedYaml(imported.objects, { schemaBase: '.' }) }], { revision: 'r', strict: true });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const state = parseStateFile(readFileSync(path.join(root, 'test/fixtures/purelb-import/cluster-state.yaml'), 'utf8'), 'cluster-state.yaml');
    if (!state.ok) throw new Error(JSON.stringify(state.diagnostics));

    const p = plan(loaded.value, state.value);
    const planned = Object.fromEntries(p.planned.services.map((s) => [`${s.namespace}/${s.name}`, s.addresses]));
    expect(planned).toEqual(Object.fromEntries(state.value.services.map((s) => [`${s.namespace}/${s.name}`, s.ingress])));
    expect(planned).toEqual({ 'default/api': ['10.200.0.7', 'fd00:200::7'], 'default/web': ['192.168.10.244'], 'shop/cart': ['10.200.0.50'] });
    expect(p.summary.disruptive).toBe(0);
  });
});
