// IPAM over a whole cluster: decides which Services gitlb serves, keeps the addresses that are
// still valid (first, so nothing re-addresses), then allocates for the rest in a stable order
// (creationTimestamp, then namespace/name). Every refusal becomes a reason the plan shows.
import type { DesiredState, Family } from '../config/model.js';
import type { ObservedService } from '../cluster/observed.js';
import { Allocator, type AllocatedAddress, type AllocRequest, type Holding, type RefusalReason } from './allocator.js';
import { compareText, parseAddr, type Addr } from './ip-math.js';
import { buildPoolIndex, type PoolIndex } from './pool-index.js';
import { GITLB_CLASS, hasGitlbMarks, isOwnedAllocation, requestedAddressesOf, serviceGroupOf, sharingKeyOf } from './service-annotations.js';

/** What IPAM decided for one Service. */
export interface ServiceAllocation {
  svc: ObservedService;
  key: string;
  /** Whether gitlb serves the Service (type LoadBalancer, class gitlb or none). */
  served: boolean;
  group: string;
  addresses: AllocatedAddress[];
  /** Set when the Service wanted an address and got none (or lost one). */
  refusal: { reason: RefusalReason | 'invalid-requested-address' | 'not-served'; message: string } | null;
}

/** The result of IPAM: one entry per observed Service, in observed order, plus the allocator for lookups. */
export interface IpamResult {
  allocations: ServiceAllocation[];
  index: PoolIndex;
  allocator: Allocator;
  /** No two served Services share a namespace/name key (always so for an ObservedState read from a cluster). */
  uniqueKeys: boolean;
}

/** Whether gitlb serves this Service at all. */
export function isServed(svc: ObservedService): boolean {
  return svc.type === 'LoadBalancer' && (svc.loadBalancerClass === null || svc.loadBalancerClass === GITLB_CLASS);
}

/** The address families a Service wants, from ipFamilies and ipFamilyPolicy, limited to what its group offers where the policy allows. */
export function wantedFamilies(svc: ObservedService, offered: { v4: boolean; v6: boolean }): Family[] {
  const primary = svc.ipFamilies[0] ?? 4;
  const other: Family = primary === 4 ? 6 : 4;
  const has = (f: Family): boolean => (f === 4 ? offered.v4 : offered.v6);
  switch (svc.ipFamilyPolicy) {
    case 'SingleStack':
      // The Service's own list when it names one family: no copy per Service (nothing mutates it).
      return svc.ipFamilies.length === 1 ? svc.ipFamilies : [primary];
    case 'RequireDualStack':
      return [primary, other];
    case 'PreferDualStack': {
      const listed = svc.ipFamilies.length > 0 ? svc.ipFamilies : [primary];
      const offeredOnes = listed.filter(has);
      return offeredOnes.length > 0 ? offeredOnes : [primary];
    }
  }
}

/** Allocates addresses for every served Service; pure: the input is never mutated. */
export function allocateServices(desired: DesiredState, services: ObservedService[]): IpamResult {
  const index = buildPoolIndex(desired.groups);
  const allocator = new Allocator(index);
  const allocations: ServiceAllocation[] = services.map((svc) => ({
    svc,
    key: `${svc.namespace}/${svc.name}`,
    served: isServed(svc),
    group: serviceGroupOf(svc),
    addresses: [],
    refusal: null,
  }));

  // Each phase is a function of its own: the JIT then compiles one small loop at a time, not
  // all of IPAM once per hot loop. Loops over Services are indexed: this code runs once, mostly
  // before the JIT optimizes it, and an unoptimized for-of allocates an iterator result per element.
  const { pending, uniqueKeys } = pendingRequests(allocations, index, allocator);
  const order = planningOrder(pending);
  keepHeldAddresses(order, allocator);
  allocateMissing(order, allocator);
  for (let i = 0; i < pending.length; i++) {
    const req = pending[i]!;
    req.a.addresses = inFamilyOrder(req.holding.addresses, req.families);
  }
  return { allocations, index, allocator, uniqueKeys };
}

