// The Plan: data that says what apply will do, and the whole world after it. Rendered by
// report/*, executed by apply/*; never re-derived by either. Its JSON form is a contract
// (schemas/plan.schema.json, DESIGN.md §6).
import type { DesiredState } from '../config/model.js';
import type { ObservedState } from '../cluster/observed.js';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import { allocateServices, type IpamResult, type ServiceAllocation } from './ipam.js';
import { judgeEligibility } from './eligibility.js';
import { currentLocalHolders, placeAddresses, type AddressToPlace } from './placement.js';
import { planNodeBgp } from './bgp.js';
import { buildNodeSpec, buildSharedSpecs, rangesOf } from './announcements.js';
import { nodeDrift, type NodeDrift } from './drift.js';
import { diffNodeAnnouncements, diffService, diffSharedAnnouncements, serviceTarget } from './diff.js';
import { currentServiceStatus, desiredServiceStatus } from './service-status.js';
import { allowLocalOf, requestedAddressesOf, sharingKeyOf } from './service-annotations.js';
import { addrKey, compareText, parseAddr } from './ip-math.js';
import { findPool, reservedReason } from './pool-index.js';

// The plan's types are generated from schemas/plan.schema.json (the JSON contract of
// `gitlb plan --format json`), so the code cannot drift from the schema it is checked against.
import type { Change, Plan, PlannedNode, PlannedService, Warning } from '../config/generated/plan.generated.js';
export type { AnnouncementSpec, Change, Plan, PlannedAddress, PlannedNode, PlannedService, ServiceValue } from '../config/generated/plan.generated.js';
/** A warning about one object (a Service that got no address, an address no node announces). */
export type PlanWarning = Warning;

// ---------------------------------------------------------------------------------------------
// The composer: observe → allocate → place → BGP → desired objects → diff. Pure and synchronous.

const NO_NODES: ReadonlySet<string> = new Set<string>();

/** Plans the cluster: what apply must change so the observed world matches the desired config. */
export function plan(desired: DesiredState, observed: ObservedState): Plan {
  const ipam = allocateServices(desired, observed.services);
  const eligibility = judgeEligibility(observed.nodes, desired.nodeAgent);
  const eligible = new Set(eligibility.filter((e) => e.eligible).map((e) => e.node.name));

  // The loops over every Service are functions of their own (addressesToPlace, planServices):
  // the JIT then compiles each alone, not all of plan() once per hot loop.
  const { places, placeStart, placeIdx } = addressesToPlace(ipam, observed.readyEndpointNodes);
  const placement = placeAddresses(places, eligibility, ipam.index, desired.nodeAgent, currentLocalHolders(observed.nodeAnnouncements));

  // Desired runtime objects.
  const { managedRanges, exportRanges } = rangesOf(desired);
  const nodeSpecs = new Map<string, NodeAnnouncementSpec>();
  const plannedNodes: PlannedNode[] = [];
  for (const e of eligibility) {
    const name = e.node.name;
    const addresses = placement.perNode.get(name) ?? [];
    const bgp = planNodeBgp(desired.bgp, e.node, e.eligible, exportRanges);
    nodeSpecs.set(name, buildNodeSpec(desired, managedRanges, e.eligible, addresses, bgp.spec));
    plannedNodes.push({ addresses, eligible: e.eligible, node: name, peers: bgp.peers, waitingForAgent: e.waitingForAgent });
  }
  const sharedSpecs = buildSharedSpecs(desired.revision, placement.shared, placement.sharedValues);

  // Drift against what each agent was told (its current spec and the current shards).
  const sharedTold = new Set<string>();
  for (const sa of observed.sharedAnnouncements) for (const a of sa.spec.addresses) sharedTold.add(`${a.address}/${a.prefixLength}`);
  const naByName = new Map(observed.nodeAnnouncements.map((na) => [na.metadata.name, na]));
  const drifts = new Map<string, NodeDrift>();
  for (const n of observed.nodes) {
    const d = nodeDrift(n, naByName.get(n.name), sharedTold, ipam.index);
    if (d) drifts.set(n.name, d);
  }

  // Two Services with one key (never in an ObservedState read from a cluster) share their
  // announcing list, as when it was kept per key.
  const byKey = ipam.uniqueKeys ? null : announcingByKey(places, placement.announcing);

  const announcing = (i: number): string[] | undefined =>
    byKey ? byKey.get(ipam.allocations[i]!.key) : announcingOf(placement.announcing, placeIdx, placeStart[i]!, placeStart[i + 1]!);
  const { changes, refusals, plannedServices } = planServices(ipam, announcing);
  const warnings: PlanWarning[] = [...placement.warnings, ...refusals];

  // Ordered by kind (Services, NodeAnnouncements, shards), then target: each kind's list sorted
  // on its own, so no rank has to be worked out per change.
  byTarget(changes);
  changes.push(...byTarget(diffNodeAnnouncements(observed.nodeAnnouncements, nodeSpecs, eligible, drifts)));
  changes.push(...byTarget(diffSharedAnnouncements(observed.sharedAnnouncements, sharedSpecs)));
  warnings.sort((x, y) => compareText(x.target, y.target) || compareText(x.reason, y.reason) || compareText(x.message, y.message));
  plannedServices.sort((x, y) => compareText(x.namespace, y.namespace) || compareText(x.name, y.name));
  plannedNodes.sort((x, y) => compareText(x.node, y.node));

  const summary = { add: 0, change: 0, disruptive: 0, remove: 0 };
  for (const c of changes) {
    if (c.action === 'create') summary.add++;
    else if (c.action === 'update') summary.change++;
    else summary.remove++;
    if (c.disruptive) summary.disruptive++;
  }

  // Every object of the plan is built with its keys in sorted order, so its JSON form is
  // JSON.stringify's output as is (render-plan-json.ts; a test checks the order).
  return {
    changes,
    format_version: '1',
    planned: { nodes: plannedNodes, services: plannedServices, shared: placement.shared },
    revision: desired.revision,
    summary,
    warnings,
  };
}

