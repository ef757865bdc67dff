// Generated from schemas/purelb-v2-lbnodeagent.schema.json by `npm run generate`. Do not edit.

/**
 * PureLB purelb.io/v2 LBNodeAgent, read for migration with the same meaning as gitlb.io/v1.
 */
export interface PureLBV2LBNodeAgent {
  /**
   * API group and version.
   */
  apiVersion: 'purelb.io/v2';
  /**
   * The kind.
   */
  kind: 'LBNodeAgent';
  metadata: ObjectMeta;
  spec?: PureLBV2LBNodeAgentSpec;
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
 * Node agent settings.
 */
export interface PureLBV2LBNodeAgentSpec {
  nodeSelector?: LabelSelector;
  local?: PureLBV2LBNodeAgentLocal;
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
 * Local announcer settings.
 */
export interface PureLBV2LBNodeAgentLocal {
  /**
   * Interface for local addresses: 'default' or a regular expression.
   */
  localInterface?: string;
  /**
   * Dummy interface for remote addresses.
   */
  dummyInterface?: string;
  garpConfig?: PureLBGarpConfig;
  /**
   * Address lifetimes and flags: ignored by gitlb (a warning).
   */
  addressConfig?: {};
  /**
   * Extra interfaces for subnet detection: ignored by gitlb (a warning).
   */
  interfaces?: string[];
  /**
   * PureLB address guard: ignored by gitlb (a warning).
   */
  addressGuard?: {};
}
/**
 * PureLB gratuitous ARP settings.
 */
export interface PureLBGarpConfig {
  /**
   * Send GARPs (default true when garpConfig is given).
   */
  enabled?: boolean;
  /**
   * Delay before the first GARP, a Go duration: ignored by gitlb.
   */
  initialDelay?: string;
  /**
   * How many GARPs (default 3).
   */
  count?: number;
  /**
   * Time between GARPs, a Go duration (default '500ms').
   */
  interval?: string;
  /**
   * Ignored by gitlb (it never sends for an address it does not hold).
   */
  verifyBeforeSend?: boolean;
}
