// IPAM over a whole cluster: decides which Services gitlb serves, keeps the addresses that are
// still valid (first, so nothing re-addresses), then allocates for the rest in a stable order
// (creationTimestamp, then namespace/name). Every refusal becomes a reason the plan shows.
import type { DesiredState, Family } from '../config/model.js';
import type { ObservedService } from '../cluster/observed.js';
import { Allocator, type AllocatedAddress, type AllocRequest, type RefusalReason } from './allocator.js';
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

  // Requests and parsed requested addresses, per served Service.
  const requests = new Map<ServiceAllocation, { req: AllocRequest; requested: Addr[] | null }>();
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
    requests.set(a, { req, requested });
  }

  // Sort keys computed once: creationTimestamp, then namespace/name (NUL sorts before any name character).
  const order = [...requests.keys()]
    .map((a) => ({ a, k: `${a.svc.creationTimestamp}\u0000${a.svc.namespace}\u0000${a.svc.name}` }))
    .sort((x, y) => compareText(x.k, y.k))
    .map((x) => x.a);

  // Phase 1: keep what Services already hold and may still hold (in pool, in group, as requested).
  for (const a of order) {
    if (!isOwnedAllocation(a.svc)) continue;
    const { req, requested } = requests.get(a)!;
    const kept: Addr[] = [];
    for (const text of a.svc.ingress) {
      const p = parseAddr(text);
      if (!p || !req.families.includes(p.family) || kept.some((k) => k.family === p.family)) continue;
      if (requested && !requested.some((r) => r.family === p.family && r.value === p.value)) continue;
      kept.push(p);
    }
    if (kept.length === 0) continue;
    const r = allocator.assign({ ...req, families: kept.map((k) => k.family) }, kept);
    if (!r.ok) {
      // Keep what can be kept one address at a time, so a dual-stack Service loses only the bad
      // one; a refused assign changes nothing, so the last accepted set is what stays held.
      const good: Addr[] = [];
      for (const k of kept) {
        const attempt = [...good, k];
        if (allocator.assign({ ...req, families: attempt.map((g) => g.family) }, attempt).ok) good.push(k);
      }
    }
  }

  // Phase 2: everything still missing an address, requested ones honoured exactly.
  for (const a of order) {
    const { req, requested } = requests.get(a)!;
    const held = allocator.addressesOf(a.key);
    if (req.families.every((f) => held.some((h) => h.addr.family === f))) continue;
    const r = requested ? allocator.assign(req, requested) : allocator.allocate(req);
    if (!r.ok) {
      allocator.release(a.key);
      a.refusal = { reason: r.reason, message: requested ? `requested address refused: ${r.message}` : r.message };
    }
  }

  for (const a of allocations) {
    if (!requests.has(a)) continue;
    const held = allocator.addressesOf(a.key);
    const fams = requests.get(a)!.req.families;
    a.addresses = fams.map((f) => held.find((h) => h.addr.family === f)).filter((h): h is AllocatedAddress => h !== undefined);
  }
  return { allocations, index, allocator };
}

function notServedMessage(svc: ObservedService): string {
  if (svc.type !== 'LoadBalancer') return `type is ${svc.type}, not LoadBalancer: its address is released`;
  return `loadBalancerClass is ${svc.loadBalancerClass ?? '(none)'}, not ${GITLB_CLASS}: its address is released`;
}
