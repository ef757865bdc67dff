// Generated from schemas/purelb-bgpconfiguration.schema.json by `npm run generate`. Do not edit.

/**
 * PureLB's k8gobgp bgp.purelb.io/v1 BGPConfiguration, read for migration: global.asn/routerID, and per neighbour config.neighborAddress/peerAsn, nodeSelector, timers, ebgpMultihop, bfd and authPasswordSecretRef. gitlb renders BIRD, so gobgp-only settings are ignored with a warning.
 */
export interface PureLBBGPConfiguration {
  /**
   * API group and version.
   */
  apiVersion: 'bgp.purelb.io/v1';
  /**
   * The kind.
   */
  kind: 'BGPConfiguration';
  metadata: ObjectMeta;
  spec: PureLBBGPConfigurationSpec;
  /**
   * Written by k8gobgp; ignored.
   */
  status?: {};
}
/**
 * Kubernetes object metadata. namespace is ignored (gitlb kinds are cluster-scoped); fields the API server adds (uid, resourceVersion, ...) are accepted and ignored.
 */
export interface ObjectMeta {
  /**
   * The object name.
   */
  name: string;
  /**
   * Ignored: gitlb reads PureLB objects as cluster-scoped.
   */
  namespace?: string;
  /**
   * Labels.
   */
  labels?: {
    [k: string]: string;
  };
  /**
   * Annotations. On purelb.io/v1 ServiceGroups, gitlb.io/pool-type: remote marks a group whose addresses are announced by BGP (v1 has no remote form).
   */
  annotations?: {
    [k: string]: string;
  };
  [k: string]: unknown;
}
/**
 * k8gobgp configuration.
 */
export interface PureLBBGPConfigurationSpec {
  global: PureLBBGPGlobal;
  /**
   * The BGP peers.
   */
  neighbors?: PureLBBGPNeighbor[];
  /**
   * Peer groups: ignored by gitlb (a warning).
   */
  peerGroups?: unknown[];
  /**
   * Dynamic neighbours: ignored by gitlb (a warning).
   */
  dynamicNeighbors?: unknown[];
  /**
   * VRFs: ignored by gitlb (a warning).
   */
  vrfs?: unknown[];
  /**
   * Routing policies: ignored by gitlb (a warning).
   */
  policyDefinitions?: unknown[];
  /**
   * Defined sets: ignored by gitlb (a warning).
   */
  definedSets?: unknown[];
  /**
   * Which kernel routes gobgp imports: gitlb always exports the dummy interface's managed prefixes, so this is ignored.
   */
  netlinkImport?: {};
  /**
   * Export of BGP routes to the kernel: ignored by gitlb (a warning).
   */
  netlinkExport?: {};
}
/**
 * Speaker settings.
 */
export interface PureLBBGPGlobal {
  /**
   * The nodes' AS number.
   */
  asn: number;
  /**
   * Router ID: an IPv4 address, a ${NODE_IP}-style template or empty (auto); gitlb derives per-node IDs itself for the latter two.
   */
  routerID?: string;
  /**
   * Pool for hash-based router IDs: ignored by gitlb.
   */
  routerIDPool?: string;
  /**
   * Local BGP port: ignored by gitlb.
   */
  listenPort?: number;
  /**
   * Listen addresses: ignored by gitlb (a warning).
   */
  listenAddresses?: string[];
  /**
   * Address families: gitlb enables IPv4 and IPv6 unicast as the pools need.
   */
  families?: string[];
  /**
   * gobgp multipath: ignored by gitlb.
   */
  useMultiplePaths?: boolean;
  /**
   * Route selection options: ignored by gitlb (a warning).
   */
  routeSelectionOptions?: {};
  /**
   * Route distances: ignored by gitlb (a warning).
   */
  defaultRouteDistance?: {};
  /**
   * Confederation: ignored by gitlb (a warning).
   */
  confederation?: {};
  /**
   * Graceful restart: ignored by gitlb (a warning).
   */
  gracefulRestart?: {};
  /**
   * Global policy: ignored by gitlb (a warning).
   */
  applyPolicy?: {};
  /**
   * Bind to device: ignored by gitlb.
   */
  bindToDevice?: string;
  /**
   * BGPNodeStatus reporting: ignored by gitlb (a warning).
   */
  nodeStatus?: {};
}
/**
 * One BGP peer.
 */
