// End to end: a node's link to the switch is cut → BFD (not the 30 s BGP hold timer) makes the
// router drop that next hop, and new connections go to the other nodes; the link comes back →
// the session re-establishes and the next hop returns.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml, startLab, type E2eLab } from './lab-harness.js';

describe('e2e: a node link cut, BFD withdraws the next hop', () => {
  let lab: E2eLab;
  beforeAll(async () => {
    lab = await startLab('cut');
  }, 240_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('drops the next hop of the cut node and brings it back with the link', async () => {
    await lab.apply(serviceYaml('web', { group: 'routed' }));
    const [address] = await waitFor(async () => {
      const a = await lab.serviceAddresses('web');
      return a.length > 0 ? a : undefined;
    }, 15_000, 'the Service to get an address');
    const all = lab.status.nodes.map((n) => n.address).sort();
    await waitFor(async () => (JSON.stringify(await lab.nextHops(address!)) === JSON.stringify(all) ? true : undefined), 20_000, 'ECMP over every node');

    const cut = lab.status.nodes[0]!;
    const rest = all.filter((a) => a !== cut.address);
    const port = `p-${cut.name}`;
    const started = Date.now();
    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'down']);
    // The BGP hold time is 30 s: a withdrawal within 5 s can only come from BFD.
    await waitFor(async () => (JSON.stringify(await lab.nextHops(address!)) === JSON.stringify(rest) ? true : undefined), 5_000, `the router to drop ${cut.address}`);
    const withdrawnMs = Date.now() - started;
    const protocols = await lab.birdc('show', 'protocols');
    expect(protocols).toMatch(new RegExp(`${cut.name.replace('-', '_')}\\s+BGP.*BFD session down`));
    console.log(`e2e link cut: next hop withdrawn after ${withdrawnMs} ms (includes polling)`);

    const counts = await lab.curl(`http://${address}/`, 60);
    expect(counts.failed).toBe(0);
    expect(counts.byNode[cut.name]).toBeUndefined();
    expect(Object.keys(counts.byNode).length).toBe(rest.length);

    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'up']);
    await waitFor(async () => (JSON.stringify(await lab.nextHops(address!)) === JSON.stringify(all) ? true : undefined), 30_000, `${cut.address} back as a next hop`);
  }, 120_000);
});
