// IPAM over a cluster, one table row per rule of DESIGN.md §4–§5 (issue 4 §2).
import { describe, expect, it } from 'vitest';
import type { ObservedService } from '../cluster/observed.js';
import type { DesiredState } from '../config/model.js';
import { allocateServices, wantedFamilies } from './ipam.js';
import { allocatedService, basicDesired, desired, group, pool, service } from './test-builders.js';

type Want = Record<string, string[] | { refused: string }>;

function outcome(d: DesiredState, services: ObservedService[]): Want {
  const out: Want = {};
  const copy = structuredClone(services);
  for (const a of allocateServices(d, services).allocations) {
    if (a.addresses.length > 0) out[a.key] = a.addresses.map((x) => x.addr.text);
    else if (a.refusal) out[a.key] = { refused: a.refusal.reason };
  }
  expect(services, 'input not mutated').toEqual(copy);
  return out;
}

const local = basicDesired(); // default: 192.168.10.240-250 local; remote: 10.200.0.0/24
const small = desired([group('default', 'local', [pool('192.168.10.240-192.168.10.241', '192.168.10.0/24')])]);
const dual = desired([group('default', 'remote', [pool('10.4.0.0/30', '10.4.0.0/24'), pool('fd00::/126', 'fd00::/64')])]);
const v4only = desired([group('default', 'remote', [pool('10.4.0.0/30', '10.4.0.0/24')])]);

