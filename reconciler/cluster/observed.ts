// ObservedState: what planning needs from the cluster, read from a state file or from live
// informers. Plain data, sorted, so the planner's output does not depend on read order.
import type { Family } from '../config/model.js';
import type { NodeAnnouncement } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../config/generated/sharedannouncement.generated.js';

/** One port of a Service, for sharing-key clash checks. */
export interface ServicePortModel {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** A Service as planning sees it (only type LoadBalancer ones matter, but all are kept so a
 *  Service that stops being LoadBalancer can release its address). */
export interface ObservedService {
  namespace: string;
  name: string;
  uid: string | null;
  resourceVersion: string | null;
  /** RFC 3339; '' when absent. */
  creationTimestamp: string;
  type: string;
  loadBalancerClass: string | null;
  externalTrafficPolicy: 'Cluster' | 'Local';
  ipFamilies: Family[];
  ipFamilyPolicy: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  ports: ServicePortModel[];
  /** spec.loadBalancerIP, or null. */
  loadBalancerIP: string | null;
  annotations: Record<string, string>;
  /** status.loadBalancer.ingress[].ip, canonical form. */
  ingress: string[];
}

/** What a node's agent reports in its NodeAnnouncement status (null while it has not). */
export interface AgentReport {
  interfaces: Array<{ name: string; role: 'local' | 'dummy' | 'other'; default: boolean; addresses: string[] }>;
  sessions: Array<{ neighbor: string; state: string; since?: string }>;
  /** The status Ready condition, null when absent. */
  ready: 'True' | 'False' | 'Unknown' | null;
  observedGeneration: number | null;
}

/** A Node. */
export interface ObservedNode {
  name: string;
  labels: Record<string, string>;
  /** The Node's Ready condition is True. */
  ready: boolean;
  /** status.addresses of type InternalIP. */
  internalIPs: string[];
  agent: AgentReport | null;
  /** The agent's Lease is fresh; null when not judged (state files are not judged on time). */
  leaseFresh: boolean | null;
}

/** The observed cluster. Lists sorted by namespace/name or name. */
export interface ObservedState {
  services: ObservedService[];
  /** "namespace/name" of a Service → sorted node names with a ready endpoint for it. */
  readyEndpointNodes: Record<string, string[]>;
  nodes: ObservedNode[];
  nodeAnnouncements: NodeAnnouncement[];
  sharedAnnouncements: SharedAnnouncement[];
}

/** An empty cluster: what `gitlb plan` plans against with no --state and no cluster. */
export const EMPTY_OBSERVED: ObservedState = {
  services: [],
  readyEndpointNodes: {},
  nodes: [],
  nodeAnnouncements: [],
  sharedAnnouncements: [],
};