export interface PureLBBGPNeighbor {
  config: PureLBBGPNeighborConfig;
  nodeSelector?: LabelSelector;
  /**
   * Per-neighbour address families: ignored by gitlb (a warning).
   */
  afiSafis?: unknown[];
  /**
   * Per-neighbour policy: ignored by gitlb (a warning).
   */
  applyPolicy?: {};
  timers?: PureLBBGPTimers;
  /**
   * Transport settings: ignored by gitlb (a warning).
   */
  transport?: {};
  /**
   * Graceful restart: ignored by gitlb (a warning).
   */
  gracefulRestart?: {};
  /**
   * Route reflector settings: ignored by gitlb (a warning).
   */
  routeReflector?: {};
  ebgpMultihop?: PureLBEbgpMultihop;
  bfd?: PureLBBFD;
}
/**
 * Neighbour identity.
 */
export interface PureLBBGPNeighborConfig {
  /**
   * The peer's address (required by gitlb).
   */
  neighborAddress?: string;
  /**
   * The peer's AS number.
   */
  peerAsn: number;
  /**
   * Local AS override: ignored by gitlb (global.asn is used).
   */
  localAsn?: number;
  /**
   * Free text.
   */
  description?: string;
  /**
   * A plain-text session password: rejected by gitlb (use authPasswordSecretRef).
   */
  authPassword?: string;
  authPasswordSecretRef?: PureLBSecretKeySelector;
  /**
   * Peer group: ignored by gitlb.
   */
  peerGroup?: string;
  /**
   * Administratively down: not supported by gitlb (an error when true).
   */
  adminDown?: boolean;
  /**
   * Unnumbered peering: not supported by gitlb (an error).
   */
  neighborInterface?: string;
  /**
   * VRF: ignored by gitlb.
   */
  vrf?: string;
  /**
   * Ignored by gitlb.
   */
  allowOwnAsn?: number;
  /**
   * Ignored by gitlb.
   */
  replacePeerAsn?: boolean;
  /**
   * Ignored by gitlb.
   */
  allowAspathLoopLocal?: boolean;
  /**
   * Ignored by gitlb.
   */
  sendCommunity?: string;
  /**
   * Ignored by gitlb.
   */
  removePrivate?: string;
  /**
   * Ignored by gitlb.
   */
  routeFlapDamping?: boolean;
  /**
   * Ignored by gitlb.
   */
  sendSoftwareVersion?: boolean;
}
/**
 * A key of a Secret in the BGPConfiguration's namespace holding the session password.
 */
export interface PureLBSecretKeySelector {
  /**
   * Secret name.
   */
  name: string;
  /**
   * Key in the Secret (default 'password').
   */
  key?: string;
  /**
   * Ignored.
   */
  optional?: boolean;
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
 * Session timers.
 */
export interface PureLBBGPTimers {
  config?: PureLBBGPTimersConfig;
}
/**
 * Timer values in seconds.
 */
export interface PureLBBGPTimersConfig {
  /**
   * Ignored by gitlb.
   */
  connectRetry?: number;
  /**
   * Hold time in seconds.
   */
  holdTime?: number;
  /**
   * Keepalive interval in seconds.
   */
  keepaliveInterval?: number;
  /**
   * Ignored by gitlb.
   */
  minimumAdvertisementInterval?: number;
}
/**
 * eBGP multihop.
 */
export interface PureLBEbgpMultihop {
  /**
   * Allow a multihop eBGP session.
   */
  enabled?: boolean;
  /**
   * TTL (default 255).
   */
  multihopTtl?: number;
}
/**
 * BFD; timers in microseconds.
 */
export interface PureLBBFD {
  /**
   * Run BFD (default true when the block is present).
   */
  enabled?: boolean;
  /**
   * Ignored by gitlb.
   */
  port?: number;
  /**
   * Minimum transmit interval in microseconds (default 1000000).
   */
  desiredMinimumTxInterval?: number;
  /**
   * Minimum receive interval in microseconds (default 1000000).
   */
  requiredMinimumReceive?: number;
  /**
   * Missed packets before down (default 3).
   */
  detectionMultiplier?: number;
}
