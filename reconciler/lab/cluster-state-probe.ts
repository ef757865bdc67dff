// The lab's API server is reachable only inside its control namespace, and Node cannot enter a
// namespace: so `lab up` and `lab status` read the cluster by running `gitlb lab cluster-state`
// (cluster-check.ts) there and parsing its JSON.
import type { LabClusterState } from './cluster-check.js';
import { gitlbArgv } from './self.js';
import { execIn } from './shell.js';
import type { LabTopology } from './topology.js';

/** Reads the lab's cluster state by running `gitlb lab cluster-state` inside the control namespace. */
export async function labClusterState(t: LabTopology): Promise<LabClusterState> {
  const [cmd, ...args] = gitlbArgv('lab', 'cluster-state', '--kubeconfig', t.kubeconfig, '--nodes', t.nodes.map((n) => n.name).join(','));
  const out = await execIn(t.namespaces.control, cmd!, args, 20_000);
  return JSON.parse(out) as LabClusterState;
}
