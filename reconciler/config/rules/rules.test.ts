// Edge cases of the semantic rules, especially what they must accept (the invalid corpus pins
// down what they reject). Each row is a small tree; builders keep the YAML readable.
import { describe, expect, it } from 'vitest';
import { validateSources } from '../validate-sources.js';

const group = (name: string, type: 'local' | 'remote', pools: string) => `apiVersion: gitlb.io/v1\nkind: ServiceGroup\nmetadata:\n  name: ${name}\nspec:\n  ${type}:\n${pools}`;
const v4 = (pool: string, subnet: string, aggregation = 'default') => `    v4pools:\n      - pool: ${pool}\n        subnet: ${subnet}\n        aggregation: ${aggregation}\n`;
const v6 = (pool: string, subnet: string, aggregation = 'default') => `    v6pools:\n      - pool: ${pool}\n        subnet: ${subnet}\n        aggregation: ${aggregation}\n`;
const bgp = (neighbors: string, global = '  global:\n    asn: 64512\n') => `apiVersion: gitlb.io/v1\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n${global}  neighbors:\n${neighbors}`;
const neighbor = (address: string, extra = '') => `    - address: "${address}"\n      peerASN: 64500\n${extra}`;

function rulesOf(...docs: string[]): string[] {
  const r = validateSources([{ file: 't.yaml', text: docs.join('---\n') }], { revision: 'r' });
  return r.diagnostics.map((d) => `${d.severity}:${d.rule}`);
}

describe('rules accept', () => {
  it.each([
    ['adjacent pools', [group('a', 'local', v4('192.168.10.0/25', '192.168.10.0/24')), group('b', 'local', v4('192.168.10.128/25', '192.168.10.0/24'))]],
    ['the same range in IPv4 and IPv6 groups', [group('a', 'remote', v4('10.0.0.0/24', '10.0.0.0/24')), group('b', 'remote', v6('::a00:0/120', '::a00:0/120'))]],
    ['a pool equal to its subnet', [group('a', 'remote', v4('10.200.0.0/24', '10.200.0.0/24', '/24'))]],
    ['aggregation /32 on a /24 and /128 on a /64', [group('a', 'remote', v4('10.200.0.0/24', '10.200.0.0/24', '/32') + v6('fd00:200::/120', 'fd00:200::/64', '/128'))]],
    ['a one-address range', [group('a', 'local', v4('192.168.10.9-192.168.10.9', '192.168.10.0/24'))]],
    ['a range with spaces', [group('a', 'local', v4('192.168.10.9 - 192.168.10.20', '192.168.10.0/24'))]],
    ['4-byte and private ASNs', [bgp(neighbor('192.168.10.1'), '  global:\n    asn: 4200000001\n')]],
    ['hold time 0s without keepalives', [bgp(neighbor('192.168.10.1', '      holdTime: 0s\n      keepaliveTime: 30s\n'))]],
    ['hold time 3s and keepalive 1s', [bgp(neighbor('192.168.10.1', '      holdTime: 3s\n      keepaliveTime: 1s\n'))]],
    ['an IPv6 neighbour', [bgp(neighbor('fd00:10::1'))]],
    ['an iBGP neighbour (same ASN)', [bgp('    - address: 192.168.10.1\n      peerASN: 64512\n')]],
  ])('%s', (_name, docs) => {
    expect(rulesOf(...docs)).toEqual([]);
  });
});

describe('rules reject', () => {
  it.each([
    ['a pool containing another', [group('a', 'remote', v4('10.0.0.0/16', '10.0.0.0/16')), group('b', 'remote', v4('10.0.5.0/24', '10.0.0.0/16'))], ['error:pool-overlap']],
    ['the same router written two ways', [bgp(neighbor('fd00:10::1') + neighbor('fd00:10:0:0::1'))], ['error:neighbor-duplicate']],
    ['a link-local neighbour', [bgp(neighbor('fe80::1'))], ['error:neighbor-address']],
    ['a multicast neighbour', [bgp(neighbor('224.0.0.5'))], ['error:neighbor-address']],
    ['a hold time of 1.5s', [bgp(neighbor('192.168.10.1', '      holdTime: 1500ms\n'))], ['error:bgp-timers']],
    ['ASN 65535', [bgp(neighbor('192.168.10.1'), '  global:\n    asn: 65535\n')], ['error:asn-range']],
    ['routerID 0.0.0.0', [bgp(neighbor('192.168.10.1'), '  global:\n    asn: 64512\n    routerID: 0.0.0.0\n')], ['error:router-id']],
    ['(warning) a pool CIDR with host bits', [group('a', 'local', v4('192.168.10.245/28', '192.168.10.0/24'))], ['warning:pool-syntax']],
    ['IPv6 aggregation longer than /128', [group('a', 'remote', v6('fd00:200::/120', 'fd00:200::/64', '/129'))], ['error:aggregation-prefix']],
  ])('%s', (_name, docs, want) => {
    expect(rulesOf(...docs)).toEqual(want);
  });

  it('reports an overlap once per overlapping pool, at the later one', () => {
    const r = validateSources(
      [{ file: 't.yaml', text: [group('a', 'remote', v4('10.0.0.0/24', '10.0.0.0/16')), group('b', 'remote', v4('10.0.0.128/25', '10.0.0.0/16')), group('c', 'remote', v4('10.0.0.200-10.0.1.10', '10.0.0.0/16'))].join('---\n') }],
      { revision: 'r' },
    );
    expect(r.diagnostics.map((d) => [d.rule, d.loc?.line])).toEqual([
      ['pool-overlap', 19],
      ['pool-overlap', 30],
    ]);
  });
});
