// Placement rules (DESIGN.md §5, issue 4 §3), table-driven through plan() so each row checks
// the planned world the way apply and the agents will see it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ObservedNode } from '../cluster/observed.js';
import { electNode } from './placement.js';
import { plan } from './plan.js';
import { applyPlanToObserved } from './apply-plan-to-observed.js';
import { basicDesired, basicNodes, desired, group, node, observed, pool, report, service } from './test-builders.js';
import { judgeEligibility } from './eligibility.js';
import { DEFAULT_NODE_AGENT } from '../config/model.js';

/** The PureLB rule, written out independently of the implementation. */
function expectedWinner(nodes: string[], address: string): string {
  return [...nodes].sort((a, b) => {
    const ha = createHash('sha256').update(`${a}#${address}`).digest('hex');
    const hb = createHash('sha256').update(`${b}#${address}`).digest('hex');
    return ha < hb ? -1 : 1;
  })[0]!;
}

function holders(p: ReturnType<typeof plan>, address: string): string[] {
  return p.planned.nodes.filter((n) => n.addresses.some((a) => a.address === address)).map((n) => n.node);
}

describe('electNode', () => {
  const rows: Array<[string, string[], string]> = [
    ['three nodes', ['node-a', 'node-b', 'node-c'], '192.168.10.240'],
    ['three nodes, another address', ['node-a', 'node-b', 'node-c'], '192.168.10.241'],
    ['ten nodes', Array.from({ length: 10 }, (_, i) => `n${i}`), '10.0.0.7'],
    ['one node', ['solo'], '10.0.0.1'],
  ];
  for (const [desc, nodes, address] of rows) {
    it(`${desc}: smallest sha256(node#address) wins, whatever the candidate order`, () => {
      const want = expectedWinner(nodes, address);
      expect(electNode(nodes.map((n) => ({ node: n })), address)?.node).toBe(want);
      expect(electNode([...nodes].reverse().map((n) => ({ node: n })), address)?.node).toBe(want);
    });
  }
  it('no candidate: null', () => expect(electNode([], '10.0.0.1')).toBeNull());
});

describe('judgeEligibility', () => {
  const agent = { ...DEFAULT_NODE_AGENT, nodeSelector: { matchLabels: { lb: 'yes' }, matchExpressions: [] } };
  const rows: Array<[string, ObservedNode, boolean]> = [
    ['Ready and selected', node('n', '10.0.0.1', { labels: { lb: 'yes' } }), true],
    ['NotReady', node('n', '10.0.0.1', { labels: { lb: 'yes' }, ready: false }), false],
    ['stale Lease', node('n', '10.0.0.1', { labels: { lb: 'yes' }, leaseFresh: false }), false],
    ['Lease not judged (state file)', node('n', '10.0.0.1', { labels: { lb: 'yes' }, leaseFresh: null }), true],
    ['NodeAnnouncement Ready False', node('n', '10.0.0.1', { labels: { lb: 'yes' }, agent: report(['10.0.0.1/24'], { ready: 'False' }) }), false],
    ['NodeAnnouncement Ready Unknown', node('n', '10.0.0.1', { labels: { lb: 'yes' }, agent: report(['10.0.0.1/24'], { ready: 'Unknown' }) }), true],
    ['not matching the LBNodeAgent nodeSelector', node('n', '10.0.0.1', { labels: { lb: 'no' } }), false],
    ['no agent report yet', node('n', '10.0.0.1', { labels: { lb: 'yes' }, agent: null }), true],
  ];
  for (const [desc, n, want] of rows) {
    it(desc, () => {
      const [e] = judgeEligibility([n], agent);
      expect(e!.eligible).toBe(want);
      expect(e!.reason === null).toBe(want);
    });
  }
});

