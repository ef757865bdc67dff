// Diff → Plan (issue 4 §5–§6): Service status and annotations, NodeAnnouncements (spec and
// drift), SharedAnnouncement shards, disruption, summary, and the planned world.
import { describe, expect, it } from 'vitest';
import type { ObservedState } from '../cluster/observed.js';
import type { DesiredState } from '../config/model.js';
import { applyPlanToObserved } from './apply-plan-to-observed.js';
import { plan, type Change } from './plan.js';
import { shardOf } from './shards.js';
import { withNodesDown } from './what-if-node-down.js';
import { parseAddr } from './ip-math.js';
import { allocatedService, basicDesired, basicNodes, desired, group, node, nodeAnnouncement, observed, pool, report, service } from './test-builders.js';

const d = basicDesired();
const remote = { 'gitlb.io/service-group': 'remote' };

/** The world after applying the plan, with converged agents. */
function converge(dd: DesiredState, o: ObservedState): ObservedState {
  return applyPlanToObserved(plan(dd, o), o);
}
const change = (p: ReturnType<typeof plan>, target: string): Change | undefined => p.changes.find((c) => c.target === target);

describe('Service changes', () => {
  it('a new Service: status and gitlb annotations, not disruptive', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    const c = change(p, 'Service/ns/a')!;
    expect(c).toMatchObject({ action: 'update', disruptive: false, before: { ingress: [], annotations: {} } });
    expect(c.after).toEqual({
      ingress: ['192.168.10.240'],
      annotations: {
        'gitlb.io/allocated-by': 'gitlb',
        'gitlb.io/allocated-from': 'default',
        'gitlb.io/pool-type': 'local',
        'gitlb.io/announcing': `${p.planned.nodes.find((n) => n.addresses.length > 0)!.node},eth0,192.168.10.240`,
      },
    });
    expect(c.reason).toBe('allocate 192.168.10.240 from ServiceGroup default');
  });

  it('an up-to-date Service: no change', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    expect(plan(d, world).changes).toEqual([]);
  });

  it('a Service that stops being LoadBalancer: release, disruptive, annotations removed', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    world.services = world.services.map((s) => ({ ...s, type: 'ClusterIP' }));
    const c = change(plan(d, world), 'Service/ns/a')!;
    expect(c.disruptive).toBe(true);
    expect(c.after).toEqual({ ingress: [], annotations: { 'gitlb.io/allocated-by': null, 'gitlb.io/allocated-from': null, 'gitlb.io/announcing': null, 'gitlb.io/pool-type': null } });
    expect(c.reason).toMatch(/^release 192.168.10.240: type is ClusterIP/);
  });

  it('a pool that shrank away from a Service: re-address, disruptive, with the reason', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [allocatedService('ns/a', ['192.168.10.20'])] }));
    const c = change(p, 'Service/ns/a')!;
    expect(c.disruptive).toBe(true);
    expect(c.reason).toBe('re-address 192.168.10.20 → 192.168.10.240: 192.168.10.20 is not in any pool of ServiceGroup default');
  });

  it('a deleted group: release with the refusal as reason, plus a warning', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [allocatedService('ns/a', ['192.168.10.245'], 'gone', { annotations: { 'gitlb.io/service-group': 'gone' } })] }));
    expect(change(p, 'Service/ns/a')).toMatchObject({ disruptive: true, reason: 'release 192.168.10.245: ServiceGroup gone does not exist' });
    expect(p.warnings).toEqual([{ target: 'Service/ns/a', reason: 'group-not-found', message: 'ServiceGroup gone does not exist' }]);
  });

  it('a refused new Service: a warning, no change', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a', { loadBalancerIP: '1.2.3.4' })] }));
    expect(p.changes.filter((c) => c.target.startsWith('Service/'))).toEqual([]);
    expect(p.warnings[0]).toMatchObject({ target: 'Service/ns/a', reason: 'address-not-in-pool' });
  });

  it('Services of another class are left alone entirely', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a', { loadBalancerClass: 'other', ingress: ['1.1.1.1'] })] }));
    expect(p.changes.filter((c) => c.target.startsWith('Service/'))).toEqual([]);
    expect(p.warnings).toEqual([]);
  });
});

