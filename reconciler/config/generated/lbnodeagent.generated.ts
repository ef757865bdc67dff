// Generated from schemas/lbnodeagent.schema.json by `npm run generate`. Do not edit.

/**
 * Settings of the gitlb node agents (gitlb.io/v1). At most one per config tree; without one the defaults apply.
 */
export interface LBNodeAgent {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'LBNodeAgent';
  metadata: ObjectMeta;
  spec?: LBNodeAgentSpec;
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
 * Node agent settings.
 */
export interface LBNodeAgentSpec {
  /**
   * Interface for local addresses: 'default' (the interface of the lowest-metric default route) or a regular expression over interface names (e.g. '^eth[0-9]+$').
   */
  localInterface?: string;
  /**
   * Name of the dummy interface that holds remote addresses (created by the agent).
   */
  dummyInterface?: string;
  garpConfig?: GarpConfig;
  nodeSelector?: LabelSelector;
}
/**
 * Gratuitous ARP (IPv4) and unsolicited Neighbour Advertisements (IPv6) sent when a node takes a local address.
 */
export interface GarpConfig {
  /**
   * Send them (default true).
   */
  enabled?: boolean;
  /**
   * How many to send (default 1).
   */
  count?: number;
  /**
   * Time between them, a duration such as '500ms' or '1s' (default 0s).
   */
  interval?: string;
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