describe('placement: a local address stays on its holder', () => {
  const d = basicDesired();
  const address = '192.168.10.240';
  const all = ['node-a', 'node-b', 'node-c'];
  const withLease = (o: ReturnType<typeof observed>, stale: string | null) =>
    ({ ...o, nodes: o.nodes.map((n) => ({ ...n, leaseFresh: n.name !== stale })) });

  it('fails over when the holder\'s agent dies and is not taken back when it returns', () => {
    const start = withLease(observed({ nodes: basicNodes(), services: [service('ns/a')] }), null);
    const p1 = plan(d, start);
    const first = expectedWinner(all, address);
    expect(holders(p1, address)).toEqual([first]);

    // the holder's Lease runs out: the election among the others decides
    const p2 = plan(d, withLease(applyPlanToObserved(p1, start), first));
    const second = expectedWinner(all.filter((n) => n !== first), address);
    expect(holders(p2, address)).toEqual([second]);
    expect(p2.summary.disruptive).toBe(0);

    // the first node comes back: the address stays where it is; only the returning node's own
    // settings change (it is eligible again), nothing is disruptive
    const back = withLease(applyPlanToObserved(p2, withLease(applyPlanToObserved(p1, start), first)), null);
    const p3 = plan(d, back);
    expect(holders(p3, address)).toEqual([second]);
    expect(p3.changes.map((c) => c.target)).toEqual([`NodeAnnouncement//${first}`]);
    expect(p3.summary.disruptive).toBe(0);
  });

  it('two nodes claiming the same address (a hand edit): the election among them decides', () => {
    const base = observed({ nodes: basicNodes(), services: [service('ns/a')] });
    const p1 = plan(d, base);
    const held = applyPlanToObserved(p1, base);
    const winner = expectedWinner(all, address);
    const others = all.filter((n) => n !== winner);
    // both other nodes list the address; the real winner does not
    const claim = held.nodeAnnouncements.map((na) => {
      if (na.metadata.name === winner) return { ...na, spec: { ...na.spec, addresses: na.spec.addresses.filter((a) => a.address !== address) } };
      const own = held.nodeAnnouncements.find((x) => x.metadata.name === winner)!.spec.addresses.find((a) => a.address === address)!;
      return { ...na, spec: { ...na.spec, addresses: [...na.spec.addresses, own] } };
    });
    const p = plan(d, { ...held, nodeAnnouncements: claim });
    expect(holders(p, address)).toEqual([expectedWinner(others, address)]);
  });
});

