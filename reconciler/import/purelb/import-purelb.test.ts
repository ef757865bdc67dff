// The PureLB importer writes the loader's model back as gitlb kinds: loading the output gives
// the same DesiredState as loading the PureLB input (locations and revision aside).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../config/model.js';
import type { SourceFile } from '../../config/source-document.js';
import { validateSources } from '../../config/validate-sources.js';
import { renderImportedYaml } from '../render-imported.js';
import { importPurelb } from './import-purelb.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (rel: string): SourceFile[] => {
  const abs = path.join(root, rel);
  const files = rel.endsWith('.yaml') ? [abs] : readdirSync(abs).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(abs, f));
  return files.map((f) => ({ file: path.relative(root, f), text: readFileSync(f, 'utf8') }));
};

// Locations and the revision say where a value came from, not what it is.
function comparable(d: DesiredState): unknown {
  return JSON.parse(JSON.stringify({ ...d, revision: '' }, (k, v: unknown) => (k === 'loc' ? undefined : typeof v === 'bigint' ? v.toString() : v)));
}

describe('importPurelb', () => {
  it.each(['test/fixtures/valid/purelb-v1', 'test/fixtures/valid/purelb-v2'])('%s: the gitlb output means exactly what the PureLB input means', (dir) => {
    const sources = read(dir);
    const direct = validateSources(sources, { revision: 'r' });
    if (!direct.ok) throw new Error('fixture invalid');
    const r = importPurelb(sources);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.objects.map((o) => `${o.document.kind}/${o.document.metadata.name}`)).toEqual(['ServiceGroup/default', 'ServiceGroup/routed', 'LBNodeAgent/default', 'BGPConfiguration/default']);
    const back = validateSources([{ file: 'out.yaml', text: renderImportedYaml(r.objects, { schemaBase: '.' }) }], { revision: 'r', strict: true });
    if (!back.ok) throw new Error(JSON.stringify(back.diagnostics));
    expect(back.diagnostics).toEqual([]);
    expect(comparable(back.value)).toEqual(comparable(direct.value));
  });

  it('keeps the Secret reference of the BGP password, in the PureLB namespace', () => {
    const r = importPurelb(read('test/fixtures/valid/purelb-v2'));
    const bgp = r.objects.find((o) => o.document.kind === 'BGPConfiguration')!.document;
    expect(bgp.kind === 'BGPConfiguration' && bgp.spec.neighbors?.[0]?.passwordSecretRef).toEqual({ namespace: 'purelb-system', name: 'bgp-auth', key: 'password' });
  });

  it('an invalid PureLB input gives the located errors of the loader and no objects', () => {
    const r = importPurelb(read('test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml'));
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.loc?.file}:${d.loc?.line}:${d.loc?.col} ${d.rule}`)).toEqual(['test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml:9:11 pool-in-subnet']);
  });

  it('a plain-text password is an error whose message never contains it', () => {
    const r = importPurelb(read('test/fixtures/invalid/purelb-bgp-plaintext-password.yaml'));
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toContain('plaintext-password');
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('documents of other kinds are counted in a warning; no PureLB config at all is an error', () => {
    const r = importPurelb([{ file: 'x.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }]);
    expect(r.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual(['warning skipped-document', 'error nothing-to-import']);
  });
});
