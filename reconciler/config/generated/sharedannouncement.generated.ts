// Generated from schemas/sharedannouncement.schema.json by `npm run generate`. Do not edit.

/**
 * Runtime kind written by the gitlb reconciler: one shard of the remote addresses that every eligible node holds on its dummy interface (externalTrafficPolicy: Cluster). A shard is one aligned block of 128 addresses (an IPv4 /25, an IPv6 /121), named after the block, so an address's shard never changes.
 */
export interface SharedAnnouncement {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'SharedAnnouncement';
  metadata: ObjectMeta;
  spec: SharedAnnouncementSpec;
}
/**
 * Standard object metadata; name is shared-<block address with dashes>-<block prefix>, e.g. shared-10-200-0-0-25.
 */
export interface ObjectMeta {
  /**
   * The shard's name.
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
 * The shard's addresses.
 */
export interface SharedAnnouncementSpec {
  /**
   * Config revision this shard was planned from.
   */
  revision: string;
  /**
   * The aligned block this shard covers, as a CIDR.
   */
  block: string;
  /**
   * Remote addresses in this block that every eligible node holds, sorted.
   */
  addresses: SharedAddress[];
}
export interface SharedAddress {
  /**
   * The address, canonical form.
   */
  address: string;
  /**
   * Prefix length on the dummy interface (the pool's aggregation).
   */
  prefixLength: number;
  /**
   * Owning Services as namespace/name, sorted.
   */
  services: string[];
}