/** The allocated addresses to place: one entry per address, owners merged (shared keys put
 *  several Services on one), and allocation i's addresses as places[placeIdx[placeStart[i] ..]]. */
interface AddressesToPlace {
  places: AddressToPlace[];
  placeStart: Int32Array;
  placeIdx: number[];
}

/** Every allocated address once, with its owners and their endpoint nodes. */
function addressesToPlace(ipam: IpamResult, readyEndpointNodes: ObservedState['readyEndpointNodes']): AddressesToPlace {
  // Keyed by addrKey: unique across families, and an IPv4 key is a number (hashed far faster
  // than a string).
  const allocations = ipam.allocations;
  const toPlace = new Map<number | string, number>();
  const places: AddressToPlace[] = [];
  const placeStart = new Int32Array(allocations.length + 1);
  const placeIdx: number[] = [];
  for (let i = 0; i < allocations.length; i++) {
    const a = allocations[i]!;
    placeStart[i] = placeIdx.length;
    // A Service without a sharing key holds its addresses alone (the allocator lets nobody else
    // hold them), so when keys are unique its addresses need no lookup: no other owner can come.
    const alone = a.addresses.length > 0 && ipam.uniqueKeys && sharingKeyOf(a.svc) === null;
    for (let j = 0; j < a.addresses.length; j++) {
      const x = a.addresses[j]!;
      const key = alone ? null : addrKey(x.addr.family, x.addr.value);
      let at = key === null ? undefined : toPlace.get(key);
      if (at === undefined) {
        at = places.length;
        // Born with its first owner: an array grown from empty by push reserves 17 slots, and
        // these arrays live as long as the plan (they are its PlannedAddress.services).
        places.push({ addr: x.addr, slot: x.slot, services: [a.key], externalTrafficPolicy: a.svc.externalTrafficPolicy, allowLocal: false, endpointNodes: NO_NODES });
        if (key !== null) toPlace.set(key, at);
      } else {
        places[at]!.services.push(a.key);
      }
      placeIdx.push(at);
      const entry = places[at]!;
      entry.allowLocal ||= allowLocalOf(a.svc);
      // Endpoints matter only for externalTrafficPolicy: Local; a Set per address would cost ~100 MB at 100k.
      const ready = a.svc.externalTrafficPolicy === 'Local' ? readyEndpointNodes[a.key] : undefined;
      if (ready && ready.length > 0) entry.endpointNodes = new Set([...entry.endpointNodes, ...ready]);
    }
  }
  placeStart[allocations.length] = placeIdx.length;
  for (const e of places) if (e.services.length > 1) e.services.sort(compareText);
  return { places, placeStart, placeIdx };
}

