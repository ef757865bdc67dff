// Property tests (DESIGN.md §8) over random small worlds: no address given twice unless the
// Services share a key; every address inside a pool of the Service's group; planning the
// planned world changes nothing; the order of the input changes no byte of the output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObservedNode, ObservedService, ObservedState } from '../cluster/observed.js';
import type { DesiredState } from '../config/model.js';
import { renderPlanJson } from '../report/render-plan-json.js';
import { applyPlanToObserved } from './apply-plan-to-observed.js';
import { plan } from './plan.js';
import { parseAddr } from './ip-math.js';
import { desired, group, node, observed, pool, report, service } from './test-builders.js';
import { sharingKeyOf } from './service-annotations.js';

/** Small pools, so exhaustion, sharing and conflicts happen often. */
const world: DesiredState = desired([
  group('default', 'local', [pool('192.168.10.0-192.168.10.6', '192.168.10.0/29')]),
  group('remote', 'remote', [pool('10.200.0.0/30', '10.200.0.0/24', 32), pool('10.201.0.254-10.201.1.1', '10.201.0.0/16', 32)], { avoidBuggyIPs: true }),
  group('dual', 'remote', [pool('10.4.0.0/30', '10.4.0.0/24'), pool('fd00::/126', 'fd00::/64', 128)], { balancePools: true }),
  group('team', 'local', [pool('192.168.20.10-192.168.20.12', '192.168.20.0/24')], { namespaces: ['a'] }),
]);
const candidates = ['192.168.10.0', '192.168.10.3', '192.168.10.7', '10.200.0.1', '10.201.0.255', '10.4.0.2', 'fd00::1', '192.168.20.11', '172.16.0.1'];

const serviceArb: fc.Arbitrary<ObservedService> = fc
  .record({
    ns: fc.constantFrom('a', 'b'),
    name: fc.constantFrom('s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 's12'),
    ts: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'),
    type: fc.constantFrom('LoadBalancer', 'LoadBalancer', 'LoadBalancer', 'ClusterIP'),
    cls: fc.constantFrom(null, null, 'gitlb.io/gitlb', 'other'),
    group: fc.constantFrom(null, 'remote', 'remote', 'dual', 'team', 'gone'),
    key: fc.constantFrom(null, 'k1', 'k1', 'k2'),
    port: fc.constantFrom(80, 443),
    proto: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP'),
    etp: fc.constantFrom<'Cluster' | 'Local'>('Cluster', 'Cluster', 'Local'),
    allowLocal: fc.boolean(),
    fam: fc.constantFrom<Array<4 | 6>>([4], [4], [6], [4, 6]),
    policy: fc.constantFrom<ObservedService['ipFamilyPolicy']>('SingleStack', 'PreferDualStack', 'RequireDualStack'),
    requested: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constantFrom(...candidates), weight: 1 }),
    ingress: fc.array(fc.constantFrom(...candidates), { maxLength: 2 }),
    owned: fc.boolean(),
  })
  .map((r) => {
    const annotations: Record<string, string> = {};
    if (r.group) annotations['gitlb.io/service-group'] = r.group;
    if (r.key) annotations['gitlb.io/allow-shared-ip'] = r.key;
    if (r.allowLocal) annotations['gitlb.io/allow-local'] = 'true';
    if (r.requested) annotations['gitlb.io/addresses'] = r.requested;
    if (r.owned && r.ingress.length > 0) annotations['gitlb.io/allocated-from'] = r.group ?? 'default';
    return service(`${r.ns}/${r.name}`, {
      creationTimestamp: r.ts,
      type: r.type,
      loadBalancerClass: r.cls,
      ports: [{ port: r.port, protocol: r.proto }],
      externalTrafficPolicy: r.etp,
      ipFamilies: r.fam,
      ipFamilyPolicy: r.policy,
      annotations,
      ingress: [...new Set(r.ingress.map((x) => parseAddr(x)!.text))],
    });
  });

const nodeArb: fc.Arbitrary<ObservedNode> = fc
  .record({ i: fc.integer({ min: 1, max: 6 }), ready: fc.boolean(), reported: fc.boolean(), agentReady: fc.constantFrom<'True' | 'False' | null>('True', 'True', 'False', null) })
  .map((r) => node(`n${r.i}`, `192.168.10.${r.i}`, { ready: r.ready || r.i % 2 === 0, agent: r.reported ? report([`192.168.10.${r.i}/29`, `192.168.20.${r.i}/24`], { ready: r.agentReady }) : null }));

const stateArb: fc.Arbitrary<ObservedState> = fc
  .record({
    services: fc.uniqueArray(serviceArb, { minLength: 2, maxLength: 16, selector: (s) => `${s.namespace}/${s.name}` }),
    nodes: fc.uniqueArray(nodeArb, { maxLength: 5, selector: (n) => n.name }),
    endpoints: fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('s1', 's2', 's3', 's4', 's5'), fc.constantFrom('n1', 'n2', 'n3', 'n4')), { maxLength: 8 }),
  })
  .map((r) => {
    const ready: Record<string, string[]> = {};
    for (const [ns, name, n] of r.endpoints) ready[`${ns}/${name}`] = [...new Set([...(ready[`${ns}/${name}`] ?? []), n])].sort();
    return observed({ services: r.services, nodes: r.nodes, readyEndpointNodes: Object.fromEntries(Object.entries(ready).sort(([a], [b]) => (a < b ? -1 : 1))) });
  });

