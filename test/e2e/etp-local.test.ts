// End to end: externalTrafficPolicy: Local on a remote address → only the nodes with a ready
// endpoint of the Service (EndpointSlices, by nodeName) hold and announce it, and the router's
// next hops follow the endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml, startLab, type E2eLab } from './lab-harness.js';

function endpointSlice(nodes: string[]): string {
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: api-1
  namespace: default
  labels: {kubernetes.io/service-name: api}
addressType: IPv4
endpoints:
${nodes.map((n, i) => `  - addresses: [10.244.${i}.5]\n    conditions: {ready: true}\n    nodeName: ${n}`).join('\n')}
ports:
  - {port: 80, protocol: TCP}
`;
}

describe('e2e: externalTrafficPolicy Local', () => {
  let lab: E2eLab;
  beforeAll(async () => {
    lab = await startLab('etp');
  }, 240_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('announces only from nodes with a ready endpoint', async () => {
    const [n1, n2, n3] = lab.status.nodes;
    await lab.apply(endpointSlice([n2!.name]));
    await lab.apply(serviceYaml('api', { group: 'routed', local: true }));
    const [address] = await waitFor(async () => {
      const a = await lab.serviceAddresses('api');
      return a.length > 0 ? a : undefined;
    }, 15_000, 'the Service to get an address');

    await waitFor(async () => (JSON.stringify(await lab.nextHops(address!)) === JSON.stringify([n2!.address]) ? true : undefined), 20_000, `one next hop, ${n2!.name}`);
    expect(await lab.addresses(n2!.name, 'kube-lb0')).toContain(`${address}/32`);
    expect(await lab.addresses(n1!.name, 'kube-lb0')).not.toContain(`${address}/32`);
    expect(await lab.addresses(n3!.name, 'kube-lb0')).not.toContain(`${address}/32`);
    const counts = await lab.curl(`http://${address}/`, 30);
    expect(counts.byNode).toEqual({ [n2!.name]: 30 });

    // an endpoint becomes ready on a second node: it starts announcing too
    await lab.apply(endpointSlice([n2!.name, n3!.name]));
    const two = [n2!.address, n3!.address].sort();
    await waitFor(async () => (JSON.stringify(await lab.nextHops(address!)) === JSON.stringify(two) ? true : undefined), 20_000, `next hops ${two.join(', ')}`);
    expect(await lab.addresses(n1!.name, 'kube-lb0')).not.toContain(`${address}/32`);
  }, 120_000);
});
