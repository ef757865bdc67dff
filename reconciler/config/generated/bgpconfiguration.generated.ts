// Generated from schemas/bgpconfiguration.schema.json by `npm run generate`. Do not edit.

/**
 * Router peering of the nodes (gitlb.io/v1): every eligible node peers with each matching neighbour and advertises the remote addresses it holds. At most one per config tree.
 */
export interface BGPConfiguration {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'BGPConfiguration';
  metadata: ObjectMeta;
  spec: BGPConfigurationSpec;
}
/**
 * Object metadata. gitlb kinds are cluster-scoped: there is no namespace.
 */
export interface ObjectMeta {
  /**
   * The object name (a DNS-1123 subdomain).
   */
  name: string;
  /**
   * Labels, for your own tooling.
   */
  labels?: {
    [k: string]: string;
  };
  /**
   * Annotations, for your own tooling.
   */
  annotations?: {
    [k: string]: string;
  };
}
/**
 * Peering settings.
 */
export interface BGPConfigurationSpec {
  global: BGPGlobal;
  /**
   * The routers the nodes peer with.
   */
  neighbors?: BGPNeighbor[];
}
/**
 * Settings shared by every session.
 */
export interface BGPGlobal {
  /**
   * The nodes' AS number (1-4294967294; private: 64512-65534, 4200000000-4294967294).
   */
  asn: number;
  /**
   * BGP router ID, an IPv4 address; absent: each node uses its own IPv4 address.
   */
  routerID?: string;
}
/**
 * One BGP neighbour (router).
 */
export interface BGPNeighbor {
  /**
   * The router's IPv4 or IPv6 address.
   */
  address: string;
  /**
   * The router's AS number.
   */
  peerASN: number;
  nodeSelector?: LabelSelector;
  /**
   * Hold time, a duration in whole seconds ('90s'); 0s or at least 3s.
   */
  holdTime?: string;
  /**
   * Keepalive interval, a duration in whole seconds ('30s'); less than holdTime.
   */
  keepaliveTime?: string;
  bfd?: BFDProfile;
  /**
   * Allow eBGP to a router this many hops away (TTL).
   */
  ebgpMultihop?: number;
  passwordSecretRef?: SecretKeyRef;
}
/**
 * A Kubernetes label selector over Node labels; an empty selector matches every node.
 */
export interface LabelSelector {
  /**
   * Labels a node must have, key to value.
   */
  matchLabels?: {
    [k: string]: string;
  };
  /**
   * Set-based requirements, all of which must hold.
   */
  matchExpressions?: LabelSelectorRequirement[];
}
/**
 * One set-based requirement.
 */
export interface LabelSelectorRequirement {
  /**
   * The label key.
   */
  key: string;
  /**
   * How the key relates to values.
   */
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * Values for In and NotIn; empty for Exists and DoesNotExist.
   */
  values?: string[];
}
/**
 * Bidirectional Forwarding Detection on the session, for sub-second failure detection.
 */
export interface BFDProfile {
  /**
   * Minimum receive interval, a duration ('300ms'; default 300ms).
   */
  minRx?: string;
  /**
   * Minimum transmit interval, a duration ('300ms'; default 300ms).
   */
  minTx?: string;
  /**
   * Missed packets before the session is declared down (default 3).
   */
  multiplier?: number;
}
/**
 * A key of a Kubernetes Secret holding the TCP MD5 session password. The password itself never appears in the config.
 */
export interface SecretKeyRef {
  /**
   * Namespace of the Secret (default: the namespace gitlb runs in).
   */
  namespace?: string;
  /**
   * Name of the Secret.
   */
  name: string;
  /**
   * Key inside the Secret.
   */
  key: string;
}