describe('NodeAnnouncement changes', () => {
  it('create for each node, delete for a node that is gone', () => {
    const o = observed({ nodes: basicNodes(), nodeAnnouncements: [nodeAnnouncement('old-node', { revision: 'r', holdsShared: true, localInterface: 'default', dummyInterface: 'kube-lb0', garp: { enabled: true, count: 1, intervalMs: 0 }, managedRanges: [], addresses: [] })] });
    const p = plan(d, o);
    expect(p.changes.map((c) => `${c.action} ${c.target}`)).toEqual([
      'create NodeAnnouncement//node-a',
      'create NodeAnnouncement//node-b',
      'create NodeAnnouncement//node-c',
      'delete NodeAnnouncement//old-node',
    ]);
    expect(p.summary).toEqual({ add: 3, change: 0, remove: 1, disruptive: 0 });
  });

  it('a new revision alone is no change (an unrelated commit re-plans nothing)', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a'), service('ns/b', { annotations: remote })] }));
    expect(plan({ ...d, revision: 'rev2' }, world).changes).toEqual([]);
  });

  it('a settings change updates every node, not disruptive', () => {
    const world = converge(d, observed({ nodes: basicNodes() }));
    const p = plan({ ...d, nodeAgent: { ...d.nodeAgent, garp: { enabled: true, count: 3, intervalMs: 500 } } }, world);
    expect(p.changes.map((c) => [c.target, c.action, c.disruptive, c.reason])).toEqual([
      ['NodeAnnouncement//node-a', 'update', false, 'settings changed'],
      ['NodeAnnouncement//node-b', 'update', false, 'settings changed'],
      ['NodeAnnouncement//node-c', 'update', false, 'settings changed'],
    ]);
  });

  it('a node that would win the election joining takes no address away from its holder', () => {
    const address = '192.168.10.240';
    const all = ['node-a', 'node-b', 'node-c'];
    const first = plan(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    const winner = first.planned.nodes.find((n) => n.addresses.length > 0)!.node;
    const loser = all.find((n) => n !== winner)!;
    const before = converge(d, observed({ nodes: basicNodes().filter((n) => n.name === loser), services: [service('ns/a')] }));
    const withWinner: ObservedState = { ...before, nodes: [...before.nodes, ...basicNodes().filter((n) => n.name === winner)].sort((x, y) => (x.name < y.name ? -1 : 1)) };
    const p = plan(d, withWinner);
    expect(p.planned.nodes.find((n) => n.node === loser)!.addresses.map((a) => a.address)).toEqual([address]);
    expect(p.summary.disruptive).toBe(0);
  });

  it('a local address moving to another node that still can hold it is disruptive', () => {
    // The holder stays eligible but its agent now reports a local interface in another subnet.
    const address = '192.168.10.240';
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    const holder = world.nodeAnnouncements.find((na) => na.spec.addresses.some((a) => a.address === address))!.metadata.name;
    const moved: ObservedState = { ...world, nodes: world.nodes.map((n) => (n.name === holder ? { ...n, agent: report(['192.168.20.5/24']) } : n)) };
    const p = plan(d, moved);
    const to = p.planned.nodes.find((n) => n.addresses.some((a) => a.address === address))!.node;
    expect(to).not.toBe(holder);
    expect(change(p, `NodeAnnouncement//${holder}`)).toMatchObject({ action: 'update', disruptive: true, reason: expect.stringContaining(`${address} moves to ${to}`) });
    expect(p.summary.disruptive).toBeGreaterThan(0);
  });

  it('failover from a node that went down is not disruptive; --what-if-node-down previews it', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    const holder = plan(d, world).planned.nodes.length > 0 ? world.nodeAnnouncements.find((na) => na.spec.addresses.length > 0)!.metadata.name : '';
    const down = withNodesDown(world, [holder]);
    expect(down.unknown).toEqual([]);
    const p = plan(d, down.observed);
    const newHolder = p.planned.nodes.find((n) => n.addresses.length > 0)!.node;
    expect(newHolder).not.toBe(holder);
    expect(change(p, `NodeAnnouncement//${holder}`)).toMatchObject({ disruptive: false });
    expect(change(p, `NodeAnnouncement//${newHolder}`)).toMatchObject({ disruptive: false, reason: expect.stringContaining('add 1 address') });
    expect(p.planned.nodes.find((n) => n.node === holder)).toMatchObject({ eligible: false, addresses: [] });
    expect(withNodesDown(world, ['nope']).unknown).toEqual(['nope']);
  });

  it('drift: an address missing on the node and one extra show as a change', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/a')] }));
    const holder = world.nodeAnnouncements.find((na) => na.spec.addresses.length > 0)!.metadata.name;
    const ip = world.nodes.find((n) => n.name === holder)!.internalIPs[0]!;
    const drifted: ObservedState = { ...world, nodes: world.nodes.map((n) => (n.name === holder ? { ...n, agent: { ...n.agent!, interfaces: [{ name: 'eth0', role: 'local', default: true, addresses: [`${ip}/24`, '192.168.10.249/24'] }] } } : n)) };
    const c = change(plan(d, drifted), `NodeAnnouncement//${holder}`)!;
    expect(c).toMatchObject({ action: 'update', disruptive: false, drift: { missing: ['192.168.10.240/24'], extra: ['192.168.10.249/24'] } });
    expect(c.before).toEqual(c.after);
    expect(c.reason).toBe('drift: the agent reports 192.168.10.240/24 missing; 192.168.10.249/24 extra');
  });

  it('drift: shared addresses missing on the dummy interface; nothing while the agent is behind', () => {
    const world = converge(d, observed({ nodes: basicNodes(), services: [service('ns/b', { annotations: remote })] }));
    const strip = (o: ObservedState): ObservedState => ({ ...o, nodes: o.nodes.map((n) => (n.name === 'node-c' ? { ...n, agent: { ...n.agent!, interfaces: n.agent!.interfaces.map((i) => (i.role === 'dummy' ? { ...i, addresses: [] } : i)) } } : n)) });
    expect(change(plan(d, strip(world)), 'NodeAnnouncement//node-c')?.drift).toEqual({ missing: ['10.200.0.0/32'], extra: [] });
    const behind = strip(world);
    behind.nodeAnnouncements = behind.nodeAnnouncements.map((na) => ({ ...na, metadata: { ...na.metadata, generation: 99 } }));
    expect(plan(d, behind).changes).toEqual([]);
  });

  it('nodes without an agent report are not judged for drift', () => {
    const o = observed({ nodes: [node('n', '192.168.10.11', { agent: null })] });
    expect(plan(d, converge(d, o)).changes).toEqual([]);
  });
});

