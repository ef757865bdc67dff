// Generated from schemas/plan.schema.json by `npm run generate`. Do not edit.

/**
 * What `gitlb plan --format json` prints (DESIGN.md §6, contract): the changes apply will make, the warnings, a summary, and the whole planned world after apply. Deterministic byte for byte: keys sorted at every level, lists sorted.
 */
export interface Plan {
  /**
   * Version of this format; a breaking change gets a new value.
   */
  format_version: '1';
  /**
   * The config revision planned: a Git commit, or `sha256:` plus a content hash of the config files for a directory.
   */
  revision: string;
  /**
   * Every write apply will make, ordered Services, then NodeAnnouncements, then SharedAnnouncements, each by target.
   */
  changes: Change[];
  /**
   * Problems that are not changes: a Service that got no address and why, an address no node can announce. Sorted by target, reason, message.
   */
  warnings: Warning[];
  /**
   * Counts of changes, as in the text form's last line.
   */
  summary: {
    /**
     * Changes with action create.
     */
    add: number;
    /**
     * Changes with action update.
     */
    change: number;
    /**
     * Changes with action delete.
     */
    remove: number;
    /**
     * Changes marked disruptive (apply refuses them without --allow-disruption).
     */
    disruptive: number;
  };
  /**
   * The whole world after apply, whether or not it changes.
   */
  planned: {
    /**
     * Services that hold at least one address, sorted by namespace/name.
     */
    services: PlannedService[];
    /**
     * Every node, sorted by name, with the addresses only it holds.
     */
    nodes: PlannedNode[];
    /**
     * Remote addresses every eligible node holds on its dummy interface (externalTrafficPolicy: Cluster), listed once, sorted by address.
     */
    shared: PlannedAddress[];
  };
}
/**
 * One write apply will make.
 */
export interface Change {
  /**
   * kind/namespace/name; the namespace is empty for cluster-scoped kinds (NodeAnnouncement//node-a).
   */
  target: string;
  /**
   * create and delete apply to NodeAnnouncements and SharedAnnouncements; a Service is only ever updated (its status and gitlb annotations).
   */
  action: 'create' | 'update' | 'delete';
  /**
   * The object's gitlb-owned part as observed: for a Service {ingress, annotations}; for a NodeAnnouncement or SharedAnnouncement its spec. null for create.
   */
  before: null | ServiceValue | AnnouncementSpec;
  /**
   * The same part after apply, complete enough to write without re-planning: for a Service {ingress, annotations} with merge-patch semantics (an annotation set to null is removed); for a NodeAnnouncement or SharedAnnouncement its whole spec (see nodeannouncement.schema.json and sharedannouncement.schema.json). null for delete.
   */
  after: null | ServiceValue | AnnouncementSpec;
  /**
   * True when the change takes an address away from a Service that has one, or moves a local address off a node that could still hold it.
   */
  disruptive: boolean;
  /**
   * Why, for people: e.g. `allocate 192.168.10.241 from ServiceGroup default`, `re-address ...: <why the old address is no longer valid>`, `drift: ...`.
   */
  reason: string;
  /**
   * NodeAnnouncement only: what the node's agent reports against what it was told (its spec, and the shards when it holds them).
   */
  drift?: {
    /**
     * address/prefix the node should hold but does not, sorted.
     */
    missing: string[];
    /**
     * address/prefix the node holds inside gitlb's managed ranges but should not, sorted.
     */
    extra: string[];
  };
}
/**
 * The part of a Service gitlb writes.
 */
export interface ServiceValue {
  /**
   * status.loadBalancer.ingress[].ip, in the Service's ipFamilies order.
   */
  ingress: string[];
  /**
   * gitlb.io/allocated-by, gitlb.io/allocated-from (the ServiceGroup), gitlb.io/pool-type (local|remote), gitlb.io/announcing (space-separated node,interface,address entries; `*` is every eligible node); null removes the key.
   */
  annotations: {
    [k: string]: string | null;
  };
}
/**
 * A NodeAnnouncement or SharedAnnouncement spec, as defined by nodeannouncement.schema.json and sharedannouncement.schema.json.
 */
export interface AnnouncementSpec {
  /**
   * Config revision the spec was planned from (a spec that differs only here is not a change).
   */
  revision: string;
}
/**
 * A problem about one object.
 */
export interface Warning {
  /**
   * kind/namespace/name of the object, as in changes[].target.
   */
  target: string;
  /**
   * Stable machine-readable reason, e.g. pool-exhausted, address-in-use, address-not-in-pool, address-reserved, port-clash, sharing-mismatch, group-not-found, namespace-not-allowed, no-pool-for-family, invalid-requested-address, family-not-requested, not-announced, local-policy-needs-allow-local.
   */
  reason: string;
  /**
   * What happened and why, for people.
   */
  message: string;
}
/**
 * A Service's allocation after apply.
 */
export interface PlannedService {
  /**
   * Namespace.
   */
  namespace: string;
  /**
   * Name.
   */
  name: string;
  /**
   * Its addresses in ipFamilies order (one per family).
   */
  addresses: string[];
  /**
   * The ServiceGroup they come from.
   */
  group: string;
  /**
   * The group's type.
   */
  poolType: 'local' | 'remote';
}
/**
 * A node after apply.
 */
export interface PlannedNode {
  /**
   * Node name.
   */
  node: string;
  /**
   * Whether it may announce: Ready, agent Lease fresh (live mode), NodeAnnouncement Ready not False, matching the LBNodeAgent nodeSelector. Eligible nodes hold every shared address too.
   */
  eligible: boolean;
  /**
   * Its agent has not reported yet: its InternalIP stands in for its local subnet.
   */
  waitingForAgent: boolean;
  /**
   * Addresses only this node holds, sorted by address (shared ones are in planned.shared).
   */
  addresses: PlannedAddress[];
  /**
   * BGP neighbour addresses it peers with, sorted.
   */
  peers: string[];
}
/**
 * One address as placed.
 */
export interface PlannedAddress {
  /**
   * IPv4 or IPv6 address, canonical form, no prefix.
   */
  address: string;
  /**
   * Prefix length on the interface: the pool's aggregation (the subnet's by default).
   */
  prefixLength: number;
  /**
   * The node's reported local interface (or the LBNodeAgent localInterface setting while the agent has not reported) for local, the dummy interface for remote.
   */
  interface: string;
  /**
   * local: one node, GARP/NA; remote: dummy interface, advertised by BGP.
   */
  kind: 'local' | 'remote';
  /**
   * Owning Services as namespace/name, sorted (several when they share a key).
   */
  services: string[];
}
