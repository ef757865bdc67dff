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
      return [primary];
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

  // One pending request per served Service, in observed order (plain records: at 100k a Map
  // keyed by allocation, and request copies per phase, were a good part of IPAM's time).
  const pending: Pending[] = [];
  let uniqueKeys = true;
  for (const a of allocations) {
    if (!a.served) {
      if (isOwnedAllocation(a.svc) || hasGitlbMarks(a.svc)) {
        a.refusal = { reason: 'not-served', message: notServedMessage(a.svc) };
      }
      continue;
    }
    const entry = index.byGroup.get(a.group);
    const families = wantedFamilies(a.svc, { v4: (entry?.v4.length ?? 0) > 0, v6: (entry?.v6.length ?? 0) > 0 });
    const req: AllocRequest = {
      key: a.key,
      namespace: a.svc.namespace,
      group: a.group,
      families,
      sharingKey: sharingKeyOf(a.svc),
      ports: a.svc.ports,
      externalTrafficPolicy: a.svc.externalTrafficPolicy,
    };
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
      req.families = families.filter((f) => requested!.some((r) => r.family === f));
      const extra = requested.find((r) => !families.includes(r.family));
      if (extra) {
        a.refusal = { reason: 'family-not-requested', message: `requested address ${extra.text} is IPv${extra.family}, but the Service's ipFamilies/ipFamilyPolicy allow ${families.map((f) => `IPv${f}`).join(', ')}` };
        continue;
      }
    }
    // What the Service may keep (phase 1) depends only on the Service: worked out once, here.
    let kept: Addr[] | null = null;
    if (isOwnedAllocation(a.svc)) {
      kept = [];
      for (const text of a.svc.ingress) {
        const ip = parseAddr(text);
        if (!ip || !req.families.includes(ip.family) || kept.some((k) => k.family === ip.family)) continue;
        if (requested && !requested.some((r) => r.family === ip.family && r.value === ip.value)) continue;
        kept.push(ip);
      }
    }
    const holdings = allocator.holdingCount;
    const holding = allocator.holdingOf(a.key);
    if (allocator.holdingCount === holdings) uniqueKeys = false; // another Service had this key
    pending.push({ a, req, requested, kept: kept && kept.length > 0 ? kept : null, holding });
  }

  const order = planningOrder(pending);

  // Phase 1: keep what Services already hold and may still hold (in pool, in group, as requested).
  // The request goes to assign as is: every kept address is of a requested family, so the
  // family check passes exactly as it would for the kept families alone.
  for (const { req, kept } of order) {
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

  // Phase 2: everything still missing an address, requested ones honoured exactly.
  for (const { a, req, requested, holding } of order) {
    const held = holding.addresses;
    if (req.families.every((f) => held.some((h) => h.addr.family === f))) continue;
    const r = requested ? allocator.assign(req, requested) : allocator.allocate(req);
    if (!r.ok) {
      allocator.release(a.key);
      a.refusal = { reason: r.reason, message: requested ? `requested address refused: ${r.message}` : r.message };
    }
  }

  for (const { a, req, holding } of pending) {
    const held = holding.addresses;
    const fams = req.families;
    if (held.length === fams.length && fams.every((f, i) => held[i]!.addr.family === f)) {
      a.addresses = held;
      continue;
    }
    a.addresses = fams.map((f) => held.find((h) => h.addr.family === f)).filter((h): h is AllocatedAddress => h !== undefined);
  }
  return { allocations, index, allocator, uniqueKeys };
}

/** A served Service waiting for IPAM: its request and parsed requested addresses. */
interface Pending {
  a: ServiceAllocation;
  req: AllocRequest;
  requested: Addr[] | null;
  /** The owned ingress addresses phase 1 tries to keep; null when none. */
  kept: Addr[] | null;
  /** The allocator's live holding of the Service's key. */
  holding: Readonly<Holding>;
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
