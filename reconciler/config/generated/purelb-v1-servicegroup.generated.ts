// Generated from schemas/purelb-v1-servicegroup.schema.json by `npm run generate`. Do not edit.

/**
 * PureLB purelb.io/v1 ServiceGroup, read for migration. Its local form is read as a gitlb local group, or a remote one with the annotation gitlb.io/pool-type: remote; the flat subnet/pool/aggregation fields become one pool of their family.
 */
export interface PureLBV1ServiceGroup {
  /**
   * API group and version.
   */
  apiVersion: 'purelb.io/v1';
  /**
   * The kind.
   */
  kind: 'ServiceGroup';
  metadata: ObjectMeta;
  spec: PureLBV1ServiceGroupSpec;
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
 * Exactly one of local or netbox (netbox is not supported by gitlb).
 */
export interface PureLBV1ServiceGroupSpec {
  local?: PureLBV1LocalSpec;
  /**
   * Netbox IPAM: not supported by gitlb (an error).
   */
  netbox?: {};
}
/**
 * Locally managed pools.
 */
export interface PureLBV1LocalSpec {
  /**
   * Legacy single pool: its subnet (CIDR).
   */
  subnet?: string;
  /**
   * Legacy single pool: a CIDR or an a-b range.
   */
  pool?: string;
  /**
   * Legacy single pool: 'default' or '/N'.
   */
  aggregation?: string;
  v4pool?: PureLBV1AddressPool;
  v6pool?: PureLBV1AddressPool;
  /**
   * IPv4 pools.
   */
  v4pools?: PureLBV1AddressPool[];
  /**
   * IPv6 pools.
   */
  v6pools?: PureLBV1AddressPool[];
}
/**
 * One PureLB address pool.
 */
export interface PureLBV1AddressPool {
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
