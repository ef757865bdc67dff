// What live observation reads: the five kinds a state file holds (in the order
// `kubectl get services,endpointslices,nodes,nodeannouncements,sharedannouncements -A` prints
// them) plus the agents' heartbeat Leases, which decide eligibility but are not in a state file.

/** One collection to list and watch. */
export interface LiveResource {
  apiVersion: string;
  kind: string;
  /** Collection path across all namespaces (or of the one namespace for Leases). */
  path: string;
}

/** Where the agents' Leases live, and how they are named (`gitlb-agent-<node>`). */
export interface LeaseLocation {
  namespace: string;
  prefix: string;
}

/** The defaults of the Helm chart. */
export const DEFAULT_LEASES: LeaseLocation = { namespace: 'gitlb-system', prefix: 'gitlb-agent-' };

/** The state-file kinds, in kubectl's order. */
export const STATE_RESOURCES: readonly LiveResource[] = [
  { apiVersion: 'v1', kind: 'Service', path: '/api/v1/services' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', path: '/apis/discovery.k8s.io/v1/endpointslices' },
  { apiVersion: 'v1', kind: 'Node', path: '/api/v1/nodes' },
  { apiVersion: 'gitlb.io/v1', kind: 'NodeAnnouncement', path: '/apis/gitlb.io/v1/nodeannouncements' },
  { apiVersion: 'gitlb.io/v1', kind: 'SharedAnnouncement', path: '/apis/gitlb.io/v1/sharedannouncements' },
];

/** The Lease collection of the agents. */
export function leaseResource(where: LeaseLocation): LiveResource {
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', path: `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(where.namespace)}/leases` };
}
