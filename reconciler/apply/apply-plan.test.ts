// applyPlan against an in-memory ClusterWriter: the write order that keeps working addresses
// announced, the checks against `before`, refusal of disruptive plans, idempotence, and 409s.
import { describe, expect, it } from 'vitest';
import type { Change, Plan, ServiceValue } from '../planner/plan.js';
import { applyPlan } from './apply-plan.js';
import type { AnnouncementKind, AnnouncementSnapshot, ClusterWriter, ServiceEvent, ServiceSnapshot, WriteResult } from './cluster-writer.js';
import { transitionalSpec } from './announcement-spec.js';

/** A cluster in memory that logs every write. */
class FakeWriter implements ClusterWriter {
  services = new Map<string, ServiceSnapshot>();
  announcements = new Map<string, AnnouncementSnapshot>();
  events: ServiceEvent[] = [];
  log: string[] = [];
  failNextWrite: 'conflict' | null = null;
  private rv = 100;

  private next(): string {
    return String(++this.rv);
  }
  private fail<T>(): WriteResult<T> | null {
    if (!this.failNextWrite) return null;
    this.failNextWrite = null;
    return { ok: false, reason: 'conflict', code: 409, message: 'stale' };
  }
  async getService(ns: string, name: string): Promise<WriteResult<ServiceSnapshot>> {
    const s = this.services.get(`${ns}/${name}`);
    return s ? { ok: true, value: structuredClone(s) } : { ok: false, reason: 'not-found', code: 404, message: 'not found' };
  }
  async patchServiceAnnotations(ns: string, name: string, rv: string, annotations: Record<string, string | null>): Promise<WriteResult<string>> {
    const f = this.fail<string>();
    if (f) return f;
    const s = this.services.get(`${ns}/${name}`)!;
    if (s.resourceVersion !== rv) return { ok: false, reason: 'conflict', code: 409, message: 'stale' };
    for (const [k, v] of Object.entries(annotations)) if (v === null) delete s.annotations[k];
    else s.annotations[k] = v;
    s.resourceVersion = this.next();
    this.log.push(`annotations ${ns}/${name}`);
    return { ok: true, value: s.resourceVersion };
  }
  async patchServiceIngress(ns: string, name: string, rv: string, ingress: string[]): Promise<WriteResult<string>> {
    const s = this.services.get(`${ns}/${name}`)!;
    if (s.resourceVersion !== rv) return { ok: false, reason: 'conflict', code: 409, message: 'stale' };
    s.ingress = [...ingress];
    s.resourceVersion = this.next();
    this.log.push(`status ${ns}/${name} ${ingress.join(',')}`);
    return { ok: true, value: s.resourceVersion };
  }
  async createEvent(e: ServiceEvent): Promise<WriteResult<void>> {
    this.events.push(e);
    return { ok: true, value: undefined };
  }
  async getAnnouncement(kind: AnnouncementKind, name: string): Promise<WriteResult<AnnouncementSnapshot>> {
    const a = this.announcements.get(`${kind}/${name}`);
    return a ? { ok: true, value: structuredClone(a) } : { ok: false, reason: 'not-found', code: 404, message: 'not found' };
  }
  async createAnnouncement(kind: AnnouncementKind, name: string, spec: unknown): Promise<WriteResult<string>> {
    if (this.announcements.has(`${kind}/${name}`)) return { ok: false, reason: 'already-exists', code: 409, message: 'exists' };
    const resourceVersion = this.next();
    this.announcements.set(`${kind}/${name}`, { resourceVersion, object: { metadata: { name } }, spec: structuredClone(spec) });
    this.log.push(`create ${kind}/${name}`);
    return { ok: true, value: resourceVersion };
  }
  async replaceAnnouncement(kind: AnnouncementKind, current: AnnouncementSnapshot, spec: unknown): Promise<WriteResult<string>> {
    const name = (current.object.metadata as { name: string }).name;
    const a = this.announcements.get(`${kind}/${name}`)!;
    if (a.resourceVersion !== current.resourceVersion) return { ok: false, reason: 'conflict', code: 409, message: 'stale' };
    a.spec = structuredClone(spec);
    a.resourceVersion = this.next();
    this.log.push(`replace ${kind}/${name} ${addrs(spec)}`);
    return { ok: true, value: a.resourceVersion };
  }
  async deleteAnnouncement(kind: AnnouncementKind, name: string, rv: string): Promise<WriteResult<void>> {
    if (this.announcements.get(`${kind}/${name}`)?.resourceVersion !== rv) return { ok: false, reason: 'conflict', code: 409, message: 'stale' };
    this.announcements.delete(`${kind}/${name}`);
    this.log.push(`delete ${kind}/${name}`);
    return { ok: true, value: undefined };
  }
}

