// Small pure helpers of the agent: local interface resolution, status building, the BIRD model,
// the address book and desired-state collection.
import { describe, expect, it } from 'vitest';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { AddressInfo, LinkInfo, RouteInfo } from '../netlink/netlink-port.js';
import { AddressBook } from './address-book.js';
import { birdModelFromSpec } from './bird-model.js';
import { buildNodeStatus, type NodeStatusFacts } from './build-node-status.js';
import { collectDesiredAddresses } from './desired-node-state.js';
import { resolveLocalInterface } from './resolve-local-interface.js';
import { ObservedMirror } from './observed-mirror.js';

const links: LinkInfo[] = [
  { index: 1, name: 'lo', up: true }, { index: 2, name: 'eth0', up: true }, { index: 3, name: 'eth1', up: true },
  { index: 4, name: 'veth0', up: true }, { index: 5, name: 'kube-lb0', up: true },
];
const def = (index: number, metric: number, family: 'ipv4' | 'ipv6' = 'ipv4'): RouteInfo =>
  ({ family, destination: family === 'ipv4' ? '0.0.0.0/0' : '::/0', index, metric, table: 254 });

describe('resolveLocalInterface', () => {
  it.each([
    ['default: lowest metric wins', 'default', [def(2, 100), def(3, 50)], 'eth1'],
    ['default: IPv4 before IPv6', 'default', [def(3, 1, 'ipv6'), def(2, 100)], 'eth0'],
    ['default: IPv6-only node', 'default', [def(3, 1, 'ipv6')], 'eth1'],
    ['default: no default route', 'default', [], undefined],
    ['regex is anchored: eth0 does not match veth0', 'eth0', [], 'eth0'],
    ['regex picks the lowest index', 'eth.*', [], 'eth0'],
    ['regex never picks the dummy interface', 'kube-lb0', [], undefined],
    ['invalid regex matches nothing', 'eth(', [], undefined],
  ] as [string, string, RouteInfo[], string | undefined][])('%s', (_name, selector, routes, want) => {
    expect(resolveLocalInterface(selector, links, routes, 'kube-lb0')).toBe(want);
  });
});