describe('SharedAnnouncement shards', () => {
  const rows: Array<[string, string, string]> = [
    ['10.200.0.5', 'shared-10-200-0-0-25', '10.200.0.0/25'],
    ['10.200.0.200', 'shared-10-200-0-128-25', '10.200.0.128/25'],
    ['fd00:200::1:ff', 'shared-fd00-200--1-80-121', 'fd00:200::1:80/121'],
  ];
  for (const [address, name, block] of rows) {
    it(`${address} → ${name}`, () => {
      const a = parseAddr(address)!;
      expect(shardOf(a.family, a.value)).toEqual({ name, block });
    });
  }

  it('create, update and delete shards as addresses come and go', () => {
    const big = desired([group('remote', 'remote', [pool('10.200.0.0/24', '10.200.0.0/24', 32)])]);
    const svc = (n: number): ReturnType<typeof service> => service(`ns/s${n}`, { annotations: { ...remote, 'gitlb.io/addresses': `10.200.0.${n}` } });
    const world = converge(big, observed({ nodes: basicNodes(), services: [svc(1), svc(130)] }));
    expect(world.sharedAnnouncements.map((s) => s.metadata.name)).toEqual(['shared-10-200-0-0-25', 'shared-10-200-0-128-25']);
    const next = { ...world, services: [...world.services.filter((s) => s.name !== 's130'), svc(2)] };
    const p = plan(big, next);
    expect(p.changes.filter((c) => c.target.startsWith('SharedAnnouncement')).map((c) => `${c.action} ${c.target} ${c.reason}`)).toEqual([
      'update SharedAnnouncement//shared-10-200-0-0-25 add 1 address',
      'delete SharedAnnouncement//shared-10-200-0-128-25 no shared address left in the block',
    ]);
  });
});

describe('plan()', () => {
  it('empty config, empty cluster: no changes', () => {
    expect(plan(desired([]), observed())).toMatchObject({ format_version: '1', changes: [], warnings: [], summary: { add: 0, change: 0, remove: 0, disruptive: 0 } });
  });

  it('changes are ordered Services, NodeAnnouncements, SharedAnnouncements, then by target', () => {
    const p = plan(d, observed({ nodes: basicNodes(), services: [service('z/a', { annotations: remote }), service('a/b')] }));
    expect(p.changes.map((c) => c.target)).toEqual([
      'Service/a/b',
      'Service/z/a',
      'NodeAnnouncement//node-a',
      'NodeAnnouncement//node-b',
      'NodeAnnouncement//node-c',
      'SharedAnnouncement//shared-10-200-0-0-25',
    ]);
  });

  it('does not mutate its inputs', () => {
    const o = observed({ nodes: basicNodes(), services: [service('ns/a'), allocatedService('ns/b', ['192.168.10.20'])] });
    const copyO = structuredClone(o);
    const copyD = structuredClone(d);
    plan(d, o);
    expect(o).toEqual(copyO);
    expect(d).toEqual(copyD);
  });

  it('the planned world: services, per-node and shared addresses, waiting nodes', () => {
    const nodes = [...basicNodes().slice(0, 2), node('node-c', '192.168.10.13', { agent: report([]) , internalIPs: ['192.168.10.13'] })];
    const p = plan(d, observed({ nodes, services: [service('ns/a'), service('ns/b', { annotations: remote })] }));
    expect(p.planned.services).toEqual([
      { namespace: 'ns', name: 'a', addresses: ['192.168.10.240'], group: 'default', poolType: 'local' },
      { namespace: 'ns', name: 'b', addresses: ['10.200.0.0'], group: 'remote', poolType: 'remote' },
    ]);
    expect(p.planned.shared.map((s) => s.address)).toEqual(['10.200.0.0']);
    expect(p.planned.nodes.map((n) => n.node)).toEqual(['node-a', 'node-b', 'node-c']);
  });
});