/** One pending request per served Service, in observed order (plain records: at 100k a Map
 *  keyed by allocation, and request copies per phase, were a good part of IPAM's time). The
 *  record is the allocator's request itself, so no second object per Service lives through IPAM.
 *  Services IPAM refuses up front get their refusal here. */
function pendingRequests(allocations: ServiceAllocation[], index: PoolIndex, allocator: Allocator): { pending: Pending[]; uniqueKeys: boolean } {
  const pending: Pending[] = [];
  let uniqueKeys = true;
  for (let i = 0; i < allocations.length; i++) {
    const a = allocations[i]!;
    if (!a.served) {
      if (isOwnedAllocation(a.svc) || hasGitlbMarks(a.svc)) {
        a.refusal = { reason: 'not-served', message: notServedMessage(a.svc) };
      }
      continue;
    }
    const entry = index.byGroup.get(a.group);
    const wanted = wantedFamilies(a.svc, { v4: (entry?.v4.length ?? 0) > 0, v6: (entry?.v6.length ?? 0) > 0 });
    let families = wanted;
    const texts = requestedAddressesOf(a.svc);
    let requested: Addr[] | null = null;
    if (texts) {
      requested = [];
      for (const t of texts) {
        const p = parseAddr(t);
        if (!p) {
          a.refusal = { reason: 'invalid-requested-address', message: `requested address ${JSON.stringify(t)} is not an IP address` };
          break;
        }
        requested.push(p);
      }
      if (a.refusal) continue;
      // A dual-stack request names one address per family; the families requested are the ones served.
      families = wanted.filter((f) => requested!.some((r) => r.family === f));
      const extra = requested.find((r) => !wanted.includes(r.family));
      if (extra) {
        a.refusal = { reason: 'family-not-requested', message: `requested address ${extra.text} is IPv${extra.family}, but the Service's ipFamilies/ipFamilyPolicy allow ${wanted.map((f) => `IPv${f}`).join(', ')}` };
        continue;
      }
    }
    // What the Service may keep (phase 1) depends only on the Service: worked out once, here.
    const kept = isOwnedAllocation(a.svc) ? keptAddresses(a.svc.ingress, families, requested) : null;
    const holdings = allocator.holdingCount;
    const holding = allocator.holdingOf(a.key);
    if (allocator.holdingCount === holdings) uniqueKeys = false; // another Service had this key
    pending.push({
      key: a.key,
      namespace: a.svc.namespace,
      group: a.group,
      families,
      sharingKey: sharingKeyOf(a.svc),
      ports: a.svc.ports,
      externalTrafficPolicy: a.svc.externalTrafficPolicy,
      a,
      requested,
      kept,
      holding,
    });
  }
  return { pending, uniqueKeys };
}

/** Phase 1: keep what Services already hold and may still hold (in pool, in group, as requested).
 *  The request goes to assign as is: every kept address is of a requested family, so the family
 *  check passes exactly as it would for the kept families alone. */
function keepHeldAddresses(order: Pending[], allocator: Allocator): void {
  for (let i = 0; i < order.length; i++) {
    const req = order[i]!;
    const kept = req.kept;
    if (!kept) continue;
    if (!allocator.assign(req, kept).ok && kept.length > 1) {
      // Keep what can be kept one address at a time, so a dual-stack Service loses only the bad
      // one; a refused assign changes nothing, so the last accepted set is what stays held.
      const good: Addr[] = [];
      for (const k of kept) {
        const attempt = [...good, k];
        if (allocator.assign(req, attempt).ok) good.push(k);
      }
    }
  }
}

