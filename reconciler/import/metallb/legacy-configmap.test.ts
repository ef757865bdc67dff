// The legacy ConfigMap (MetalLB before 0.13) imports to what the equivalent CRs import to,
// with diagnostics located inside the ConfigMap's block scalar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importMetallb } from './import-metallb.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const file = 'test/fixtures/metallb/legacy-configmap.yaml';
const text = readFileSync(path.join(root, file), 'utf8');

describe('legacy ConfigMap', () => {
  const r = importMetallb([{ file, text }], { nodeSubnets: ['192.168.10.0/24'] });

  it('imports pools by protocol and peers with their BFD profile and selector', () => {
    expect(r.objects.map((o) => o.document)).toEqual([
      { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name: 'default' }, spec: { local: { v4pools: [{ pool: '192.168.10.240-192.168.10.250', subnet: '192.168.10.0/24', aggregation: 'default' }] } } },
      { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name: 'public' }, spec: { remote: { v4pools: [{ pool: '203.0.113.0/26', subnet: '203.0.113.0/26', aggregation: '/32' }], avoidBuggyIPs: true } } },
      {
        apiVersion: 'gitlb.io/v1',
        kind: 'BGPConfiguration',
        metadata: { name: 'default' },
        spec: {
          global: { asn: 64512 },
          neighbors: [
            { address: '192.168.10.1', peerASN: 64500, nodeSelector: { matchLabels: { 'topology.kubernetes.io/zone': 'rack-1' } }, holdTime: '90s', bfd: { minRx: '100ms', minTx: '100ms', multiplier: 3 } },
            { address: '192.168.10.2', peerASN: 64500 },
          ],
        },
      },
    ]);
  });

  it('locates each warning at the legacy key inside the block scalar, and drops the password', () => {
    const lines = text.split('\n');
    const at = r.diagnostics.map((d) => `${d.rule} ${lines[(d.loc?.line ?? 0) - 1]?.slice((d.loc?.col ?? 1) - 1)}`);
    expect(at).toEqual([
      'plaintext-password password: Legacy-Pw-33aa',
      'no-equivalent localpref: 100',
      'no-equivalent communities:',
      'no-equivalent bgp-communities:',
    ]);
    expect(r.diagnostics.map((d) => d.message).join('\n')).not.toContain('Legacy-Pw-33aa');
    expect(JSON.stringify(r.objects)).not.toContain('Legacy-Pw-33aa');
  });

  it('a YAML error inside the config is located in the file', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config}\ndata:\n  config: |\n    peers:\n    - peer-address: [\n';
    const e = importMetallb([{ file: 'cm.yaml', text: bad }], { nodeSubnets: [] });
    expect(e.diagnostics.map((d) => `${d.severity} ${d.rule} ${d.loc?.file}`)).toEqual(['error yaml-syntax cm.yaml']);
    // Inside the block scalar (which starts on line 6), not at the `config:` key.
    expect(e.diagnostics[0]!.loc!.line).toBeGreaterThanOrEqual(7);
  });
});
