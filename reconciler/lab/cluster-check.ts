// The lab's cluster as its users would check it, read through the API server from inside the
// control namespace (the only place the lab's API is reachable): are the agents alive (fresh
// heartbeat Leases), is the reconciler Ready and at which revision, and what has each Service.
import * as k8s from '@kubernetes/client-node';
import { gitlbKindInfo, GITLB_GROUP, GITLB_VERSION } from '../kube/gitlb-kinds.js';
import { agentLeaseFreshness } from '../cluster/live-lease.js';
import { LAB_SYSTEM_NAMESPACE } from './cluster-seed.js';

/** What `lab status` and `lab up` read from the lab's API server. */
export interface LabClusterState {
  api: 'ok' | string;
  agents: Array<{ node: string; alive: boolean }>;
  reconciler: null | {
    ready: boolean;
    message: string;
    revisionSeen: string | null;
    revisionApplied: string | null;
    errors: string[];
  };
  services: Array<{ namespace: string; name: string; addresses: string[] }>;
}

interface StatusObject {
  status?: {
    revisionSeen?: string;
    revisionApplied?: string;
    conditions?: Array<{ type: string; status: string; message?: string }>;
    errors?: Array<{ file?: string; line?: number; col?: number; message?: string }>;
  };
}

function errorText(e: { file?: string; line?: number; col?: number; message?: string }): string {
  return `${e.file ?? '?'}:${e.line ?? 0}:${e.col ?? 0}: ${e.message ?? ''}`;
}

/** Reads the lab's state; an unreachable API is reported in `api` (an unreadable kubeconfig throws). */
export async function readLabCluster(kubeconfig: string, nodes: readonly string[], reconcilerName = 'gitlb-reconciler'): Promise<LabClusterState> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const state: LabClusterState = { api: 'ok', agents: [], reconciler: null, services: [] };
  try {
    const leases = await coordination.listNamespacedLease({ namespace: LAB_SYSTEM_NAMESPACE });
    const fresh = agentLeaseFreshness(leases.items, { namespace: LAB_SYSTEM_NAMESPACE, prefix: 'gitlb-agent-' }, new Date());
    state.agents = nodes.map((node) => ({ node, alive: fresh.get(node) === true }));
    const services = await core.listServiceForAllNamespaces();
    state.services = services.items
      .filter((s) => s.spec?.type === 'LoadBalancer')
      .map((s) => ({
        namespace: s.metadata?.namespace ?? '',
        name: s.metadata?.name ?? '',
        addresses: (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter(Boolean),
      }));
  } catch (err) {
    state.api = err instanceof Error ? err.message : String(err);
    return state;
  }
  try {
    const obj = (await custom.getClusterCustomObject({
      group: GITLB_GROUP, version: GITLB_VERSION, plural: gitlbKindInfo('ReconcilerStatus').plural, name: reconcilerName,
    })) as StatusObject;
    const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
    state.reconciler = {
      ready: ready?.status === 'True',
      message: ready?.message ?? '',
      revisionSeen: obj.status?.revisionSeen ?? null,
      revisionApplied: obj.status?.revisionApplied ?? null,
      errors: (obj.status?.errors ?? []).map(errorText),
    };
  } catch {
    state.reconciler = null; // not written yet
  }
  return state;
}