const rows: Array<{ rule: string; d: DesiredState; services: ObservedService[]; want: Want }> = [
  {
    rule: 'existing valid allocations are kept first, before older new Services',
    d: small,
    services: [service('a/old-new', { creationTimestamp: '2020-01-01T00:00:00Z' }), allocatedService('z/kept', ['192.168.10.241'], 'default', { creationTimestamp: '2026-01-01T00:00:00Z' })],
    want: { 'a/old-new': ['192.168.10.240'], 'z/kept': ['192.168.10.241'] },
  },
  {
    rule: 'new Services by creationTimestamp, then namespace/name',
    d: small,
    services: [
      service('b/y', { creationTimestamp: '2026-01-02T00:00:00Z' }),
      service('b/x', { creationTimestamp: '2026-01-01T00:00:00Z' }),
      service('a/z', { creationTimestamp: '2026-01-02T00:00:00Z' }),
    ],
    want: { 'b/x': ['192.168.10.240'], 'a/z': ['192.168.10.241'], 'b/y': { refused: 'pool-exhausted' } },
  },
  {
    rule: 'an ingress without allocated-from is not ours: reallocated',
    d: local,
    services: [service('ns/foreign', { ingress: ['192.168.10.245'] })],
    want: { 'ns/foreign': ['192.168.10.240'] },
  },
  {
    rule: 'purelb.io/allocated-from marks an allocation too (migration keeps addresses)',
    d: local,
    services: [service('ns/migrated', { ingress: ['192.168.10.245'], annotations: { 'purelb.io/allocated-from': 'default' } })],
    want: { 'ns/migrated': ['192.168.10.245'] },
  },
  {
    rule: 'an allocation outside the group (pool shrunk) is replaced',
    d: local,
    services: [allocatedService('ns/moved', ['192.168.10.20'])],
    want: { 'ns/moved': ['192.168.10.240'] },
  },
  {
    rule: 'two Services claiming one address: the earlier keeps it',
    d: local,
    services: [
      allocatedService('ns/second', ['192.168.10.245'], 'default', { creationTimestamp: '2026-02-01T00:00:00Z' }),
      allocatedService('ns/first', ['192.168.10.245'], 'default', { creationTimestamp: '2026-01-01T00:00:00Z' }),
    ],
    want: { 'ns/first': ['192.168.10.245'], 'ns/second': ['192.168.10.240'] },
  },
  {
    rule: 'requested via gitlb.io/addresses',
    d: local,
    services: [service('ns/a', { annotations: { 'gitlb.io/addresses': '192.168.10.248' } })],
    want: { 'ns/a': ['192.168.10.248'] },
  },
  {
    rule: 'requested via purelb.io/addresses',
    d: local,
    services: [service('ns/a', { annotations: { 'purelb.io/addresses': '192.168.10.249' } })],
    want: { 'ns/a': ['192.168.10.249'] },
  },
  {
    rule: 'requested via spec.loadBalancerIP',
    d: local,
    services: [service('ns/a', { loadBalancerIP: '192.168.10.250' })],
    want: { 'ns/a': ['192.168.10.250'] },
  },
  {
    rule: 'gitlb.io/addresses wins over spec.loadBalancerIP',
    d: local,
    services: [service('ns/a', { loadBalancerIP: '192.168.10.250', annotations: { 'gitlb.io/addresses': '192.168.10.247' } })],
    want: { 'ns/a': ['192.168.10.247'] },
  },
  {
    rule: 'a kept address that differs from the requested one is replaced',
    d: local,
    services: [allocatedService('ns/a', ['192.168.10.240'], 'default', { loadBalancerIP: '192.168.10.244' })],
    want: { 'ns/a': ['192.168.10.244'] },
  },
  {
    rule: 'requested address taken',
    d: local,
    services: [allocatedService('ns/a', ['192.168.10.244']), service('ns/b', { loadBalancerIP: '192.168.10.244' })],
    want: { 'ns/a': ['192.168.10.244'], 'ns/b': { refused: 'address-in-use' } },
  },
  {
    rule: 'requested address not in any pool',
    d: local,
    services: [service('ns/a', { loadBalancerIP: '192.168.10.5' })],
    want: { 'ns/a': { refused: 'address-not-in-pool' } },
  },
  {
    rule: 'requested text that is not an address',
    d: local,
    services: [service('ns/a', { annotations: { 'gitlb.io/addresses': '192.168.10.999' } })],
    want: { 'ns/a': { refused: 'invalid-requested-address' } },
  },
  {
    rule: 'local pools never hand out the network or broadcast address',
    d: desired([group('default', 'local', [pool('192.168.10.0/24', '192.168.10.0/24')])]),
    services: [service('ns/a'), service('ns/b', { loadBalancerIP: '192.168.10.255' })],
    want: { 'ns/a': ['192.168.10.1'], 'ns/b': { refused: 'address-reserved' } },
  },
  {
    rule: 'avoidBuggyIPs skips .0',
    d: desired([group('default', 'remote', [pool('10.9.0.0/24', '10.9.0.0/24')], { avoidBuggyIPs: true })]),
    services: [service('ns/a')],
    want: { 'ns/a': ['10.9.0.1'] },
  },
  {
    rule: 'dual-stack RequireDualStack gets both, in ipFamilies order',
    d: dual,
    services: [service('ns/a', { ipFamilies: [6, 4], ipFamilyPolicy: 'RequireDualStack' })],
    want: { 'ns/a': ['fd00::', '10.4.0.0'] },
  },
  {
    rule: 'PreferDualStack gets what the group offers',
    d: v4only,
    services: [service('ns/a', { ipFamilies: [4, 6], ipFamilyPolicy: 'PreferDualStack' })],
    want: { 'ns/a': ['10.4.0.0'] },
  },
  {
    rule: 'RequireDualStack on a single-stack group is refused',
    d: v4only,
    services: [service('ns/a', { ipFamilies: [4, 6], ipFamilyPolicy: 'RequireDualStack' })],
    want: { 'ns/a': { refused: 'no-pool-for-family' } },
  },
  {
    rule: 'SingleStack IPv6 gets only IPv6',
    d: dual,
    services: [service('ns/a', { ipFamilies: [6], ipFamilyPolicy: 'SingleStack' })],
    want: { 'ns/a': ['fd00::'] },
  },
  {
    rule: 'a dual-stack Service keeps its valid IPv4 and gets a new IPv6',
    d: dual,
    services: [allocatedService('ns/a', ['10.4.0.2', 'fd01::9'], 'default', { ipFamilies: [4, 6], ipFamilyPolicy: 'RequireDualStack' })],
    want: { 'ns/a': ['10.4.0.2', 'fd00::'] },
  },
  {
    rule: 'sharing key: same key and no port clash share one address',
    d: local,
    services: [
      service('ns/a', { annotations: { 'gitlb.io/allow-shared-ip': 'k' }, ports: [{ port: 80, protocol: 'TCP' }] }),
      service('ns/b', { annotations: { 'purelb.io/allow-shared-ip': 'k' }, ports: [{ port: 443, protocol: 'TCP' }] }),
    ],
    want: { 'ns/a': ['192.168.10.240'], 'ns/b': ['192.168.10.240'] },
  },
  {
    rule: 'sharing key: a port clash takes another address',
    d: local,
    services: [service('ns/a', { annotations: { 'gitlb.io/allow-shared-ip': 'k' } }), service('ns/b', { annotations: { 'gitlb.io/allow-shared-ip': 'k' } })],
    want: { 'ns/a': ['192.168.10.240'], 'ns/b': ['192.168.10.241'] },
  },
  {
    rule: 'sharing key: a different externalTrafficPolicy does not share',
    d: local,
    services: [
      service('ns/a', { annotations: { 'gitlb.io/allow-shared-ip': 'k' } }),
      service('ns/b', { annotations: { 'gitlb.io/allow-shared-ip': 'k', 'gitlb.io/addresses': '192.168.10.240' }, externalTrafficPolicy: 'Local', ports: [{ port: 81, protocol: 'TCP' }] }),
    ],
    want: { 'ns/a': ['192.168.10.240'], 'ns/b': { refused: 'sharing-mismatch' } },
  },
  {
    rule: 'group namespaces: other namespaces are refused',
    d: desired([group('default', 'local', [pool('192.168.10.240/30', '192.168.10.0/24')], { namespaces: ['prod'] })]),
    services: [service('prod/a'), service('dev/b')],
    want: { 'prod/a': ['192.168.10.240'], 'dev/b': { refused: 'namespace-not-allowed' } },
  },
  {
    rule: 'gitlb.io/service-group picks the group; an unknown group is refused',
    d: local,
    services: [service('ns/a', { annotations: { 'gitlb.io/service-group': 'remote' } }), service('ns/b', { annotations: { 'purelb.io/service-group': 'nope' } })],
    want: { 'ns/a': ['10.200.0.0'], 'ns/b': { refused: 'group-not-found' } },
  },
  {
    rule: 'loadBalancerClass: gitlb.io/gitlb and class-less are served, others are not',
    d: local,
    services: [service('ns/ours', { loadBalancerClass: 'gitlb.io/gitlb' }), service('ns/none'), service('ns/other', { loadBalancerClass: 'metallb.io/metallb' })],
    want: { 'ns/none': ['192.168.10.240'], 'ns/ours': ['192.168.10.241'] },
  },
  {
    rule: 'a Service that stops being LoadBalancer releases its address (and the address is free again)',
    d: small,
    services: [allocatedService('ns/was-lb', ['192.168.10.240'], 'default', { type: 'ClusterIP' }), service('ns/new')],
    want: { 'ns/was-lb': { refused: 'not-served' }, 'ns/new': ['192.168.10.240'] },
  },
];

