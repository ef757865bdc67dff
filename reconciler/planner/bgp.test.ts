// BGP per node (issue 4 §4): neighbours by nodeSelector, export ranges = remote pools' subnets.
import { describe, expect, it } from 'vitest';
import type { BgpModel, BgpNeighborModel, LabelSelectorModel } from '../config/model.js';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import { planNodeBgp } from './bgp.js';
import { matchesSelector } from './label-selector.js';
import { basicDesired, basicNodes, node, observed } from './test-builders.js';
import { plan } from './plan.js';

function neighbor(address: string, nodeSelector: LabelSelectorModel | null = null, extra: Partial<BgpNeighborModel> = {}): BgpNeighborModel {
  return { address, peerASN: 64500, nodeSelector, holdTime: null, keepaliveTime: null, ebgpMultihop: null, bfd: null, passwordSecretRef: null, loc: { file: 'bgp.yaml', line: 1, col: 1 }, ...extra };
}
const sel = (matchLabels: Record<string, string>, matchExpressions: LabelSelectorModel['matchExpressions'] = []): LabelSelectorModel => ({ matchLabels, matchExpressions });

describe('matchesSelector', () => {
  const labels = { rack: 'r1', role: 'edge' };
  const rows: Array<[string, LabelSelectorModel | null, boolean]> = [
    ['null matches all', null, true],
    ['matchLabels equal', sel({ rack: 'r1' }), true],
    ['matchLabels differ', sel({ rack: 'r2' }), false],
    ['In', sel({}, [{ key: 'rack', operator: 'In', values: ['r1', 'r3'] }]), true],
    ['NotIn', sel({}, [{ key: 'rack', operator: 'NotIn', values: ['r1'] }]), false],
    ['NotIn with the key absent', sel({}, [{ key: 'zone', operator: 'NotIn', values: ['z'] }]), true],
    ['Exists', sel({}, [{ key: 'role', operator: 'Exists', values: [] }]), true],
    ['DoesNotExist', sel({}, [{ key: 'role', operator: 'DoesNotExist', values: [] }]), false],
  ];
  for (const [desc, s, want] of rows) it(desc, () => expect(matchesSelector(s, labels)).toBe(want));
});

describe('planNodeBgp', () => {
  const bgp: BgpModel = {
    name: 'default',
    asn: 64512,
    routerID: null,
    neighbors: [
      neighbor('192.168.10.2', sel({ rack: 'r1' }), { holdTime: 9, keepaliveTime: 3, bfd: { minRxMs: 300, minTxMs: 300, multiplier: 3 } }),
      neighbor('192.168.10.1'),
      neighbor('192.168.20.1', sel({ rack: 'r2' }), { passwordSecretRef: { namespace: null, name: 'bgp', key: 'password' } }),
    ],
  };
  const n1 = node('n1', '192.168.10.11', { labels: { rack: 'r1' } });
  const n2 = node('n2', '192.168.20.11', { labels: { rack: 'r2' } });

  it('neighbours whose nodeSelector matches, sorted, nulls dropped', () => {
    const r = planNodeBgp(bgp, n1, true, ['10.200.0.0/24']);
    expect(r.peers).toEqual(['192.168.10.1', '192.168.10.2']);
    expect(r.spec).toEqual({
      asn: 64512,
      exportRanges: ['10.200.0.0/24'],
      neighbors: [
        { address: '192.168.10.1', peerASN: 64500 },
        { address: '192.168.10.2', peerASN: 64500, holdTime: 9, keepaliveTime: 3, bfd: { minRxMs: 300, minTxMs: 300, multiplier: 3 } },
      ],
    });
  });
  it('another rack gets its own neighbour; the secret is referenced, never inlined', () => {
    const r = planNodeBgp(bgp, n2, true, []);
    expect(r.peers).toEqual(['192.168.10.1', '192.168.20.1']);
    expect(r.spec?.neighbors[1]).toEqual({ address: '192.168.20.1', peerASN: 64500, passwordSecretRef: { name: 'bgp', key: 'password' } });
  });
  it('an ineligible node gets no BGP', () => expect(planNodeBgp(bgp, n1, false, [])).toEqual({ spec: undefined, peers: [] }));
  it('no BGPConfiguration: no BGP', () => expect(planNodeBgp(null, n1, true, [])).toEqual({ spec: undefined, peers: [] }));
  it('routerID is passed through when set', () => expect(planNodeBgp({ ...bgp, routerID: '1.2.3.4' }, n1, true, [])?.spec?.routerID).toBe('1.2.3.4'));

  it('plan: export ranges are the remote pools\' subnets, managed ranges every pool\'s subnet', () => {
    const p = plan(basicDesired({ bgp }), observed({ nodes: basicNodes() }));
    const spec = p.changes.find((c) => c.target === 'NodeAnnouncement//node-a')!.after as NodeAnnouncementSpec;
    expect(spec.managedRanges).toEqual(['10.200.0.0/24', '192.168.10.0/24']);
    expect(spec.bgp?.exportRanges).toEqual(['10.200.0.0/24']);
    expect(p.planned.nodes[0]!.peers).toEqual(['192.168.10.1']);
  });
});
