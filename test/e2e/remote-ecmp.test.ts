// End to end: a remote pool committed to the lab's Git repo and a Service created with kubectl
// → every node holds the address on kube-lb0 → the router has one route with a next hop per
// node (BGP, merge paths) → connections from the client spread over every node.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/netns.js';
import { KUBECTL_POLL_MS, serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

const BLUE = `apiVersion: gitlb.io/v1
kind: ServiceGroup
metadata:
  name: blue
spec:
  remote:
    v4pools:
      - pool: 172.30.101.0/24
        subnet: 172.30.101.0/24
        aggregation: /32
`;

describe('e2e: remote pool, BGP ECMP', () => {
  const labNow = labForThisFile('ecmp');

  it('gives the Service an address that every node holds and the router reaches over N equal next hops', async () => {
    const lab = labNow();
    const sha = await lab.commit({ 'servicegroup-blue.yaml': BLUE }, 'add the blue remote pool');
    await waitFor(async () => ((await lab.reconcilerStatus()).revisionApplied === sha ? true : undefined), 20_000, 'the reconciler to apply the commit', KUBECTL_POLL_MS);

    await lab.apply(serviceYaml('shop', { group: 'blue' }));
    const address = await lab.addressOf('shop');
    expect(address).toBe('172.30.101.0');

    for (const n of lab.status.nodes) {
      await waitFor(async () => ((await lab.addresses(n.name, 'kube-lb0')).includes(`${address}/32`) ? true : undefined), 15_000, `${address} on kube-lb0 of ${n.name}`);
    }
    const all = lab.status.nodes.map((n) => n.address).sort();
    await lab.untilNextHops(address, all);

    const counts = await lab.curl(`http://${address}/`, 600);
    expect(counts.failed).toBe(0);
    expect(Object.keys(counts.byNode).sort()).toEqual(lab.status.nodes.map((n) => n.name).sort());
    const values = Object.values(counts.byNode);
    const ratio = Math.max(...values) / Math.min(...values);
    expect(ratio, `answers per node ${JSON.stringify(counts.byNode)}`).toBeLessThanOrEqual(1.5);
  }, 120_000);
});
