// A small cluster for integration tests: an emulator (real HTTP, real client-node), Nodes with
// fresh agent Leases, LoadBalancer Services, and the basic example's config. Built through the
// API where the API allows it; Nodes are seeded with their status (a kubelet would post it).
import * as k8s from '@kubernetes/client-node';
import { loadConfig } from '../../reconciler/config/load.js';
import type { DesiredState } from '../../reconciler/config/model.js';
import { observeCluster } from '../../reconciler/cluster/live-observer.js';
import type { ObservedState } from '../../reconciler/cluster/observed.js';
import { kubeClusterWriter } from '../../reconciler/apply/kube-cluster-writer.js';
import type { ClusterWriter } from '../../reconciler/apply/cluster-writer.js';
import type { Observation } from '../../reconciler/apply/apply-with-replan.js';
import { startHarness, type Harness } from '../emulator/harness.js';

/** A running test cluster with clients. */
export interface World {
  h: Harness;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  custom: k8s.CustomObjectsApi;
  coordination: k8s.CoordinationV1Api;
  writer: ClusterWriter;
  observe(): Promise<ObservedState>;
  observation(): Promise<Observation>;
  stop(): Promise<void>;
}

/** Starts an emulator with the gitlb-system namespace and clients for it. */
export async function startWorld(): Promise<World> {
  const h = await startHarness();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(h.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'gitlb-system' } } });
  const observe = async (): Promise<ObservedState> => {
    const r = await observeCluster(kc);
    if (!r.ok) throw new Error(r.message);
    return r.value.observed;
  };
  return {
    h,
    kc,
    core,
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    coordination: kc.makeApiClient(k8s.CoordinationV1Api),
    writer: kubeClusterWriter(kc, { retryDelayMs: 10 }),
    observe,
    observation: async () => ({ ok: true, observed: await observe() }),
    stop: () => h.stop(),
  };
}

/** Adds Ready Nodes (InternalIP given) and a fresh agent Lease for each. */
export async function addNodes(w: World, nodes: Array<{ name: string; ip: string }>): Promise<void> {
  w.h.emulator.seed(
    nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name } },
      status: {
        addresses: [{ type: 'InternalIP', address: n.ip }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      },
    })),
  );
  for (const n of nodes) {
    const renewTime = new k8s.V1MicroTime(Date.now());
    await w.coordination.createNamespacedLease({
      namespace: 'gitlb-system',
      body: { metadata: { name: `gitlb-agent-${n.name}` }, spec: { holderIdentity: n.name, leaseDurationSeconds: 3600, renewTime } },
    });
  }
}

/** Creates a LoadBalancer Service (no node ports: bare-metal style). */
export async function addService(w: World, namespace: string, name: string, annotations: Record<string, string> = {}): Promise<void> {
  await ensureNamespace(w, namespace);
  await w.core.createNamespacedService({
    namespace,
    body: {
      metadata: { name, annotations },
      spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }], selector: { app: name } },
    },
  });
}

const namespaces = new WeakMap<World, Set<string>>();

async function ensureNamespace(w: World, ns: string): Promise<void> {
  const known = namespaces.get(w) ?? new Set(['default', 'gitlb-system']);
  namespaces.set(w, known);
  if (known.has(ns)) return;
  await w.core.createNamespace({ body: { metadata: { name: ns } } });
  known.add(ns);
}

/** The basic example's config (a local group `default`, a remote group `routed`, BGP peers). */
export async function basicConfig(): Promise<DesiredState> {
  const r = await loadConfig(['examples/basic']);
  if (!r.ok) throw new Error('examples/basic does not load');
  return r.value;
}

/** Every Service's ingress addresses, as namespace/name → addresses. */
export async function ingressByService(w: World): Promise<Record<string, string[]>> {
  const list = await w.core.listServiceForAllNamespaces({});
  const out: Record<string, string[]> = {};
  for (const s of list.items) {
    if (s.spec?.type !== 'LoadBalancer') continue;
    out[`${s.metadata?.namespace}/${s.metadata?.name}`] = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');
  }
  return out;
}