describe('buildNodeStatus', () => {
  const addr = (index: number, address: string, prefixLength: number): AddressInfo => ({ family: address.includes(':') ? 'ipv6' : 'ipv4', index, address, prefixLength, flags: {}, proto: 0 });
  const facts: NodeStatusFacts = {
    generation: 3, links, dummyInterface: 'kube-lb0', localInterface: 'eth0', defaultInterface: 'eth0', sessions: [],
    addresses: [addr(2, '192.168.10.11', 24), addr(2, 'fe80::1', 64), addr(5, '10.200.0.2', 32), addr(5, '10.200.0.1', 32), addr(3, '172.16.0.1', 24)],
    driftRepairs: 0, outcome: 'ok',
  };

  it('reports the local and dummy interfaces with sorted real addresses, link-local left out', () => {
    const st = buildNodeStatus(facts, new Date('2026-11-25T10:00:00Z'));
    expect(st.interfaces).toEqual([
      { name: 'eth0', role: 'local', default: true, addresses: ['192.168.10.11/24'] },
      { name: 'kube-lb0', role: 'dummy', default: false, addresses: ['10.200.0.1/32', '10.200.0.2/32'] },
    ]);
    expect(st.observedGeneration).toBe(3);
    expect(st.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=True', 'Reconciling=False', 'Stalled=False']);
  });

  it('keeps lastTransitionTime while a condition holds, so an unchanged node yields an equal status', () => {
    const first = buildNodeStatus(facts, new Date('2026-11-25T10:00:00Z'));
    const second = buildNodeStatus(facts, new Date('2026-11-25T10:05:00Z'), first);
    expect(second).toEqual(first);
    const failing = buildNodeStatus({ ...facts, outcome: 'retry', problem: 'addAddress: EBUSY' }, new Date('2026-11-25T10:06:00Z'), second);
    expect(failing.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2026-11-25T10:06:00.000Z', message: 'addAddress: EBUSY' });
  });
});

const spec = (over: Partial<NodeAnnouncementSpec> = {}): NodeAnnouncementSpec => ({
  revision: 'r', holdsShared: true, localInterface: 'default', dummyInterface: 'kube-lb0', garp: { enabled: false, count: 1, intervalMs: 100 },
  managedRanges: [], addresses: [
    { address: '10.200.0.1', prefixLength: 32, interface: 'kube-lb0', kind: 'remote', services: [] },
    { address: '192.168.10.50', prefixLength: 24, interface: 'eth0', kind: 'local', services: [] },
  ], ...over,
});

describe('collectDesiredAddresses', () => {
  const shared = [{ revision: 'r', block: '10.200.0.0/25', addresses: [{ address: '10.200.0.1', prefixLength: 32, services: [] }, { address: '10.200.0.2', prefixLength: 32, services: [] }] }];
  it('unions own and shared addresses without duplicates while holdsShared', () => {
    expect(collectDesiredAddresses({ spec: spec(), shared }).map((a) => `${a.kind} ${a.address}`)).toEqual(['remote 10.200.0.1', 'local 192.168.10.50', 'remote 10.200.0.2']);
  });
  it('ignores the shared shards when holdsShared is false', () => {
    expect(collectDesiredAddresses({ spec: spec({ holdsShared: false }), shared })).toHaveLength(2);
  });
});

describe('birdModelFromSpec', () => {
  const bgp = { asn: 65001, exportRanges: ['10.200.0.0/16'], neighbors: [
    { address: '172.16.0.1', peerASN: 65100, ebgpMultihop: 3, bfd: { minRxMs: 50 }, passwordSecretRef: { name: 's', key: 'k' } },
    { address: 'fd00:10::1', peerASN: 65000, holdTime: 9 },
  ] };
  it('defaults the router id to the first IPv4 node address, sets a source for multihop+BFD, and takes resolved passwords', () => {
    const m = birdModelFromSpec(spec({ bgp }), ['fd00:10::11', '192.168.10.11'], new Map([['172.16.0.1', 'pw']]));
    expect(m).toEqual({
      routerId: '192.168.10.11', asn: 65001, dummyInterface: 'kube-lb0', exportRanges: ['10.200.0.0/16'],
      neighbors: [
        { address: '172.16.0.1', peerASN: 65100, ebgpMultihop: 3, bfd: { minRxMs: 50 }, password: 'pw', localAddress: '192.168.10.11' },
        { address: 'fd00:10::1', peerASN: 65000, holdTime: 9 },
      ],
    });
  });
  it('has no model without bgp or without any router id', () => {
    expect(birdModelFromSpec(spec(), ['192.168.10.11'])).toBeUndefined();
    expect(birdModelFromSpec(spec({ bgp }), ['fd00:10::11'])).toBeUndefined();
  });
});

describe('AddressBook', () => {
  it('holds triples, including one address with two prefix lengths', () => {
    const b = new AddressBook();
    expect(b.add(5, '10.0.0.1', 32)).toBe(true);
    expect(b.add(5, '10.0.0.1', 32)).toBe(false);
    expect(b.add(5, '10.0.0.1', 24)).toBe(true);
    expect(b.has(5, '10.0.0.1', 24)).toBe(true);
    expect(b.has(5, '10.0.0.1', 16)).toBe(false);
    expect(b.has(6, '10.0.0.1', 32)).toBe(false);
    expect(b.hasAddress(5, '10.0.0.1')).toBe(true);
  });
});

describe('ObservedMirror', () => {
  const a = (index: number, address: string, prefixLength = 32): AddressInfo => ({ family: 'ipv4', index, address, prefixLength, flags: {}, proto: 0 });
  it('follows events after a load, drops a deleted link\'s addresses, and is not fresh after invalidate()', () => {
    const m = new ObservedMirror();
    m.apply({ type: 'newaddr', address: a(5, '10.0.0.9') }); // before any load: ignored
    expect(m.fresh).toBe(false);
    m.load(links, [a(5, '10.0.0.1'), a(2, '192.168.10.11', 24)]);
    m.apply({ type: 'newaddr', address: a(5, '10.0.0.2') });
    m.apply({ type: 'newaddr', address: a(5, '10.0.0.2') }); // an update of the same address
    m.apply({ type: 'deladdr', address: a(5, '10.0.0.1') });
    expect(m.addresses().map((x) => x.address).sort()).toEqual(['10.0.0.2', '192.168.10.11']);
    m.apply({ type: 'dellink', link: { index: 5, name: 'kube-lb0', up: false } });
    expect(m.addresses().map((x) => x.address)).toEqual(['192.168.10.11']);
    expect(m.links().some((l) => l.index === 5)).toBe(false);
    m.invalidate();
    expect(m.fresh).toBe(false);
  });
});