describe('allocateServices', () => {
  for (const r of rows) {
    it(r.rule, () => {
      expect(outcome(r.d, r.services)).toEqual(r.want);
    });
  }

  it('refusals carry a readable message', () => {
    const res = allocateServices(small, [service('ns/a'), service('ns/b'), service('ns/c')]);
    expect(res.allocations.find((a) => a.key === 'ns/c')?.refusal?.message).toMatch(/no free IPv4 address left in ServiceGroup default/);
  });
});

describe('wantedFamilies', () => {
  const both = { v4: true, v6: true };
  const rows2: Array<[string, Partial<ObservedService>, { v4: boolean; v6: boolean }, number[]]> = [
    ['SingleStack takes the first family', { ipFamilies: [6, 4], ipFamilyPolicy: 'SingleStack' }, both, [6]],
    ['RequireDualStack takes both', { ipFamilies: [4], ipFamilyPolicy: 'RequireDualStack' }, both, [4, 6]],
    ['PreferDualStack takes the offered ones', { ipFamilies: [4, 6], ipFamilyPolicy: 'PreferDualStack' }, { v4: false, v6: true }, [6]],
  ];
  for (const [desc, s, offered, want] of rows2) {
    it(desc, () => expect(wantedFamilies(service('ns/a', s), offered)).toEqual(want));
  }
});
