// Runs inside the lab's control namespace for bench/lab.bench.ts (the lab's API server is only
// reachable there): creates Services one at a time through the real client, each after the
// previous one has its address, and prints a JSON line per Service: when the create call was
// made and the address it got. The bench correlates that with the address appearing on the nodes.
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, countText, group, prefix] = process.argv.slice(2);
if (!kubeconfig || !countText || !group || !prefix) throw new Error('usage: lab-service-driver KUBECONFIG COUNT GROUP NAME-PREFIX');
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);

for (let i = 0; i < Number(countText); i++) {
  const name = `${prefix}-${i}`;
  const t = Date.now();
  await core.createNamespacedService({
    namespace: 'default',
    body: {
      metadata: { name, annotations: { 'gitlb.io/service-group': group } },
      spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
    },
  });
  let address: string | undefined;
  const deadline = Date.now() + 30_000;
  while (!address) {
    if (Date.now() > deadline) throw new Error(`${name} got no address within 30 s`);
    await new Promise((r) => setTimeout(r, 5));
    const s = await core.readNamespacedServiceStatus({ name, namespace: 'default' });
    address = s.status?.loadBalancer?.ingress?.[0]?.ip;
  }
  process.stdout.write(`${JSON.stringify({ name, t, address, statusMs: Date.now() - t })}\n`);
}