function addrs(spec: unknown): string {
  return ((spec as { addresses: Array<{ address: string }> }).addresses ?? []).map((a) => a.address).join(',');
}

const na = (addresses: Array<[string, string]>, extra: Record<string, unknown> = {}) => ({
  revision: 'r1',
  managedRanges: ['192.168.10.0/24'],
  addresses: addresses.map(([address, svc]) => ({ address, prefixLength: 24, interface: 'eth0', kind: 'local', services: [svc] })),
  ...extra,
});
const status = (ingress: string[], group: string | null): ServiceValue => ({
  ingress,
  annotations: group ? { 'gitlb.io/allocated-by': 'gitlb', 'gitlb.io/allocated-from': group } : {},
});

function planOf(changes: Change[]): Plan {
  return {
    format_version: '1',
    revision: 'r1',
    changes,
    warnings: [],
    summary: { add: 0, change: 0, remove: 0, disruptive: changes.filter((c) => c.disruptive).length },
    planned: { services: [], nodes: [], shared: [] },
  };
}

/** A world where default/old moves from .240 (node-a) to .241 (node-b), default/new gets .242 and node-gone is deleted. */
function world(): { w: FakeWriter; plan: Plan } {
  const w = new FakeWriter();
  w.services.set('default/old', { uid: 'u1', resourceVersion: '1', annotations: { 'gitlb.io/allocated-by': 'gitlb', 'gitlb.io/allocated-from': 'default' }, ingress: ['192.168.10.240'] });
  w.services.set('default/new', { uid: 'u2', resourceVersion: '2', annotations: {}, ingress: [] });
  w.announcements.set('NodeAnnouncement/node-a', { resourceVersion: '3', object: { metadata: { name: 'node-a' } }, spec: na([['192.168.10.240', 'default/old']]) });
  w.announcements.set('NodeAnnouncement/node-b', { resourceVersion: '4', object: { metadata: { name: 'node-b' } }, spec: na([['192.168.10.250', 'default/x']]) });
  w.announcements.set('NodeAnnouncement/node-gone', { resourceVersion: '5', object: { metadata: { name: 'node-gone' } }, spec: na([]) });
  const plan = planOf([
    { target: 'Service/default/new', action: 'update', before: status([], null), after: status(['192.168.10.242'], 'default'), disruptive: false, reason: 'allocate' },
    { target: 'Service/default/old', action: 'update', before: status(['192.168.10.240'], 'default'), after: status(['192.168.10.241'], 'default'), disruptive: true, reason: 're-address' },
    { target: 'NodeAnnouncement//node-a', action: 'update', before: na([['192.168.10.240', 'default/old']]), after: na([['192.168.10.242', 'default/new']]), disruptive: false, reason: 'swap' },
    { target: 'NodeAnnouncement//node-b', action: 'update', before: na([['192.168.10.250', 'default/x']]), after: na([['192.168.10.241', 'default/old'], ['192.168.10.250', 'default/x']]), disruptive: true, reason: '192.168.10.241 moves here' },
    { target: 'NodeAnnouncement//node-c', action: 'create', before: null, after: na([]), disruptive: false, reason: 'new node' },
    { target: 'NodeAnnouncement//node-gone', action: 'delete', before: na([]), after: null, disruptive: false, reason: 'the node is gone' },
  ]);
  return { w, plan };
}

