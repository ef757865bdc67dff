// The lab's shape, pure: names of namespaces and interfaces, addresses, where each file lives.
// Everything a lab creates carries its name prefix (`gitlb-<name>-`), so `lab down` can find
// what a crashed `lab up` left behind without any state file.
import path from 'node:path';

/** Where the lab's network puts everything (IPv4 only: enough to show ECMP and failover). */
export const LAB_NET = {
  nodeSubnet: '172.30.0.0/24',
  prefixLength: 24,
  router: '172.30.0.1',
  control: '172.30.0.2',
  /** node i (1-based) gets 172.30.0.(10 + i) */
  nodeBase: 10,
  clientSubnet: '172.30.1.0/24',
  routerClientSide: '172.30.1.1',
  client: '172.30.1.2',
  routerAsn: 65000,
  nodeAsn: 65001,
  apiPort: 6443,
  metricsPort: 9090,
} as const;

/** One node of the lab. */
export interface LabNode {
  /** Kubernetes node name, e.g. node-1. */
  name: string;
  namespace: string;
  address: string;
  /** The node's port on the switch (in the switch namespace). */
  switchPort: string;
  /** Directory for its BIRD config, socket and logs. */
  dir: string;
}

/** Everything about one lab, derived from its name, node count and directory. */
export interface LabTopology {
  name: string;
  prefix: string;
  dir: string;
  namespaces: { switch: string; control: string; router: string; client: string };
  nodes: LabNode[];
  kubeconfig: string;
  /** The bare Git remote the reconciler follows. */
  repo: string;
  apiUrl: string;
  metricsUrl: string;
}

/** Lab names become namespace and file names: keep them short and plain. */
export function checkLabName(name: string): string | undefined {
  if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) return `lab name "${name}" must be 1-12 lowercase letters or digits, starting with a letter`;
  return undefined;
}

/** The namespace prefix of a lab. */
export function labPrefix(name: string): string {
  return `gitlb-${name}-`;
}

/** Lays the lab out. */
export function labTopology(name: string, nodeCount: number, dir: string): LabTopology {
  const prefix = labPrefix(name);
  const nodes: LabNode[] = [];
  for (let i = 1; i <= nodeCount; i++) {
    nodes.push({
      name: `node-${i}`,
      namespace: `${prefix}node-${i}`,
      address: `172.30.0.${LAB_NET.nodeBase + i}`,
      switchPort: `p-node-${i}`,
      dir: path.join(dir, `node-${i}`),
    });
  }
  return {
    name,
    prefix,
    dir,
    namespaces: { switch: `${prefix}switch`, control: `${prefix}control`, router: `${prefix}router`, client: `${prefix}client` },
    nodes,
    kubeconfig: path.join(dir, 'kubeconfig'),
    repo: path.join(dir, 'repo.git'),
    apiUrl: `http://${LAB_NET.control}:${LAB_NET.apiPort}`,
    metricsUrl: `http://${LAB_NET.control}:${LAB_NET.metricsPort}/metrics`,
  };
}
