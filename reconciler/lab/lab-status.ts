// `gitlb lab status`: where the lab's parts are (namespaces, kubeconfig, config repo) and how
// they are: processes running, the router's BGP sessions and ECMP routes, the agents and the
// reconciler as the API server shows them.
import type { LabClusterState } from './cluster-check.js';
import { readRecord } from './lab-record.js';
import { labClusterState } from './cluster-state-probe.js';
import { listNamespaces } from './network.js';
import { isRunning } from './processes.js';
import { routerRoutes, routerSessions, type RouterRoute, type RouterSession } from './router-state.js';
import { labPrefix } from './topology.js';

/** The status document (`--format json` prints it as is). */
export interface LabStatus {
  name: string;
  /** Every namespace of the lab exists. */
  up: boolean;
  /** Up, and every process the lab started (or restarted, as recorded) is running. */
  healthy: boolean;
  dir: string;
  namespaces: { control: string; router: string; client: string; switch: string; nodes: string[] };
  nodes: Array<{ name: string; namespace: string; address: string }>;
  kubeconfig: string;
  repo: string;
  apiUrl: string;
  processes: Array<{ name: string; namespace: string; pid: number; running: boolean; log: string }>;
  bgp: RouterSession[];
  routes: RouterRoute[];
  cluster: LabClusterState | null;
  /** Namespaces with the lab's prefix that exist now (after a crash: what `down` will remove). */
  leftovers: string[];
}

/** What status says of a lab with no record: its name, and what exists with its prefix. */
export interface LabNotUp {
  name: string;
  up: false;
  dir: string;
  leftovers: string[];
}

/** Reads the lab's status; `up` is false when there is no record or a namespace is missing. */
export async function labStatus(name: string, dir: string): Promise<LabStatus | LabNotUp> {
  const existing = await listNamespaces(labPrefix(name));
  const record = await readRecord(dir);
  if (!record) return { name, up: false, dir, leftovers: existing };
  const t = record.topology;
  const wanted = [t.namespaces.switch, t.namespaces.control, t.namespaces.router, t.namespaces.client, ...t.nodes.map((n) => n.namespace)];
  const up = wanted.every((n) => existing.includes(n));
  const processes = record.processes.map((p) => ({ name: p.name, namespace: p.namespace, pid: p.pid, running: isRunning(p.pid), log: p.log }));
  return {
    name,
    up,
    healthy: up && processes.every((p) => p.running),
    dir,
    namespaces: { control: t.namespaces.control, router: t.namespaces.router, client: t.namespaces.client, switch: t.namespaces.switch, nodes: t.nodes.map((n) => n.namespace) },
    nodes: t.nodes.map((n) => ({ name: n.name, namespace: n.namespace, address: n.address })),
    kubeconfig: t.kubeconfig,
    repo: t.repo,
    apiUrl: t.apiUrl,
    processes,
    bgp: up ? await routerSessions(record.routerSocket).catch(() => []) : [],
    routes: up ? await routerRoutes(t.namespaces.router).catch(() => []) : [],
    cluster: up ? await labClusterState(t).catch(() => null) : null,
    leftovers: existing.filter((n) => !wanted.includes(n)),
  };
}
