// End to end: a node's link to the switch is cut → BFD (not the 30 s BGP hold timer) makes the
// router drop that next hop, and new connections go to the other nodes; the link comes back →
// the session re-establishes and the next hop returns.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

describe('e2e: a node link cut, BFD withdraws the next hop', () => {
  const labNow = labForThisFile('cut');

  it('drops the next hop of the cut node and brings it back with the link', async () => {
    const lab = labNow();
    await lab.apply(serviceYaml('web', { group: 'routed' }));
    const address = await lab.addressOf('web');
    const all = lab.status.nodes.map((n) => n.address).sort();
    await lab.untilNextHops(address, all);

    const cut = lab.status.nodes[0]!;
    const rest = all.filter((a) => a !== cut.address);
    const port = `p-${cut.name}`;
    const started = Date.now();
    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'down']);
    // The BGP hold time is 30 s: a withdrawal within 5 s can only come from BFD.
    await lab.untilNextHops(address, rest, 5_000);
    const withdrawnMs = Date.now() - started;
    const protocols = await lab.birdc('show', 'protocols');
    expect(protocols).toMatch(new RegExp(`${cut.name.replace('-', '_')}\\s+BGP.*BFD session down`));
    console.log(`e2e link cut: next hop withdrawn after ${withdrawnMs} ms (includes polling)`);

    const counts = await lab.curl(`http://${address}/`, 60);
    expect(counts.failed).toBe(0);
    expect(counts.byNode[cut.name]).toBeUndefined();
    expect(Object.keys(counts.byNode).length).toBe(rest.length);

    execFileSync('ip', ['-n', lab.status.namespaces.switch, 'link', 'set', port, 'up']);
    await lab.untilNextHops(address, all, 30_000);
  }, 120_000);
});
