// End to end: a local address (inside the node subnet) is on exactly one node's eth0; that
// node's agent is killed with its BIRD (SIGKILL: no goodbye) → its heartbeat Lease runs out, the reconciler
// moves the address to another node, whose agent adds it and sends gratuitous ARP, so the
// neighbour entry on the segment (the router's: the client is behind it) and the client's
// connections follow. When the agent comes back, the address stays where it is now.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

describe('e2e: local address failover', () => {
  const labNow = labForThisFile('loc');

  it('moves the address when the holder\'s agent dies and the router\'s neighbour entry follows', async () => {
    const lab = labNow();
    await lab.apply(serviceYaml('db'));
    const address = await lab.addressOf('db');
    expect(address).toBe('172.30.0.200');

    const holders = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const n of lab.status.nodes) if ((await lab.addresses(n.name, 'eth0')).includes(`${address}/24`)) out.push(n.name);
      return out;
    };
    const [holder] = await waitFor(async () => {
      const h = await holders();
      return h.length === 1 ? h : undefined;
    }, 15_000, `${address} on exactly one node`);
    expect((await lab.curl(`http://${address}/`, 5)).byNode).toEqual({ [holder!]: 5 });
    expect(await lab.routerNeighbour(address)).toBe(await lab.mac(holder!));

    const agent = lab.record().processes.find((p) => p.name === `agent ${holder}`);
    expect(agent).toBeDefined();
    const started = Date.now();
    lab.kill(agent!); // with its BIRD, as when the agent's pod dies
    // The killed agent cannot take the address off its node; the new holder is the other one.
    const next = await waitFor(async () => (await holders()).find((h) => h !== holder), 10_000, `${address} on another node`);
    console.log(`e2e local failover: ${address} on ${next} ${Date.now() - started} ms after the agent of ${holder} was killed`);
    const nextMac = await lab.mac(next);
    await waitFor(async () => ((await lab.routerNeighbour(address)) === nextMac ? true : undefined), 5_000, `the router's neighbour entry for ${address} to follow to ${next}`);
    expect((await lab.curl(`http://${address}/`, 5)).byNode).toEqual({ [next]: 5 });

    // The agent comes back (a DaemonSet would restart it): it removes the stale address from its
    // node, the address stays where it is now, and the reconciler keeps working.
    await lab.restart(agent!);
    await waitFor(async () => {
      const h = await holders();
      return h.length === 1 && h[0] === next ? true : undefined;
    }, 15_000, `the stale ${address} gone from ${holder}, still on ${next}`, 100);
    await lab.apply(serviceYaml('cache'));
    expect(await lab.addressOf('cache')).toBe('172.30.0.201');
    const status = await lab.reconcilerStatus();
    expect(status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect((await lab.curl(`http://${address}/`, 5)).byNode).toEqual({ [next]: 5 });
  }, 120_000);
});