describe('placement', () => {
  const d = basicDesired();
  const remote = { 'gitlb.io/service-group': 'remote' };

  it('a local address goes to the election winner among nodes whose reported subnet contains it', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    expect(holders(p, '192.168.10.240')).toEqual([expectedWinner(['node-a', 'node-b', 'node-c'], '192.168.10.240')]);
    const a = p.planned.nodes.flatMap((n) => n.addresses)[0]!;
    expect(a).toMatchObject({ interface: 'eth0', kind: 'local', prefixLength: 24, services: ['ns/a'] });
  });

  it('only nodes whose local interface subnet contains the address are candidates', () => {
    const nodes = [node('far', '192.168.20.5', { agent: report(['192.168.20.5/24']) }), node('near', '192.168.10.30', { agent: report(['192.168.10.30/24'], { iface: 'bond0' }) })];
    const p = plan(d, observed({ nodes, services: [service('ns/a')] }));
    expect(holders(p, '192.168.10.240')).toEqual(['near']);
    expect(p.planned.nodes.find((n) => n.node === 'near')!.addresses[0]!.interface).toBe('bond0');
  });

  it('a node without an agent report: its InternalIP stands in, the interface is the LBNodeAgent setting, and it is waiting', () => {
    const p = plan(d, observed({ nodes: [node('fresh', '192.168.10.50', { agent: null })], services: [service('ns/a')] }));
    const n = p.planned.nodes[0]!;
    expect(n).toMatchObject({ node: 'fresh', eligible: true, waitingForAgent: true });
    expect(n.addresses[0]).toMatchObject({ address: '192.168.10.240', interface: 'default' });
  });

  it('an ineligible node never wins', () => {
    const nodes = basicNodes().map((n) => ({ ...n, ready: n.name !== expectedWinner(['node-a', 'node-b', 'node-c'], '192.168.10.240') }));
    const p = plan(d, observed({ nodes, services: [service('ns/a')] }));
    const eligible = nodes.filter((n) => n.ready).map((n) => n.name);
    expect(holders(p, '192.168.10.240')).toEqual([expectedWinner(eligible, '192.168.10.240')]);
  });

  it('externalTrafficPolicy Local with allow-local: only nodes with a ready endpoint', () => {
    const svc = service('ns/a', { externalTrafficPolicy: 'Local', annotations: { 'gitlb.io/allow-local': 'true' } });
    for (const only of ['node-a', 'node-b', 'node-c']) {
      const p = plan(d, observed({ nodes: basicNodes(), services: [svc], readyEndpointNodes: { 'ns/a': [only] } }));
      expect(holders(p, '192.168.10.240')).toEqual([only]);
      expect(p.warnings).toEqual([]);
    }
  });

  it('externalTrafficPolicy Local without allow-local on a local address: placed as Cluster, with a warning', () => {
    const svc = service('ns/a', { externalTrafficPolicy: 'Local' });
    const p = plan(d, observed({ nodes: basicNodes(), services: [svc], readyEndpointNodes: { 'ns/a': ['node-c'] } }));
    expect(holders(p, '192.168.10.240')).toEqual([expectedWinner(['node-a', 'node-b', 'node-c'], '192.168.10.240')]);
    expect(p.warnings.map((w) => w.reason)).toEqual(['local-policy-needs-allow-local']);
  });

  it('allow-local with no ready endpoint on any candidate: allocated but never announced (warning)', () => {
    const svc = service('ns/a', { externalTrafficPolicy: 'Local', annotations: { 'purelb.io/allow-local': 'true' } });
    const p = plan(d, observed({ nodes: basicNodes(), services: [svc], readyEndpointNodes: {} }));
    expect(p.planned.services[0]!.addresses).toEqual(['192.168.10.240']);
    expect(holders(p, '192.168.10.240')).toEqual([]);
    expect(p.warnings).toEqual([expect.objectContaining({ target: 'Service/ns/a', reason: 'not-announced' })]);
  });

  it('no node in the subnet: allocated but never announced (metallb#1561)', () => {
    const p = plan(d, observed({ nodes: [node('elsewhere', '10.9.9.9', { agent: report(['10.9.9.9/24']) })], services: [service('ns/a')] }));
    expect(p.warnings).toEqual([expect.objectContaining({ reason: 'not-announced', message: expect.stringContaining('192.168.10.0/24') })]);
  });

  it('a remote Cluster address is shared once, on the dummy interface, with the aggregation prefix', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a', { annotations: remote })] }));
    expect(p.planned.shared).toEqual([{ address: '10.200.0.0', prefixLength: 32, interface: 'kube-lb0', kind: 'remote', services: ['ns/a'] }]);
    expect(p.planned.nodes.every((n) => n.addresses.length === 0)).toBe(true);
    const sa = p.changes.find((c) => c.target === 'SharedAnnouncement//shared-10-200-0-0-25');
    expect(sa?.after).toMatchObject({ block: '10.200.0.0/25', addresses: [{ address: '10.200.0.0', prefixLength: 32 }] });
  });

  it('a remote Local address goes on the dummy interface of each eligible node with a ready endpoint', () => {
    const svc = service('ns/a', { annotations: remote, externalTrafficPolicy: 'Local' });
    const nodes = basicNodes().map((n) => (n.name === 'node-c' ? { ...n, ready: false } : n));
    const p = plan(d, observed({ nodes, services: [svc], readyEndpointNodes: { 'ns/a': ['node-a', 'node-c'] } }));
    expect(holders(p, '10.200.0.0')).toEqual(['node-a']);
    expect(p.planned.shared).toEqual([]);
  });

  it('a remote Local address with no endpoint node warns', () => {
    const svc = service('ns/a', { annotations: remote, externalTrafficPolicy: 'Local' });
    const p = plan(d, observed({ nodes: basicNodes(), services: [svc] }));
    expect(p.warnings.map((w) => w.reason)).toEqual(['not-announced']);
  });

  it('a remote address with no eligible node at all warns', () => {
    const p = plan(d, observed({ nodes: [], services: [service('ns/a', { annotations: remote })] }));
    expect(p.warnings).toEqual([expect.objectContaining({ reason: 'not-announced', message: expect.stringContaining('no node is eligible') })]);
  });

  it('each family is placed on its own (dual-stack local)', () => {
    const dd = desired([group('default', 'local', [pool('192.168.10.240/29', '192.168.10.0/24'), pool('fd00:10::f0/124', 'fd00:10::/64')])]);
    const nodes = ['a', 'b', 'c', 'd'].map((n, i) => node(n, `192.168.10.${11 + i}`, { agent: report([`192.168.10.${11 + i}/24`, `fd00:10::${11 + i}/64`]) }));
    const p = plan(dd, observed({ nodes, services: [service('ns/a', { ipFamilies: [4, 6], ipFamilyPolicy: 'RequireDualStack' })] }));
    expect(holders(p, '192.168.10.240')).toEqual([expectedWinner(['a', 'b', 'c', 'd'], '192.168.10.240')]);
    expect(holders(p, 'fd00:10::f0')).toEqual([expectedWinner(['a', 'b', 'c', 'd'], 'fd00:10::f0')]);
    expect(p.planned.services[0]!.addresses).toEqual(['192.168.10.240', 'fd00:10::f0']);
  });

  it('Services sharing an address are placed once with both owners', () => {
    const k = { 'gitlb.io/allow-shared-ip': 'k' };
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a', { annotations: k }), service('ns/b', { annotations: k, ports: [{ port: 53, protocol: 'UDP' }] })] }));
    const all = p.planned.nodes.flatMap((n) => n.addresses);
    expect(all).toEqual([expect.objectContaining({ address: '192.168.10.240', services: ['ns/a', 'ns/b'] })]);
  });
});
