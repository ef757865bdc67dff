// Generated from schemas/nodeannouncement.schema.json by `npm run generate`. Do not edit.

/**
 * Runtime kind written by the gitlb reconciler (never by users): one per node, named after the node. spec says what only this node must hold; status is what the node's agent really sees.
 */
export interface NodeAnnouncement {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'NodeAnnouncement';
  metadata: ObjectMeta;
  spec: NodeAnnouncementSpec;
  status?: NodeAnnouncementStatus;
}
/**
 * Standard object metadata; name is the node's name.
 */
export interface ObjectMeta {
  /**
   * The node this announcement is for.
   */
  name: string;
  /**
   * Opaque version for optimistic concurrency.
   */
  resourceVersion?: string;
  /**
   * Bumped on every spec change.
   */
  generation?: number;
  /**
   * Labels.
   */
  labels?: {
    [k: string]: string;
  };
  /**
   * Annotations.
   */
  annotations?: {
    [k: string]: string;
  };
}
/**
 * What only this node must hold.
 */
export interface NodeAnnouncementSpec {
  /**
   * Config revision this spec was planned from.
   */
  revision: string;
  /**
   * Whether the node is eligible and so holds every SharedAnnouncement's addresses too.
   */
  holdsShared: boolean;
  /**
   * LBNodeAgent localInterface: 'default' or a regex.
   */
  localInterface: string;
  /**
   * Name of the dummy interface (default kube-lb0).
   */
  dummyInterface: string;
  /**
   * Gratuitous ARP / unsolicited NA after a local address is added.
   */
  garp: {
    /**
     * Send them.
     */
    enabled: boolean;
    /**
     * How many.
     */
    count: number;
    /**
     * Interval between them, ms.
     */
    intervalMs: number;
  };
  /**
   * Add local IPv6 addresses with nodad.
   */
  skipIPv6DAD?: boolean;
  /**
   * CIDRs gitlb owns on this node: every pool's subnet. The agent removes stale addresses inside them (and anything on the dummy interface) and never touches anything else.
   */
  managedRanges: string[];
  /**
   * Addresses only this node holds: local addresses it won, remote addresses of externalTrafficPolicy: Local Services with an endpoint here. Sorted by address.
   */
  addresses: AnnouncedAddress[];
  /**
   * BGP for this node; absent when no BGPConfiguration applies.
   */
  bgp?: {
    /**
     * Local AS number.
     */
    asn: number;
    /**
     * Router ID; default: the node's first IPv4 address.
     */
    routerID?: string;
    /**
     * Neighbours whose nodeSelector matches this node.
     */
    neighbors: AnnouncedNeighbor[];
    /**
     * CIDRs the export filter allows (the remote pools' subnets): only device routes inside them are advertised.
     */
    exportRanges: string[];
  };
}
/**
 * One address the node must hold.
 */
export interface AnnouncedAddress {
  /**
   * The IPv4 or IPv6 address, canonical form, no prefix.
   */
  address: string;
  /**
   * Prefix length the address gets on the interface (the subnet's for local, the aggregation for remote).
   */
  prefixLength: number;
  /**
   * Interface name as planned: the node's reported local interface (or the LBNodeAgent selector while the agent has not reported) for local, the dummy interface for remote.
   */
  interface: string;
  /**
   * local: on the local interface with GARP/NA; remote: on the dummy interface, advertised by BGP.
   */
  kind: 'local' | 'remote';
  /**
   * Owning Services as namespace/name, sorted.
   */
  services: string[];
}
/**
 * A BGP neighbour this node peers with.
 */
export interface AnnouncedNeighbor {
  /**
   * Neighbour address.
   */
  address: string;
  /**
   * Neighbour AS number.
   */
  peerASN: number;
  /**
   * Hold time in seconds.
   */
  holdTime?: number;
  /**
   * Keepalive time in seconds.
   */
  keepaliveTime?: number;
  /**
   * eBGP multihop TTL.
   */
  ebgpMultihop?: number;
  /**
   * BFD for fast failure detection.
   */
  bfd?: {
    /**
     * Minimum receive interval, ms.
     */
    minRxMs?: number;
    /**
     * Minimum transmit interval, ms.
     */
    minTxMs?: number;
    /**
     * Detection multiplier.
     */
    multiplier?: number;
  };
  /**
   * Secret holding the TCP-MD5 password; the password itself is never written here.
   */
  passwordSecretRef?: {
    /**
     * Secret namespace (default: the agent's).
     */
    namespace?: string;
    /**
     * Secret name.
     */
    name: string;
    /**
     * Key in the Secret's data.
     */
    key: string;
  };
}
/**
 * What the node's agent really sees, written only on change.
 */
export interface NodeAnnouncementStatus {
  /**
   * The spec generation the agent last applied.
   */
  observedGeneration?: number;
  /**
   * The node's interfaces that matter: the local interface and the dummy interface, with their real addresses.
   */
  interfaces?: {
    /**
     * Interface name.
     */
    name: string;
    /**
     * Its role for gitlb.
     */
    role: 'local' | 'dummy' | 'other';
    /**
     * Whether it carries the lowest-metric default route.
     */
    default: boolean;
    /**
     * Addresses with prefix, e.g. 192.168.10.11/24.
     */
    addresses: string[];
  }[];
  /**
   * BGP sessions as BIRD reports them; while BIRD's control socket cannot be reached, each neighbour is reported with state Unknown and a reason (and the BirdReachable condition is False), never in its last known state.
   */
  sessions?: {
    /**
     * Neighbour address.
     */
    neighbor: string;
    /**
     * BGP state, e.g. Established, Active, Connect; Unknown when BIRD could not be asked.
     */
    state: string;
    /**
     * When the state was entered, as BIRD prints it.
     */
    since?: string;
    /**
     * Set only with state Unknown: why BIRD could not be asked, e.g. its control socket cannot be reached.
     */
    reason?: string;
  }[];
  /**
   * Drift counters since the agent started.
   */
  drift?: {
    /**
     * Addresses put back or removed outside a spec change.
     */
    repairs?: number;
    /**
     * RFC 3339 time of the last repair.
     */
    lastRepair?: string;
  };
  /**
   * kstatus conditions: Ready, Reconciling, Stalled; and, while the node has BGP sessions, BirdReachable (False, reason BirdUnreachable, when BIRD's control socket cannot be reached; it does not change Ready).
   */
  conditions?: Condition[];
}
/**
 * A kstatus condition.
 */
export interface Condition {
  /**
   * Ready, Reconciling, Stalled or BirdReachable.
   */
  type: string;
  /**
   * Condition status.
   */
  status: 'True' | 'False' | 'Unknown';
  /**
   * CamelCase reason.
   */
  reason?: string;
  /**
   * Human-readable detail.
   */
  message?: string;
  /**
   * RFC 3339 time of the last status change.
   */
  lastTransitionTime?: string;
  /**
   * Generation the condition was computed for.
   */
  observedGeneration?: number;
}
