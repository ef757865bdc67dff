// The Plan: data that says what apply will do, and the whole world after it. Rendered by
// report/*, executed by apply/*; never re-derived by either. Its JSON form is a contract
// (schemas/plan.schema.json, DESIGN.md §6).

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
