// Generated from schemas/purelb-v1-lbnodeagent.schema.json by `npm run generate`. Do not edit.

/**
 * PureLB purelb.io/v1 LBNodeAgent, read for migration: localint becomes localInterface, extlbint dummyInterface, sendgarp garpConfig.enabled.
 */
export interface PureLBV1LBNodeAgent {
  /**
   * API group and version.
   */
  apiVersion: 'purelb.io/v1';
  /**
   * The kind.
   */
  kind: 'LBNodeAgent';
  metadata: ObjectMeta;
  spec?: PureLBV1LBNodeAgentSpec;
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
export interface PureLBV1LBNodeAgentSpec {
  local?: PureLBV1LBNodeAgentLocal;
}
/**
 * Local announcer settings.
 */
export interface PureLBV1LBNodeAgentLocal {
  /**
   * Interface for local addresses: 'default' or a regular expression (gitlb: localInterface).
   */
  localint?: string;
  /**
   * Dummy interface for remote addresses (gitlb: dummyInterface).
   */
  extlbint?: string;
  /**
   * Send gratuitous ARP (gitlb: garpConfig.enabled); garpConfig takes precedence.
   */
  sendgarp?: boolean;
  garpConfig?: PureLBGarpConfig;
  /**
   * Address lifetimes and flags: ignored by gitlb (a warning).
   */
  addressConfig?: {};
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