/** Per Service: its change (when gitlb's fields differ), its planned entry (when it has
 *  addresses), and a warning when IPAM refused a served one; `announcing(i)` gives allocation
 *  i's announcing entries. */
function planServices(ipam: IpamResult, announcing: (i: number) => string[] | undefined): { changes: Change[]; refusals: PlanWarning[]; plannedServices: PlannedService[] } {
  const allocations = ipam.allocations;
  const changes: Change[] = [];
  const refusals: PlanWarning[] = [];
  const plannedServices: PlannedService[] = [];
  for (let i = 0; i < allocations.length; i++) {
    const a = allocations[i]!;
    if (a.refusal && a.served) refusals.push({ message: a.refusal.message, reason: a.refusal.reason, target: serviceTarget(a.svc.namespace, a.svc.name) });
    const desiredStatus = desiredServiceStatus(a, announcing(i));
    // No desired value: gitlb has nothing to say about the Service (diffService would return null).
    const change = desiredStatus ? diffService(a.svc.namespace, a.svc.name, currentServiceStatus(a.svc), desiredStatus, (x) => explainDropped(a, x, ipam), a.refusal?.message ?? null) : null;
    if (change) changes.push(change);
    if (a.addresses.length > 0) {
      // The same list as the desired ingress (a Service with addresses always has a desired
      // value): the plan is read-only data, and a second copy per Service costs memory at 100k.
      const addresses = desiredStatus?.ingress ?? a.addresses.map((x) => x.addr.text);
      plannedServices.push({ addresses, group: a.group, name: a.svc.name, namespace: a.svc.namespace, poolType: a.addresses[0]!.slot.group.type });
    }
  }
  return { changes, refusals, plannedServices };
}

/** A Service's announcing entries: those of its addresses (places idx[from..to)), sorted; undefined when none. */
function announcingOf(perPlace: string[][], idx: number[], from: number, to: number): string[] | undefined {
  if (to === from) return undefined;
  // One address (almost every Service): its entries are already sorted.
  if (to - from === 1) return perPlace[idx[from]!];
  const out: string[] = [];
  for (let j = from; j < to; j++) out.push(...perPlace[idx[j]!]!);
  return out.sort(compareText);
}

/** Every owner's announcing entries, by Service key, sorted (entries of an address count once per time the key owns it). */
function announcingByKey(places: AddressToPlace[], perPlace: string[][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  places.forEach((p, i) => {
    for (const s of p.services) {
      let list = out.get(s);
      if (!list) out.set(s, (list = []));
      list.push(...perPlace[i]!);
    }
  });
  for (const list of out.values()) list.sort(compareText);
  return out;
}

/** Sorts changes of one kind in place by target; returns them. */
function byTarget(changes: Change[]): Change[] {
  return changes.sort((a, b) => compareText(a.target, b.target));
}

/** Why a Service no longer holds an address it had, for the change's reason. */
function explainDropped(a: ServiceAllocation, text: string, ipam: ReturnType<typeof allocateServices>): string {
  if (a.refusal) return a.refusal.message;
  const ip = parseAddr(text);
  if (!ip) return `${text} is not an IP address`;
  const requested = requestedAddressesOf(a.svc);
  if (requested && !requested.some((r) => parseAddr(r)?.text === ip.text)) return `the Service requests ${requested.join(', ')}`;
  const slot = findPool(ipam.index, ip.family, ip.value);
  if (!slot || slot.group.name !== a.group) return `${text} is not in any pool of ServiceGroup ${a.group}`;
  const reserved = reservedReason(slot, ip.value);
  if (reserved) return `${text} cannot be handed out: ${reserved}`;
  if (!a.addresses.some((x) => x.addr.family === ip.family)) return `the Service no longer asks for IPv${ip.family}`;
  const holders = ipam.allocator.holdersOf(ip.family, ip.value).filter((h) => h !== a.key);
  if (holders.length > 0) return `${text} is held by ${holders.join(', ')}, which claimed it first`;
  return `${text} was not allocated by gitlb`;
}