/** Phase 2: everything still missing an address, requested ones honoured exactly. */
function allocateMissing(order: Pending[], allocator: Allocator): void {
  for (let i = 0; i < order.length; i++) {
    const req = order[i]!;
    if (holdsEveryFamily(req.holding.addresses, req.families)) continue;
    const r = req.requested ? allocator.assign(req, req.requested) : allocator.allocate(req);
    if (!r.ok) {
      allocator.release(req.key);
      req.a.refusal = { reason: r.reason, message: req.requested ? `requested address refused: ${r.message}` : r.message };
    }
  }
}

/** A served Service waiting for IPAM: its request, plus what the phases need beside it. */
interface Pending extends AllocRequest {
  a: ServiceAllocation;
  requested: Addr[] | null;
  /** The owned ingress addresses phase 1 tries to keep; null when none. */
  kept: Addr[] | null;
  /** The allocator's live holding of the Service's key. */
  holding: Readonly<Holding>;
}

/** The owned ingress addresses a Service may keep: one per requested family (the first), and
 *  only a requested address when it requests some; null when none. */
function keptAddresses(ingress: readonly string[], families: readonly Family[], requested: Addr[] | null): Addr[] | null {
  // Sized up front and cut to what was found (one grown from empty by push reserves 17 slots).
  const kept = new Array<Addr>(ingress.length);
  let n = 0;
  for (const text of ingress) {
    const ip = parseAddr(text);
    if (!ip || !families.includes(ip.family) || kept.some((k, j) => j < n && k.family === ip.family)) continue;
    if (requested && !requested.some((r) => r.family === ip.family && r.value === ip.value)) continue;
    kept[n++] = ip;
  }
  kept.length = n;
  return n > 0 ? kept : null;
}

/** Whether the held addresses cover every family asked for. */
function holdsEveryFamily(held: readonly AllocatedAddress[], families: readonly Family[]): boolean {
  for (const f of families) {
    if (!held.some((h) => h.addr.family === f)) return false;
  }
  return true;
}

/** The held addresses in the order of the families asked for: the holding itself when it
 *  already is (almost always), else a new list. */
function inFamilyOrder(held: AllocatedAddress[], families: readonly Family[]): AllocatedAddress[] {
  let same = held.length === families.length;
  for (let i = 0; same && i < families.length; i++) same = held[i]!.addr.family === families[i];
  if (same) return held;
  return families.map((f) => held.find((h) => h.addr.family === f)).filter((h): h is AllocatedAddress => h !== undefined);
}

/** Sorts by creationTimestamp, then namespace, then name: the code-unit order of the joined key
 *  `ts\0namespace\0name`, compared field by field instead of building a key per Service. */
function planningOrder(pending: Pending[]): Pending[] {
  return [...pending].sort((x, y) => {
    const s = x.a.svc;
    const t = y.a.svc;
    let c = fieldOrder(s.creationTimestamp, t.creationTimestamp);
    if (c === 0) c = fieldOrder(s.namespace, t.namespace);
    // The last field: a shorter name is a shorter key, so code-unit order is the key order.
    if (c === 0) c = compareText(s.name, t.name);
    return c ?? compareText(joinedKey(s), joinedKey(t));
  });
}

/** Order of two fields of the joined key; null in the one case where the field order and the
 *  joined-key order may differ: one field is a prefix of the other, followed there by a NUL
 *  (which the separator would have to be compared with). Never in a real cluster. */
function fieldOrder(a: string, b: string): number | null {
  const c = compareText(a, b);
  if (c === 0 || a.length === b.length) return c;
  const short = a.length < b.length ? a : b;
  const long = a.length < b.length ? b : a;
  return long.charCodeAt(short.length) === 0 && long.startsWith(short) ? null : c;
}

function joinedKey(svc: ObservedService): string {
  return `${svc.creationTimestamp}\u0000${svc.namespace}\u0000${svc.name}`;
}

function notServedMessage(svc: ObservedService): string {
  if (svc.type !== 'LoadBalancer') return `type is ${svc.type}, not LoadBalancer: its address is released`;
  return `loadBalancerClass is ${svc.loadBalancerClass ?? '(none)'}, not ${GITLB_CLASS}: its address is released`;
}
