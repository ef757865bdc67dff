// Generated from schemas/servicegroup.schema.json by `npm run generate`. Do not edit.

/**
 * A named set of address pools for LoadBalancer Services (gitlb.io/v1). spec has exactly one of local (addresses inside a node subnet, announced by one node with ARP/NA) or remote (addresses outside the node subnets, held by every eligible node and advertised by BGP).
 */
export interface ServiceGroup {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'ServiceGroup';
  metadata: ObjectMeta;
  spec: ServiceGroupSpec;
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
 * The group: exactly one of local or remote, and who may use it.
 */
export interface ServiceGroupSpec {
  local?: LocalPools;
  remote?: RemotePools;
  /**
   * Namespaces whose Services may use this group; absent or empty means every namespace.
   */
  namespaces?: string[];
}
/**
 * Addresses inside a node subnet: each address is put on the local interface of exactly one node, which answers ARP/NA for it.
 */
export interface LocalPools {
  v4pool?: AddressPool;
  v6pool?: AddressPool;
  /**
   * IPv4 pools, used in the order listed.
   */
  v4pools?: AddressPool[];
  /**
   * IPv6 pools, used in the order listed.
   */
  v6pools?: AddressPool[];
  /**
   * Add IPv6 addresses without Duplicate Address Detection (nodad), so they are usable at once.
   */
  skipIPv6DAD?: boolean;
  /**
   * Allocate from the pool with the most free addresses instead of the first pool with a free one.
   */
  balancePools?: boolean;
  /**
   * Never hand out addresses ending in .0 or .255 (some clients mishandle them).
   */
  avoidBuggyIPs?: boolean;
}
/**
 * One address pool: the addresses to hand out, the subnet they belong to, and the prefix length they get.
 */
export interface AddressPool {
  /**
   * The addresses to hand out: a CIDR ('192.168.10.240/28') or an inclusive range ('192.168.10.240-192.168.10.250'). Must lie inside subnet.
   */
  pool: string;
  /**
   * The subnet that contains the pool, as a CIDR ('192.168.10.0/24').
   */
  subnet: string;
  /**
   * Prefix length each address gets on the interface: 'default' (the subnet's) or '/N' (e.g. '/32'). With remote groups this is the route the routers see.
   */
  aggregation?: string;
}
/**
 * Addresses outside every node subnet: each address is put on the dummy interface of every eligible node and advertised by BGP, so routers spread traffic (ECMP).
 */
export interface RemotePools {
  v4pool?: AddressPool;
  v6pool?: AddressPool;
  /**
   * IPv4 pools, used in the order listed.
   */
  v4pools?: AddressPool[];
  /**
   * IPv6 pools, used in the order listed.
   */
  v6pools?: AddressPool[];
  /**
   * Allocate from the pool with the most free addresses instead of the first pool with a free one.
   */
  balancePools?: boolean;
  /**
   * Never hand out addresses ending in .0 or .255 (some clients mishandle them).
   */
  avoidBuggyIPs?: boolean;
}
