// The MetalLB importer on small manifests, one behaviour per case; the real-world-shaped
// fixtures run end to end in test/import/.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../config/diagnostic.js';
import { validateSources } from '../../config/validate-sources.js';
import { renderImportedYaml } from '../render-imported.js';
import { importMetallb } from './import-metallb.js';

const pool = (name: string, addresses: string[], extra = ''): string =>
  `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: ${name}\n  namespace: metallb-system\nspec:\n  addresses:\n${addresses.map((a) => `    - ${a}\n`).join('')}${extra}`;
const l2 = (pools: string[]): string => `apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata:\n  name: l2\nspec:\n  ipAddressPools: [${pools.join(', ')}]\n`;
const bgpAd = (spec: string): string => `apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: bgp\nspec:\n${spec}`;
const peer = (name: string, spec: string): string => `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: ${name}\n  namespace: metallb-system\nspec:\n${spec}`;

function run(docs: string[], nodeSubnets: string[] = ['192.168.10.0/24']) {
  return importMetallb([{ file: 'in.yaml', text: docs.join('---\n') }], { nodeSubnets });
}
const rules = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.loc ? `${d.loc.line}:${d.loc.col} ` : ''}${d.severity} ${d.rule}`);

describe('importMetallb', () => {
  it('an L2 pool becomes a local group named after the pool, in its node subnet', () => {
    const r = run([pool('lan', ['192.168.10.240-192.168.10.250']), l2(['lan'])]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.document)).toEqual([
      { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name: 'lan' }, spec: { local: { v4pools: [{ pool: '192.168.10.240-192.168.10.250', subnet: '192.168.10.0/24', aggregation: 'default' }] } } },
    ]);
    expect(r.objects[0]!.comments.join('\n')).toContain('node subnet given with --node-subnet');
  });

  it('an L2 pool outside every node subnet gets a guessed subnet, /32 aggregation and a located warning', () => {
    const r = run([pool('lan', ['10.9.0.10-10.9.0.20']), l2(['lan'])]);
    expect(rules(r.diagnostics)).toEqual(['8:7 warning guessed-subnet']);
    expect(r.objects[0]!.document.spec).toEqual({ local: { v4pools: [{ pool: '10.9.0.10-10.9.0.20', subnet: '10.9.0.0/27', aggregation: '/32' }] } });
  });

  it('a BGP pool becomes remote; aggregationLength and aggregationLengthV6 become the aggregation', () => {
    const r = run([pool('pub', ['203.0.113.0/24', '2001:db8:1::/120']), bgpAd('  aggregationLength: 24\n  aggregationLengthV6: 124\n')]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]!.document.spec).toEqual({
      remote: {
        v4pools: [{ pool: '203.0.113.0/24', subnet: '203.0.113.0/24', aggregation: 'default' }],
        v6pools: [{ pool: '2001:db8:1::/120', subnet: '2001:db8:1::/120', aggregation: '/124' }],
      },
    });
  });

  it('MetalLB defaults to /32 (no aggregation) for BGP pools', () => {
    const r = run([pool('pub', ['203.0.113.10-203.0.113.20']), bgpAd('  ipAddressPools: [pub]\n')]);
    expect(r.objects[0]!.document.spec).toEqual({ remote: { v4pools: [{ pool: '203.0.113.10-203.0.113.20', subnet: '203.0.113.0/27', aggregation: '/32' }] } });
  });

  it('avoidBuggyIPs and serviceAllocation.namespaces carry over; priority and selectors are warned about', () => {
    const extra = '  avoidBuggyIPs: true\n  serviceAllocation:\n    priority: 5\n    namespaces: [shop]\n    serviceSelectors:\n      - matchLabels: {app: web}\n';
    const r = run([pool('lan', ['192.168.10.0/26'], extra), l2(['lan'])]);
    expect(r.objects[0]!.document.spec).toMatchObject({ local: { avoidBuggyIPs: true }, namespaces: ['shop'] });
    expect(rules(r.diagnostics)).toEqual(['11:5 warning no-equivalent', '13:5 warning no-equivalent']);
  });

  it('a pool announced by nothing, or by both L2 and BGP, is reported with the choice made', () => {
    const r = run([pool('lan', ['192.168.10.240/29']), pool('pub', ['203.0.113.0/29']), l2(['lan', 'pub']), bgpAd('  ipAddressPools: [pub]\n'), pool('idle', ['198.51.100.0/29'])]);
    expect(r.objects.map((o) => [o.document.metadata.name, Object.keys(o.document.spec ?? {})[0]])).toEqual([['lan', 'local'], ['pub', 'remote'], ['idle', 'remote']]);
    const msgs = r.diagnostics.map((d) => d.message);
    expect(msgs).toContainEqual(expect.stringContaining('pool pub is announced by both L2 and BGP'));
    expect(msgs).toContainEqual(expect.stringContaining('pool idle is announced by no L2Advertisement or BGPAdvertisement'));
  });

  it('peers become one BGPConfiguration; BFD from the named profile; the Secret reference, never a password', () => {
    const bfd = 'apiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata:\n  name: fast\nspec:\n  receiveInterval: 100\n  detectMultiplier: 5\n';
    const r = run([
      bfd,
      peer('a', '  myASN: 64512\n  peerASN: 64500\n  peerAddress: 10.0.0.1\n  holdTime: 3m\n  keepaliveTime: 1m\n  bfdProfile: fast\n  passwordSecret: {name: auth}\n  nodeSelectors:\n    - matchLabels: {rack: r1}\n'),
      peer('b', '  myASN: 64512\n  peerASN: 64501\n  peerAddress: 10.0.0.2\n  ebgpMultiHop: true\n  password: hunter2hunter2\n'),
    ]);
    expect(rules(r.diagnostics)).toEqual(['35:3 warning plaintext-password']);
    expect(JSON.stringify(r)).not.toContain('hunter2hunter2');
    expect(r.objects[0]!.document).toEqual({
      apiVersion: 'gitlb.io/v1',
      kind: 'BGPConfiguration',
      metadata: { name: 'default' },
      spec: {
        global: { asn: 64512 },
        neighbors: [
          { address: '10.0.0.1', peerASN: 64500, nodeSelector: { matchLabels: { rack: 'r1' } }, holdTime: '180s', keepaliveTime: '60s', bfd: { minRx: '100ms', minTx: '300ms', multiplier: 5 }, passwordSecretRef: { namespace: 'metallb-system', name: 'auth', key: 'password' } },
          { address: '10.0.0.2', peerASN: 64501, ebgpMultihop: 255 },
        ],
      },
    });
  });

  it('what would change behaviour is an error, and then nothing is imported', () => {
    const r = run([
      pool('lan', ['192.168.10.240/29']),
      l2(['lan']),
      peer('a', '  myASN: 64512\n  peerASN: 64500\n  peerAddress: 10.0.0.1\n  bfdProfile: missing\n'),
      peer('b', '  myASN: 64513\n  dynamicASN: external\n  interface: eth1\n'),
    ]);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      'BFDProfile "missing" is not in the input: add the file that defines it',
      'BGPPeer b has myASN 64513, but gitlb uses one AS number for every session (64512, from the first BGPPeer)',
      'BGPPeer b: dynamicASN is not supported by gitlb: give the router\'s spec.peerASN',
      'BGPPeer b: unnumbered peering (interface) is not supported by gitlb: give spec.peerAddress',
    ]);
    expect(r.diagnostics.every((d) => d.loc?.file === 'in.yaml')).toBe(true);
  });

  it('skipped documents, a ConfigMap that is not MetalLB config and bad addresses are all reported', () => {
    const r = run([
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: metallb-system\ndata:\n  config: |\n    - not a map\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
      pool('bad', ['192.168.10.300/24']),
    ]);
    // The pool is also announced by nothing (18:3): reported, like everything else.
    expect(rules(r.diagnostics)).toEqual(['7:11 error invalid-value', '11:7 warning skipped-document', '18:3 warning no-equivalent', '22:7 error invalid-value']);
  });

  it('a List from kubectl get -o yaml is read item by item, locations inside the list', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: metallb.io/v1beta1\n    kind: IPAddressPool\n    metadata: {name: lan}\n    spec:\n      addresses: [192.168.10.240/29]\n      serviceAllocation: {priority: 1}\n`;
    const r = importMetallb([{ file: 'list.yaml', text }], { nodeSubnets: ['192.168.10.0/24'] });
    expect(r.objects.map((o) => o.document.metadata.name)).toEqual(['lan']);
    // 6:16: announced by no advertisement; 9:27: priority.
    expect(rules(r.diagnostics)).toEqual(['6:16 warning no-equivalent', '9:27 warning no-equivalent']);
  });

  it('empty input is an error, not an empty config', () => {
    expect(rules(run(['apiVersion: v1\nkind: Namespace\nmetadata: {name: metallb-system}\n']).diagnostics)).toEqual(['error nothing-to-import', '2:7 warning skipped-document']);
  });

  it('the output validates as gitlb config', () => {
    const r = run([pool('default', ['192.168.10.240-192.168.10.250']), l2([]), pool('pub', ['203.0.113.0/26']), bgpAd('  ipAddressPools: [pub]\n'), peer('a', '  myASN: 64512\n  peerASN: 64500\n  peerAddress: 10.0.0.1\n')]);
    const v = validateSources([{ file: 'out.yaml', text: renderImportedYaml(r.objects, { schemaBase: '.' }) }], { revision: 'x', strict: true });
    expect(v.diagnostics).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
