// Diff: the planned world against the observed one, as the changes apply will make. Specs are
// compared without their `revision` (an unrelated commit is not a change); a change is
// disruptive when it takes an address away from a Service or moves a local address off a node
// that could still hold it.
import type { NodeAnnouncement, NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement, SharedAnnouncementSpec } from '../config/generated/sharedannouncement.generated.js';
import type { Change } from './plan.js';
import type { NodeDrift } from './drift.js';
import { jsonEqual, sortKeys } from './canonical-json.js';
import type { ServiceStatusValue } from './service-status.js';
import { sameServiceStatus } from './service-status.js';

/** Target of a Service change. */
export function serviceTarget(namespace: string, name: string): string {
  return `Service/${namespace}/${name}`;
}

/** Target of a cluster-scoped object change (empty namespace). */
export function clusterTarget(kind: 'NodeAnnouncement' | 'SharedAnnouncement', name: string): string {
  return `${kind}//${name}`;
}

/** The change on one Service, or null when its gitlb-owned fields already match. */
export function diffService(
  namespace: string,
  name: string,
  current: ServiceStatusValue,
  desired: ServiceStatusValue | null,
  explain: (dropped: string) => string,
  refusal: string | null,
): Change | null {
  if (!desired || sameServiceStatus(current, desired)) return null;
  // The usual change keeps the addresses (gitlb annotations only): no lists to build then.
  const sameIngress = sameList(current.ingress, desired.ingress);
  const dropped = sameIngress ? NONE : current.ingress.filter((x) => !desired.ingress.includes(x));
  const added = sameIngress ? NONE : desired.ingress.filter((x) => !current.ingress.includes(x));
  let reason: string;
  if (dropped.length > 0 && added.length > 0) reason = `re-address ${dropped.join(', ')} → ${added.join(', ')}: ${dropped.map(explain).join('; ')}`;
  else if (dropped.length > 0) reason = `release ${dropped.join(', ')}: ${refusal ?? dropped.map(explain).join('; ')}`;
  else if (added.length > 0) reason = `allocate ${added.join(', ')}${desired.annotations['gitlb.io/allocated-from'] ? ` from ServiceGroup ${desired.annotations['gitlb.io/allocated-from']}` : ''}`;
  else reason = 'update gitlb annotations';
  return { action: 'update', after: desired, before: current, disruptive: dropped.length > 0, reason, target: serviceTarget(namespace, name) };
}

const NONE: readonly string[] = [];

