// What the lab's API server starts with, pure: the Nodes a kubelet would have registered (the
// lab has no kubelet) and the namespace the agents keep their heartbeat Leases in.
import { stringify } from 'yaml';
import type { LabTopology } from './topology.js';

/** The namespace of the agents' Leases and of the reconciler's leader Lease in the lab. */
export const LAB_SYSTEM_NAMESPACE = 'gitlb-system';

/** The emulator's --seed file: a v1 List of a Namespace and one Ready Node per lab node. */
export function renderClusterSeed(topology: LabTopology): string {
  const items: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LAB_SYSTEM_NAMESPACE } },
    ...topology.nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'gitlb.io/lab': topology.name } },
      spec: {},
      status: {
        addresses: [{ type: 'InternalIP', address: n.address }, { type: 'Hostname', address: n.name }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'lab node' }],
      },
    })),
  ];
  return stringify({ apiVersion: 'v1', kind: 'List', items });
}
