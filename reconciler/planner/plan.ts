// The Plan: data that says what apply will do, and the whole world after it. Rendered by
// report/*, executed by apply/*; never re-derived by either. Its JSON form is a contract
// (schemas/plan.schema.json, DESIGN.md §6).
import type { DesiredState } from '../config/model.js';
import type { ObservedState } from '../cluster/observed.js';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import { allocateServices, type ServiceAllocation } from './ipam.js';
import { judgeEligibility } from './eligibility.js';
import { placeAddresses, type AddressToPlace } from './placement.js';
import { planNodeBgp } from './bgp.js';
import { buildNodeSpec, buildSharedSpecs, rangesOf } from './announcements.js';
import { nodeDrift, type NodeDrift } from './drift.js';
import { diffNodeAnnouncements, diffService, diffSharedAnnouncements, serviceTarget } from './diff.js';
import { currentServiceStatus, desiredServiceStatus } from './service-status.js';
import { allowLocalOf, requestedAddressesOf } from './service-annotations.js';
import { compareText, parseAddr } from './ip-math.js';
import { findPool, reservedReason } from './pool-index.js';

/** One address as placed: on one node (nodes[].addresses) or on every eligible node (shared). */
export interface PlannedAddress {
  address: string;
  prefixLength: number;
  interface: string;
  kind: 'local' | 'remote';
  /** Owning Services as namespace/name, sorted. */
  services: string[];
}

/** A Service's planned allocation. */
export interface PlannedService {
  namespace: string;
  name: string;
  addresses: string[];
  group: string;
  poolType: 'local' | 'remote';
}

/** A node's planned state. */
export interface PlannedNode {
  node: string;
  eligible: boolean;
  /** True while the node's agent has not reported: placements use its InternalIPs. */
  waitingForAgent: boolean;
  addresses: PlannedAddress[];
  /** BGP neighbour addresses this node peers with, sorted. */
  peers: string[];
}

/** One change apply will make. target is kind/namespace/name (namespace empty for
 *  cluster-scoped kinds: `NodeAnnouncement//node-1`). `after` is complete enough for apply to
 *  write it without re-planning: for a Service its gitlb annotations and ingress addresses, for
 *  a NodeAnnouncement or SharedAnnouncement its whole spec. */
export interface Change {
  target: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
  disruptive: boolean;
  reason: string;
  /** NodeAnnouncement only: addresses (address/prefix) the agent reports missing or extra against what it was told. */
  drift?: { missing: string[]; extra: string[] };
}

/** A warning about one object (a Service that got no address, an address no node announces). */
export interface PlanWarning {
  target: string;
  reason: string;
  message: string;
}

/** The plan. */
export interface Plan {
  format_version: '1';
  revision: string;
  changes: Change[];
  warnings: PlanWarning[];
  summary: { add: number; change: number; remove: number; disruptive: number };
  planned: {
    services: PlannedService[];
    nodes: PlannedNode[];
    shared: PlannedAddress[];
  };
}

// ---------------------------------------------------------------------------------------------
// The composer: observe → allocate → place → BGP → desired objects → diff. Pure and synchronous.

const NO_NODES: ReadonlySet<string> = new Set<string>();

const KIND_ORDER: Record<string, number> = { Service: 0, NodeAnnouncement: 1, SharedAnnouncement: 2 };

/** Plans the cluster: what apply must change so the observed world matches the desired config. */
export function plan(desired: DesiredState, observed: ObservedState): Plan {
  const ipam = allocateServices(desired, observed.services);
  const eligibility = judgeEligibility(observed.nodes, desired.nodeAgent);
  const eligible = new Set(eligibility.filter((e) => e.eligible).map((e) => e.node.name));

  // One entry per allocated address, owners merged (shared keys put several Services on one).
  // Keyed by canonical text: unique across families, and hashed far faster than a BigInt.
  const toPlace = new Map<string, AddressToPlace>();
  for (const a of ipam.allocations) {
    for (const x of a.addresses) {
      let entry = toPlace.get(x.addr.text);
      if (!entry) {
        entry = { addr: x.addr, slot: x.slot, services: [], externalTrafficPolicy: a.svc.externalTrafficPolicy, allowLocal: false, endpointNodes: NO_NODES };
        toPlace.set(x.addr.text, entry);
      }
      entry.services.push(a.key);
      entry.allowLocal ||= allowLocalOf(a.svc);
      // Endpoints matter only for externalTrafficPolicy: Local; a Set per address would cost ~100 MB at 100k.
      const ready = a.svc.externalTrafficPolicy === 'Local' ? observed.readyEndpointNodes[a.key] : undefined;
      if (ready && ready.length > 0) entry.endpointNodes = new Set([...entry.endpointNodes, ...ready]);
    }
  }
  const places = [...toPlace.values()];
  for (const e of places) if (e.services.length > 1) e.services.sort(compareText);
  const placement = placeAddresses(places, eligibility, ipam.index, desired.nodeAgent);

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

  const changes: Change[] = [];
  const warnings: PlanWarning[] = [...placement.warnings];
  const plannedServices: PlannedService[] = [];
  for (const a of ipam.allocations) {
    if (a.refusal && a.served) warnings.push({ message: a.refusal.message, reason: a.refusal.reason, target: serviceTarget(a.svc.namespace, a.svc.name) });
    const desiredStatus = desiredServiceStatus(a, placement.announcing.get(a.key));
    const change = diffService(a.svc.namespace, a.svc.name, currentServiceStatus(a.svc), desiredStatus, (x) => explainDropped(a, x, ipam), a.refusal?.message ?? null);
    if (change) changes.push(change);
    if (a.addresses.length > 0) {
      plannedServices.push({ addresses: a.addresses.map((x) => x.addr.text), group: a.group, name: a.svc.name, namespace: a.svc.namespace, poolType: a.addresses[0]!.slot.group.type });
    }
  }
  changes.push(...diffNodeAnnouncements(observed.nodeAnnouncements, nodeSpecs, eligible, drifts));
  changes.push(...diffSharedAnnouncements(observed.sharedAnnouncements, sharedSpecs));
  sortByKey(changes, (c) => `${kindRank(c.target)}${c.target}`);
  warnings.sort((x, y) => compareText(x.target, y.target) || compareText(x.reason, y.reason) || compareText(x.message, y.message));
  plannedServices.sort((x, y) => compareText(x.namespace, y.namespace) || compareText(x.name, y.name));
  plannedNodes.sort((x, y) => compareText(x.node, y.node));

  // Every object of the plan is built with its keys in sorted order, so its JSON form is
  // JSON.stringify's output as is (render-plan-json.ts; a test checks the order).
  return {
    changes,
    format_version: '1',
    planned: { nodes: plannedNodes, services: plannedServices, shared: placement.shared },
    revision: desired.revision,
    summary: {
      add: changes.filter((c) => c.action === 'create').length,
      change: changes.filter((c) => c.action === 'update').length,
      disruptive: changes.filter((c) => c.disruptive).length,
      remove: changes.filter((c) => c.action === 'delete').length,
    },
    warnings,
  };
}

function kindRank(target: string): number {
  return KIND_ORDER[target.slice(0, target.indexOf('/'))] ?? 9;
}

/** Sorts in place by a string key computed once per element (a comparator recomputing it costs n log n slices at 100k). */
function sortByKey<T>(xs: T[], key: (x: T) => string): void {
  const keyed = xs.map((x) => ({ k: key(x), x }));
  keyed.sort((a, b) => compareText(a.k, b.k));
  keyed.forEach((e, i) => (xs[i] = e.x));
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
