// Generated from schemas/purelb-v2-servicegroup.schema.json by `npm run generate`. Do not edit.

/**
 * PureLB purelb.io/v2 ServiceGroup, read for migration with the same meaning as gitlb.io/v1.
 */
export interface PureLBV2ServiceGroup {
  /**
   * API group and version.
   */
  apiVersion: 'purelb.io/v2';
  /**
   * The kind.
   */
  kind: 'ServiceGroup';
  metadata: ObjectMeta;
  spec: PureLBV2ServiceGroupSpec;
  /**
   * Written by PureLB; ignored.
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
 * Exactly one of local, remote or external (external is not supported by gitlb).
 */
export interface PureLBV2ServiceGroupSpec {
  local?: PureLBV2LocalSpec;
  remote?: PureLBV2RemoteSpec;
  /**
   * External IPAM sidecar: not supported by gitlb (an error).
   */
  external?: {};
  /**
   * Namespaces this group serves; absent means every namespace.
   */
  namespaces?: string[];
  /**
   * PureLB namespace fencing: ignored by gitlb (a warning when true).
   */
  enforceNamespaces?: boolean;
  /**
   * PureLB default group of its namespaces: ignored by gitlb (a warning when true).
   */
  namespaceDefault?: boolean;
}
/**
 * Addresses announced on the node's local interface.
 */
export interface PureLBV2LocalSpec {
  v4pool?: PureLBV2AddressPool;
  v6pool?: PureLBV2AddressPool;
  /**
   * IPv4 pools.
   */
  v4pools?: PureLBV2AddressPool[];
  /**
   * IPv6 pools.
   */
  v6pools?: PureLBV2AddressPool[];
  /**
   * One address from every range: not supported by gitlb (an error when true).
   */
  multiPool?: boolean;
  /**
   * Allocate from the range with the fewest addresses in use.
   */
  balancePools?: boolean;
  /**
   * Add IPv6 addresses without Duplicate Address Detection.
   */
  skipIPv6DAD?: boolean;
}
/**
 * One PureLB address pool.
 */
export interface PureLBV2AddressPool {
  /**
   * The addresses to hand out: a CIDR ('192.168.10.240/28') or an inclusive range ('192.168.10.240-192.168.10.250'). Must lie inside subnet.
   */
  pool: string;
  /**
   * The subnet that contains the pool, as a CIDR ('192.168.10.0/24').
   */
  subnet: string;
  /**
   * Prefix length each address gets: 'default' or '/N'.
   */
  aggregation?: string;
}
/**
 * Addresses announced on the dummy interface, for BGP.
 */
export interface PureLBV2RemoteSpec {
  v4pool?: PureLBV2AddressPool;
  v6pool?: PureLBV2AddressPool;
  /**
   * IPv4 pools.
   */
  v4pools?: PureLBV2AddressPool[];
  /**
   * IPv6 pools.
   */
  v6pools?: PureLBV2AddressPool[];
  /**
   * One address from every range: not supported by gitlb (an error when true).
   */
  multiPool?: boolean;
  /**
   * Allocate from the range with the fewest addresses in use.
   */
  balancePools?: boolean;
}
