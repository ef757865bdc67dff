import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { KubeObject } from './json.js';
import { builtinResources, type ResourceType } from './resources.js';
import { Store, type StoreEvent } from './store.js';

const nodes = builtinResources().find((r) => r.plural === 'nodes')!;
const leases = builtinResources().find((r) => r.plural === 'leases')!;
const node = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, ...extra });

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ApiError ? e.code : -1;
  }
  return undefined;
}

describe('Store', () => {
  it('hands out increasing resourceVersions, one per write, across types', () => {
    const s = new Store({ initialRV: 100 });
    const a = s.create(nodes, node('a'));
    const l = s.create(leases, { metadata: { name: 'l', namespace: 'ns' } });
    const a2 = s.update(nodes, { ...a, spec: { unschedulable: true } }, a.metadata.resourceVersion as string);
    expect([a.metadata.resourceVersion, l.metadata.resourceVersion, a2.metadata.resourceVersion]).toEqual(['101', '102', '103']);
    expect(s.currentRV()).toBe(103);
  });

  it('answers 409 AlreadyExists, 404 NotFound and 409 Conflict on a stale resourceVersion', () => {
    const s = new Store();
    const a = s.create(nodes, node('a'));
    expect(codeOf(() => s.create(nodes, node('a')))).toBe(409);
    expect(codeOf(() => s.get(nodes, '', 'b'))).toBe(404);
    s.update(nodes, { ...a, spec: { x: 1 } }, a.metadata.resourceVersion as string);
    expect(codeOf(() => s.update(nodes, { ...a, spec: { x: 2 } }, a.metadata.resourceVersion as string))).toBe(409);
    expect(codeOf(() => s.delete(nodes, '', 'a', { resourceVersion: '1' }))).toBe(409);
  });

  it('keeps the resourceVersion and emits nothing for an update that changes nothing', () => {
    const s = new Store();
    const a = s.create(nodes, node('a', { spec: { x: 1 } }));
    const events: StoreEvent[] = [];
    s.subscribe((e) => events.push(e));
    const same = s.update(nodes, { ...a, metadata: { ...a.metadata, resourceVersion: null } }, undefined);
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it('never shares stored objects with callers', () => {
    const s = new Store();
    const a = s.create(nodes, node('a', { spec: { x: 1 } }));
    (a.spec as { x: number }).x = 99;
    expect(s.get(nodes, '', 'a').spec).toEqual({ x: 1 });
  });

  it('replays events after a resourceVersion, per type', () => {
    const s = new Store({ initialRV: 0 });
    s.create(nodes, node('a'));
    s.create(leases, { metadata: { name: 'l', namespace: 'ns' } });
    s.create(nodes, node('b'));
    s.delete(nodes, '', 'a');
    const since = s.eventsSince(nodes, 1);
    expect(since).not.toBe('expired');
    expect((since as StoreEvent[]).map((e) => [e.type, e.object.metadata.name, e.rv])).toEqual([['ADDED', 'b', 3], ['DELETED', 'a', 4]]);
  });

  it('expires resourceVersions older than its bounded history', () => {
    const s = new Store({ initialRV: 0, historyLimit: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create(nodes, node(n));
    // Events 3, 4, 5 are kept: a watch from 2 still sees all it missed, from 1 it does not.
    expect(s.eventsSince(nodes, 1)).toBe('expired');
    expect((s.eventsSince(nodes, 2) as StoreEvent[]).map((e) => e.rv)).toEqual([3, 4, 5]);
    expect(s.oldestWatchableRV()).toBe(2);
  });

  it('after losing its history, every resourceVersion handed out before is too old, lists still work', () => {
    const s = new Store({ initialRV: 0 });
    s.create(nodes, node('a'));
    const rv = s.currentRV();
    s.loseHistory();
    expect(s.eventsSince(nodes, rv)).toBe('expired');
    expect(s.eventsSince(nodes, s.currentRV())).toEqual([]);
    expect(s.list(nodes).map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('lists one namespace or all, sorted', () => {
    const s = new Store();
    const t: ResourceType = leases;
    s.create(t, { metadata: { name: 'z', namespace: 'b' } });
    s.create(t, { metadata: { name: 'y', namespace: 'a' } });
    s.create(t, { metadata: { name: 'x', namespace: 'b' } });
    expect(s.list(t).map((o) => `${String(o.metadata.namespace)}/${String(o.metadata.name)}`)).toEqual(['a/y', 'b/x', 'b/z']);
    expect(s.list(t, 'b').map((o) => o.metadata.name)).toEqual(['x', 'z']);
  });
});
