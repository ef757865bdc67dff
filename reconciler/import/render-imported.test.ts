import { describe, expect, it } from 'vitest';
import type { ImportedObject } from './imported-object.js';
import { importedFileName, renderImportedDocument, renderImportedJson, renderImportedYaml } from './render-imported.js';

const group: ImportedObject = {
  document: { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name: 'lan' }, spec: { local: { v4pools: [{ pool: '192.168.10.240-192.168.10.250', subnet: '192.168.10.0/24', aggregation: 'default' }] } } },
  comments: ['Imported from MetalLB IPAddressPool lan.'],
};
const bgp: ImportedObject = { document: { apiVersion: 'gitlb.io/v1', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { global: { asn: 64512 } } }, comments: [] };

describe('render-imported', () => {
  it('a document: modeline (base without a trailing slash), comments, then YAML', () => {
    expect(renderImportedDocument(group, { schemaBase: '../schemas/' })).toBe(
      [
        '# yaml-language-server: $schema=../schemas/servicegroup.schema.json',
        '# Imported from MetalLB IPAddressPool lan.',
        'apiVersion: gitlb.io/v1',
        'kind: ServiceGroup',
        'metadata:',
        '  name: lan',
        'spec:',
        '  local:',
        '    v4pools:',
        '      - pool: 192.168.10.240-192.168.10.250',
        '        subnet: 192.168.10.0/24',
        '        aggregation: default',
        '',
      ].join('\n'),
    );
  });

  it('a stream separates documents with ---; --out names files <kind>-<name>.yaml', () => {
    const text = renderImportedYaml([group, bgp], { schemaBase: 'https://gitlb.io/schemas' });
    expect(text.match(/^---$/gm)).toHaveLength(1);
    expect(text).toContain('---\n# yaml-language-server: $schema=https://gitlb.io/schemas/bgpconfiguration.schema.json\n');
    expect([group, bgp].map(importedFileName)).toEqual(['servicegroup-lan.yaml', 'bgpconfiguration-default.yaml']);
  });

  it('json: objects with kind and name, warnings located', () => {
    const out = JSON.parse(renderImportedJson([bgp], [{ severity: 'warning', rule: 'no-equivalent', message: 'm', loc: { file: 'a.yaml', line: 2, col: 3 } }])) as unknown;
    expect(out).toEqual({
      objects: [{ kind: 'BGPConfiguration', name: 'default', comments: [], object: bgp.document }],
      warnings: [{ severity: 'warning', rule: 'no-equivalent', message: 'm', file: 'a.yaml', line: 2, col: 3 }],
    });
  });
});
