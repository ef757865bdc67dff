// End to end: externalTrafficPolicy: Local on a remote address → only the nodes with a ready
// endpoint of the Service (EndpointSlices, by nodeName) hold and announce it, and the router's
// next hops follow the endpoints; an endpoint that is not ready counts for nothing.
import { describe, expect, it } from 'vitest';
import { serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

function endpointSlice(nodes: string[], notReady: string[] = []): string {
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: api-1
  namespace: default
  labels: {kubernetes.io/service-name: api}
addressType: IPv4
endpoints:
${[...nodes.map((n) => [n, true] as const), ...notReady.map((n) => [n, false] as const)].map(([n, ready], i) => `  - addresses: [10.244.${i}.5]\n    conditions: {ready: ${ready}}\n    nodeName: ${n}`).join('\n')}
ports:
  - {port: 80, protocol: TCP}
`;
}

describe('e2e: externalTrafficPolicy Local', () => {
  const labNow = labForThisFile('etp');

  it('announces only from nodes with a ready endpoint', async () => {
    const lab = labNow();
    const [n1, n2, n3] = lab.status.nodes;
    await lab.apply(endpointSlice([n2!.name], [n1!.name])); // node-1's endpoint is not ready
    await lab.apply(serviceYaml('api', { group: 'routed', local: true }));
    const address = await lab.addressOf('api');

    await lab.untilNextHops(address, [n2!.address]);
    expect(await lab.addresses(n2!.name, 'kube-lb0')).toContain(`${address}/32`);
    expect(await lab.addresses(n1!.name, 'kube-lb0')).not.toContain(`${address}/32`);
    expect(await lab.addresses(n3!.name, 'kube-lb0')).not.toContain(`${address}/32`);
    const counts = await lab.curl(`http://${address}/`, 30);
    expect(counts.byNode).toEqual({ [n2!.name]: 30 });

    // an endpoint becomes ready on a second node: it starts announcing too
    await lab.apply(endpointSlice([n2!.name, n3!.name], [n1!.name]));
    const two = [n2!.address, n3!.address].sort();
    await lab.untilNextHops(address, two);
    expect(await lab.addresses(n1!.name, 'kube-lb0')).not.toContain(`${address}/32`);
  }, 120_000);
});
