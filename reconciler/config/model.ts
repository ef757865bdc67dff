// DesiredState: the normalized, validated config that the planner consumes. Produced by the
// loader (load.ts) from gitlb.io/v1 kinds or the PureLB forms; never read from YAML directly.
// Plain data only: no classes, no I/O, so the planner can be tested with literal values.

/** A place in a config file, 1-based line and column; file relative to the working directory. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** IP address family. */
export type Family = 4 | 6;

/** One address pool inside a subnet, with its range resolved to numbers. */
export interface PoolModel {
  family: Family;
  /** The pool as written: a CIDR or an `a-b` range. */
  pool: string;
  /** First and last address of the pool, inclusive, as integers. */
  first: bigint;
  last: bigint;
  /** The subnet as a canonical CIDR (network address / prefix). */
  subnet: string;
  subnetPrefix: number;
  /** Prefix length the address gets on the interface ('default' resolved to the subnet's). */
  aggregation: number;
  loc: SourceLocation;
}

/** A ServiceGroup: a named set of pools, local or remote. */
export interface ServiceGroupModel {
  name: string;
  type: 'local' | 'remote';
  /** IPv4 pools in the order listed, then IPv6 pools in the order listed. */
  v4pools: PoolModel[];
  v6pools: PoolModel[];
  balancePools: boolean;
  avoidBuggyIPs: boolean;
  /** Local only: add IPv6 addresses with nodad. */
  skipIPv6DAD: boolean;
  /** Namespaces whose Services may use the group; null: every namespace. */
  namespaces: string[] | null;
  loc: SourceLocation;
}

/** A Kubernetes label selector; null where a selector is optional means "every node". */
export interface LabelSelectorModel {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }>;
}

/** LBNodeAgent settings (defaults when the tree has none). */
export interface NodeAgentModel {
  name: string;
  /** 'default' (interface of the lowest-metric default route) or a regex over interface names. */
  localInterface: string;
  dummyInterface: string;
  garp: { enabled: boolean; count: number; intervalMs: number };
  nodeSelector: LabelSelectorModel | null;
}

/** One BGP neighbour. Times in seconds. */
export interface BgpNeighborModel {
  address: string;
  peerASN: number;
  nodeSelector: LabelSelectorModel | null;
  holdTime: number | null;
  keepaliveTime: number | null;
  ebgpMultihop: number | null;
  bfd: { minRxMs: number; minTxMs: number; multiplier: number } | null;
  passwordSecretRef: { namespace: string | null; name: string; key: string } | null;
  loc: SourceLocation;
}

/** BGPConfiguration. */
export interface BgpModel {
  name: string;
  asn: number;
  routerID: string | null;
  neighbors: BgpNeighborModel[];
}

/** The whole desired config. Groups sorted by name. */
export interface DesiredState {
  /** The config revision: a Git commit, or a content hash of the tree for a directory. */
  revision: string;
  groups: ServiceGroupModel[];
  nodeAgent: NodeAgentModel;
  bgp: BgpModel | null;
}

/** The LBNodeAgent used when the tree has none. */
export const DEFAULT_NODE_AGENT: NodeAgentModel = {
  name: 'default',
  localInterface: 'default',
  dummyInterface: 'kube-lb0',
  garp: { enabled: true, count: 1, intervalMs: 0 },
  nodeSelector: null,
};
