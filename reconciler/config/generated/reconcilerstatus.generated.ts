// Generated from schemas/reconcilerstatus.schema.json by `npm run generate`. Do not edit.

/**
 * Runtime kind written by a gitlb reconciler about itself (never by users): one per reconciler instance, named after it. spec says where the instance reads its config; status says which revision it saw, which one is in force, and why a newer one was refused.
 */
export interface ReconcilerStatus {
  /**
   * API group and version.
   */
  apiVersion: 'gitlb.io/v1';
  /**
   * The kind.
   */
  kind: 'ReconcilerStatus';
  metadata: ObjectMeta;
  spec: ReconcilerStatusSpec;
  status?: ReconcilerStatusStatus;
}
/**
 * Standard object metadata; name is the reconciler instance (its pod name).
 */
export interface ObjectMeta {
  /**
   * The reconciler instance this status is about.
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
 * Where this instance reads its config.
 */
export interface ReconcilerStatusSpec {
  /**
   * The config source as given on the command line: 'git <url>#<branch>:<path>', 'dir <path>' or 'cluster'.
   */
  source: string;
  /**
   * Whether the instance takes part in leader election (only the leader applies).
   */
  leaderElection?: boolean;
}
/**
 * What the instance has seen and applied, written only on change.
 */
export interface ReconcilerStatusStatus {
  /**
   * The spec generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * Whether this instance holds the leader Lease.
   */
  leader?: boolean;
  /**
   * The newest revision read from the source (a commit SHA, or a content hash for dir and cluster sources).
   */
  revisionSeen?: string;
  /**
   * The revision in force: the last valid one that was applied. A refused revision never replaces it.
   */
  revisionApplied?: string;
  /**
   * RFC 3339 time revisionApplied was last applied.
   */
  lastAppliedTime?: string;
  /**
   * Located errors of revisionSeen when it was refused; empty when it is valid.
   */
  errors?: ConfigError[];
  /**
   * kstatus conditions: Ready, Reconciling, Stalled.
   */
  conditions?: Condition[];
}
/**
 * One located error of a refused revision.
 */
export interface ConfigError {
  /**
   * File relative to the config root.
   */
  file: string;
  /**
   * 1-based line.
   */
  line: number;
  /**
   * 1-based column.
   */
  col: number;
  /**
   * The schema keyword or semantic rule that failed, e.g. pool-overlap.
   */
  rule?: string;
  /**
   * What is wrong.
   */
  message: string;
}
/**
 * A kstatus condition.
 */
export interface Condition {
  /**
   * Ready, Reconciling or Stalled.
   */
  type: string;
  /**
   * Condition status.
   */
  status: 'True' | 'False' | 'Unknown';
  /**
   * CamelCase reason.
   */
  reason?: string;
  /**
   * Human-readable detail.
   */
  message?: string;
  /**
   * RFC 3339 time of the last status change.
   */
  lastTransitionTime?: string;
  /**
   * Generation the condition was computed for.
   */
  observedGeneration?: number;
}