describe('applyPlan', () => {
  it('writes announcements of new addresses first, Services next (releases first), removals and deletes last', async () => {
    const { w, plan } = world();
    const outcome = await applyPlan(plan, { writer: w, allowDisruption: true, concurrency: 1, now: () => new Date(0) });
    expect(outcome).toEqual({ outcome: 'ok', written: 6, unchanged: 0, events: 3 });
    expect(w.log).toEqual([
      // node-a adds .242 and drops .240: first both, then only .242 once default/old has moved.
      'replace NodeAnnouncement/node-a 192.168.10.242,192.168.10.240',
      'replace NodeAnnouncement/node-b 192.168.10.241,192.168.10.250',
      'create NodeAnnouncement/node-c',
      // default/old gives up an address: its write goes before those that only gain one (its
      // annotations already say what they must, so only the status is written).
      'status default/old 192.168.10.241',
      'annotations default/new',
      'status default/new 192.168.10.242',
      'replace NodeAnnouncement/node-a 192.168.10.242',
      'delete NodeAnnouncement/node-gone',
    ]);
    expect(w.events.map((e) => `${e.reason} ${e.service.name}`).sort()).toEqual(['AddressAssigned new', 'AddressAssigned old', 'AddressReleased old']);
  });

  it('applying the same plan again writes nothing', async () => {
    const { w, plan } = world();
    await applyPlan(plan, { writer: w, allowDisruption: true });
    w.log = [];
    expect(await applyPlan(plan, { writer: w, allowDisruption: true })).toEqual({ outcome: 'ok', written: 0, unchanged: 6, events: 0 });
    expect(w.log).toEqual([]);
  });

  it('refuses a disruptive plan without allowDisruption, naming the Services, and writes nothing', async () => {
    const { w, plan } = world();
    const outcome = await applyPlan(plan, { writer: w });
    expect(outcome).toEqual({
      outcome: 'refused',
      refused: [
        { target: 'Service/default/old', services: ['default/old'], reason: 're-address' },
        { target: 'NodeAnnouncement//node-b', services: ['default/old'], reason: '192.168.10.241 moves here' },
      ],
    });
    expect(w.log).toEqual([]);
  });

  it('an object that no longer matches `before` is a conflict: nothing overwritten, later phases not started', async () => {
    const { w, plan } = world();
    w.announcements.get('NodeAnnouncement/node-b')!.spec = na([['192.168.10.249', 'default/y']]);
    const outcome = await applyPlan(plan, { writer: w, allowDisruption: true, concurrency: 1 });
    expect(outcome).toMatchObject({ outcome: 'conflict', conflicts: [{ target: 'NodeAnnouncement//node-b', message: 'NodeAnnouncement node-b changed since the plan was made' }] });
    expect(w.log.some((l) => l.startsWith('status') || l.startsWith('annotations'))).toBe(false);
    expect(addrs(w.announcements.get('NodeAnnouncement/node-b')!.spec)).toBe('192.168.10.249');
  });

  it('with the observed identity: no read before the write; a Service moved since is a conflict, one already applied is not', async () => {
    const { w, plan } = world();
    const services = planOf(plan.changes.filter((c) => c.target === 'Service/default/new'));
    const stale = new Map([['Service/default/new', { uid: 'u2', resourceVersion: '1' }]]);
    expect(await applyPlan(services, { writer: w, observed: stale })).toMatchObject({ outcome: 'conflict', conflicts: [{ target: 'Service/default/new' }] });
    expect(w.log).toEqual([]);
    const fresh = new Map([['Service/default/new', { uid: 'u2', resourceVersion: '2' }]]);
    expect(await applyPlan(services, { writer: w, observed: fresh })).toMatchObject({ outcome: 'ok', written: 1 });
    expect(w.log).toEqual(['annotations default/new', 'status default/new 192.168.10.242']);
    // The same plan and observation again: the 409 re-reads and finds the change made.
    expect(await applyPlan(services, { writer: w, observed: fresh })).toMatchObject({ outcome: 'ok', written: 0, unchanged: 1 });
    const again = world();
    again.w.failNextWrite = 'conflict';
    const onlyNew = planOf(again.plan.changes.filter((c) => c.target === 'Service/default/new'));
    expect(await applyPlan(onlyNew, { writer: again.w })).toMatchObject({ outcome: 'conflict', conflicts: [{ target: 'Service/default/new', message: 'annotation update: the object changed since it was read or observed (409)' }] });
  });
});

describe('transitionalSpec', () => {
  it('is null unless an update both adds and removes; keeps the removed entries whole', () => {
    expect(transitionalSpec(na([['10.0.0.1', 'a']]), na([['10.0.0.1', 'a'], ['10.0.0.2', 'b']]))).toBeNull();
    expect(transitionalSpec(na([['10.0.0.1', 'a']]), na([]))).toBeNull();
    const t = transitionalSpec(na([['10.0.0.1', 'a']], { managedRanges: ['10.0.0.0/24'] }), na([['10.0.1.2', 'b']], { managedRanges: ['10.0.1.0/24'] }));
    expect(t).toEqual({ ...na([['10.0.1.2', 'b'], ['10.0.0.1', 'a']]), managedRanges: ['10.0.0.0/24', '10.0.1.0/24'] });
  });
});
