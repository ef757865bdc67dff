// The lab's wiring in network namespaces: a switch (a bridge in its own namespace) joins the
// router, the control namespace and the nodes on 172.30.0.0/24; the client sits behind the
// router on its own link. Every veth is created inside a lab namespace (never in the caller's),
// so nothing outside the lab is touched and two labs never collide.
import { LAB_NET, type LabTopology } from './topology.js';
import { ipIn, execIn, run } from './shell.js';

/** Lab namespaces that exist now (those starting with the prefix). */
export async function listNamespaces(prefix: string): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(prefix)).sort();
}

async function addNamespace(ns: string): Promise<void> {
  await run('ip', ['netns', 'add', ns]);
  await ipIn(ns, 'link', 'set', 'lo', 'up');
}

async function sysctl(ns: string, key: string, value: string): Promise<void> {
  await execIn(ns, 'sysctl', ['-qw', `${key}=${value}`]);
}

/** Plugs `ns`'s eth0 into the switch with one address. */
async function plug(t: LabTopology, ns: string, port: string, address: string): Promise<void> {
  await ipIn(t.namespaces.switch, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
  await ipIn(t.namespaces.switch, 'link', 'set', port, 'master', 'br0', 'up');
  await ipIn(ns, 'addr', 'add', `${address}/${LAB_NET.prefixLength}`, 'dev', 'eth0');
  await ipIn(ns, 'link', 'set', 'eth0', 'up');
}

/** Creates every namespace and link of the lab. */
export async function createNetwork(t: LabTopology): Promise<void> {
  const ns = t.namespaces;
  for (const n of [ns.switch, ns.control, ns.router, ns.client, ...t.nodes.map((x) => x.namespace)]) await addNamespace(n);

  await ipIn(ns.switch, 'link', 'add', 'br0', 'type', 'bridge');
  await ipIn(ns.switch, 'link', 'set', 'br0', 'up');
  await plug(t, ns.router, 'p-router', LAB_NET.router);
  await plug(t, ns.control, 'p-control', LAB_NET.control);
  for (const n of t.nodes) await plug(t, n.namespace, n.switchPort, n.address);

  // The client's own link to the router.
  await ipIn(ns.router, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.client);
  await ipIn(ns.router, 'addr', 'add', `${LAB_NET.routerClientSide}/24`, 'dev', 'eth1');
  await ipIn(ns.router, 'link', 'set', 'eth1', 'up');
  await ipIn(ns.client, 'addr', 'add', `${LAB_NET.client}/24`, 'dev', 'eth0');
  await ipIn(ns.client, 'link', 'set', 'eth0', 'up');
  await ipIn(ns.client, 'route', 'add', 'default', 'via', LAB_NET.routerClientSide);

  await sysctl(ns.router, 'net.ipv4.ip_forward', '1');
  // Hash on ports too, so connections from one client spread over the next hops (L4 ECMP).
  await sysctl(ns.router, 'net.ipv4.fib_multipath_hash_policy', '1');
  for (const n of [ns.control, ...t.nodes.map((x) => x.namespace)]) {
    await ipIn(n, 'route', 'add', 'default', 'via', LAB_NET.router);
  }
}

/** Deletes namespaces (their links go with them). Safe on namespaces that are already gone. */
export async function deleteNamespaces(names: readonly string[]): Promise<void> {
  for (const n of names) await run('ip', ['netns', 'del', n]).catch(() => undefined);
}