const runs = { numRuns: 300 };

describe('the generated worlds are interesting', () => {
  it('they allocate, share, refuse, warn and place', () => {
    const stats = { allocated: 0, shared: 0, refused: 0, notAnnounced: 0, disruptive: 0, placedLocal: 0 };
    for (const o of fc.sample(stateArb, { numRuns: 300, seed: 7 })) {
      const p = plan(world, o);
      if (p.planned.services.length > 0) stats.allocated++;
      const addrs = p.planned.services.flatMap((s) => s.addresses);
      if (new Set(addrs).size < addrs.length) stats.shared++;
      if (p.warnings.some((w) => w.reason !== 'not-announced')) stats.refused++;
      if (p.warnings.some((w) => w.reason === 'not-announced')) stats.notAnnounced++;
      if (p.summary.disruptive > 0) stats.disruptive++;
      if (p.planned.nodes.some((n) => n.addresses.some((a) => a.kind === 'local'))) stats.placedLocal++;
    }
    for (const [k, v] of Object.entries(stats)) expect(v, k).toBeGreaterThan(10);
  });
});

describe('plan properties', () => {
  it('no address is given to two Services unless they share a key', () => {
    fc.assert(
      fc.property(stateArb, (o) => {
        const p = plan(world, o);
        const byKey = new Map(o.services.map((s) => [`${s.namespace}/${s.name}`, s]));
        const holders = new Map<string, string[]>();
        for (const s of p.planned.services) for (const a of s.addresses) holders.set(a, [...(holders.get(a) ?? []), `${s.namespace}/${s.name}`]);
        for (const [, keys] of holders) {
          if (keys.length < 2) continue;
          const shared = keys.map((k) => sharingKeyOf(byKey.get(k)!));
          expect(shared[0]).not.toBeNull();
          expect(new Set(shared).size).toBe(1);
        }
      }),
      runs,
    );
  });

  it('every address is inside a pool of the Service\'s group (and never a reserved one)', () => {
    fc.assert(
      fc.property(stateArb, (o) => {
        const p = plan(world, o);
        for (const s of p.planned.services) {
          const g = world.groups.find((x) => x.name === s.group)!;
          expect(g, s.group).toBeDefined();
          for (const text of s.addresses) {
            const a = parseAddr(text)!;
            const inPool = [...g.v4pools, ...g.v6pools].some((pl) => pl.family === a.family && a.value >= pl.first && a.value <= pl.last);
            expect(inPool, `${text} in ${s.group}`).toBe(true);
            if (g.type === 'local') expect(text.endsWith('.0') || text === '192.168.10.7').toBe(false);
          }
        }
      }),
      runs,
    );
  });

  it('planning the planned world yields no changes', () => {
    fc.assert(
      fc.property(stateArb, (o) => {
        const first = plan(world, o);
        const after = applyPlanToObserved(first, o);
        const second = plan(world, after);
        expectSortedKeys(JSON.parse(renderPlanJson(first)));
        expect(second.changes).toEqual([]);
        expect(second.planned).toEqual(first.planned);
      }),
      runs,
    );
  });

  it('shuffling the input order changes no byte of the output', () => {
    fc.assert(
      fc.property(stateArb, fc.integer(), (o, seed) => {
        const shuffled: ObservedState = {
          ...o,
          services: shuffle(o.services, seed),
          nodes: shuffle(o.nodes, seed + 1),
          readyEndpointNodes: Object.fromEntries(shuffle(Object.entries(o.readyEndpointNodes).map(([k, v]) => [k, shuffle(v, seed + 2)] as const), seed + 3)),
          nodeAnnouncements: shuffle(o.nodeAnnouncements, seed + 4),
        };
        const groups = { ...world, groups: world.groups };
        expect(renderPlanJson(plan(groups, shuffled))).toBe(renderPlanJson(plan(world, o)));
      }),
      runs,
    );
  });

  it('the second plan after apply is stable under shuffling too (NodeAnnouncements and shards present)', () => {
    fc.assert(
      fc.property(stateArb, fc.integer(), (o, seed) => {
        const after = applyPlanToObserved(plan(world, o), o);
        const shuffled = { ...after, nodeAnnouncements: shuffle(after.nodeAnnouncements, seed), sharedAnnouncements: shuffle(after.sharedAnnouncements, seed + 1), services: shuffle(after.services, seed + 2) };
        expect(renderPlanJson(plan(world, shuffled))).toBe(renderPlanJson(plan(world, after)));
      }),
      { numRuns: 100 },
    );
  });
});

/** The JSON renderer prints objects as built: every object must have its keys in sorted order. */
function expectSortedKeys(v: unknown): void {
  if (Array.isArray(v)) v.forEach(expectSortedKeys);
  else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    expect(keys).toEqual([...keys].sort());
    Object.values(v).forEach(expectSortedKeys);
  }
}

/** Deterministic Fisher–Yates with a tiny LCG, so a failing case replays. */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