/** Whether two lists hold the same items in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Changes to NodeAnnouncements: create for new nodes, update on a spec change or drift, delete for gone nodes. */
export function diffNodeAnnouncements(
  observed: NodeAnnouncement[],
  desired: Map<string, NodeAnnouncementSpec>,
  eligible: ReadonlySet<string>,
  drifts: Map<string, NodeDrift>,
): Change[] {
  const changes: Change[] = [];
  const before = new Map(observed.map((na) => [na.metadata.name, na.spec]));
  // Local address → the node holding it, before and after, to find moves; built on first use
  // (a world whose nodes changed no spec never needs them, and at 100k each is a large map).
  let holderBeforeMap: Map<string, string> | null = null;
  let holderAfterMap: Map<string, string> | null = null;
  const holderBefore = (): Map<string, string> => (holderBeforeMap ??= localHolders(before));
  const holderAfter = (): Map<string, string> => (holderAfterMap ??= localHolders(desired));
  const names = new Set([...before.keys(), ...desired.keys()]);
  for (const name of names) {
    const b = before.get(name);
    const a = desired.get(name);
    const drift = drifts.get(name);
    if (b && !a) {
      changes.push({ action: 'delete', after: null, before: sortKeys(b), disruptive: false, reason: 'the node is gone', target: clusterTarget('NodeAnnouncement', name) });
      continue;
    }
    if (!a) continue;
    if (!b) {
      changes.push({ action: 'create', after: a, before: null, disruptive: false, reason: `new node: ${countText(a.addresses.length, 'address', 'addresses')}`, target: clusterTarget('NodeAnnouncement', name) });
      continue;
    }
    const specChanged = !sameSpec(b, a);
    if (!specChanged && !drift) continue;
    const reasons: string[] = [];
    const moves: string[] = [];
    if (specChanged) {
      const bKeys = new Set(b.addresses.map(addressKey));
      const aKeys = new Set(a.addresses.map(addressKey));
      const add = countMissing(aKeys, bKeys);
      const remove = countMissing(bKeys, aKeys);
      if (add > 0) reasons.push(`add ${countText(add, 'address', 'addresses')}`);
      if (remove > 0) reasons.push(`remove ${countText(remove, 'address', 'addresses')}`);
      const hb = holderBefore();
      for (const x of hb.size > 0 ? a.addresses : []) {
        const from = hb.get(x.address);
        if (x.kind === 'local' && from !== undefined && from !== name && eligible.has(from)) moves.push(`${x.address} moves here from ${from}`);
      }
      for (const x of b.addresses) {
        const to = holderAfter().get(x.address);
        if (x.kind === 'local' && to !== undefined && to !== name && eligible.has(name)) moves.push(`${x.address} moves to ${to}`);
      }
      reasons.push(...moves);
      if (reasons.length === 0) reasons.push('settings changed');
    }
    if (drift) {
      const d: string[] = [];
      if (drift.missing.length > 0) d.push(`${drift.missing.join(', ')} missing`);
      if (drift.extra.length > 0) d.push(`${drift.extra.join(', ')} extra`);
      reasons.push(`drift: the agent reports ${d.join('; ')}`);
    }
    changes.push({
      action: 'update',
      after: a,
      before: sortKeys(b),
      disruptive: moves.length > 0,
      ...(drift ? { drift: { extra: drift.extra, missing: drift.missing } } : {}),
      reason: reasons.join('; '),
      target: clusterTarget('NodeAnnouncement', name),
    });
  }
  return changes;
}

/** Changes to the SharedAnnouncement shards. */
export function diffSharedAnnouncements(observed: SharedAnnouncement[], desired: Map<string, SharedAnnouncementSpec>): Change[] {
  const changes: Change[] = [];
  const before = new Map(observed.map((sa) => [sa.metadata.name, sa.spec]));
  for (const name of new Set([...before.keys(), ...desired.keys()])) {
    const b = before.get(name);
    const a = desired.get(name);
    const target = clusterTarget('SharedAnnouncement', name);
    if (b && !a) changes.push({ action: 'delete', after: null, before: sortKeys(b), disruptive: false, reason: 'no shared address left in the block', target });
    else if (a && !b) changes.push({ action: 'create', after: a, before: null, disruptive: false, reason: `new shard: ${countText(a.addresses.length, 'address', 'addresses')}`, target });
    else if (a && b && !sameSpec(a, b)) {
      const bKeys = new Set(b.addresses.map(addressKey));
      const aKeys = new Set(a.addresses.map(addressKey));
      const add = [...aKeys].filter((k) => !bKeys.has(k)).length;
      const remove = [...bKeys].filter((k) => !aKeys.has(k)).length;
      const parts = [add > 0 ? `add ${countText(add, 'address', 'addresses')}` : '', remove > 0 ? `remove ${countText(remove, 'address', 'addresses')}` : ''].filter((x) => x !== '');
      changes.push({ action: 'update', after: a, before: sortKeys(b), disruptive: false, reason: parts.length > 0 ? parts.join(', ') : 'owners changed', target });
    }
  }
  return changes;
}

/** How many keys of `xs` are not in `ys`. */
function countMissing(xs: ReadonlySet<string>, ys: ReadonlySet<string>): number {
  let n = 0;
  for (const k of xs) if (!ys.has(k)) n++;
  return n;
}

function localHolders(specs: Map<string, NodeAnnouncementSpec>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [node, spec] of specs) for (const a of spec.addresses) if (a.kind === 'local') out.set(a.address, node);
  return out;
}

function addressKey(a: { address: string; prefixLength: number }): string {
  return `${a.address}/${a.prefixLength}`;
}

/** Specs are equal when all but their revision is. */
function sameSpec(a: object, b: object): boolean {
  return jsonEqual(a, b, ['revision']);
}

function countText(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
