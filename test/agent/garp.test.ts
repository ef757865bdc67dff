// A local address moving from node A to node B: after B's agent adds it, B announces it
// (gratuitous ARP via arping, unsolicited NA via the kernel) and a peer on the segment that
// had A's MAC in its neighbour table now has B's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeAnnouncementSpec } from '../../reconciler/config/generated/nodeannouncement.generated.js';
import { NetnsLab, waitFor } from '../helpers/netns.js';
import { spawnNetnsAgent, type NetnsAgent } from '../helpers/netns-agent.js';

const V4 = '192.168.10.50';
const V6 = 'fd00:10::50';

function spec(hold: boolean): NodeAnnouncementSpec {
  return {
    revision: 'r1', holdsShared: false, localInterface: 'default', dummyInterface: 'kube-lb0',
    garp: { enabled: true, count: 2, intervalMs: 100 },
    managedRanges: ['192.168.10.0/24', 'fd00:10::/64'],
    addresses: hold ? [
      { address: V4, prefixLength: 24, interface: 'eth0', kind: 'local', services: ['d/s'] },
      { address: V6, prefixLength: 64, interface: 'eth0', kind: 'local', services: ['d/s'] },
    ] : [],
  };
}

describe('GARP / unsolicited NA moves a peer\'s neighbour entry', () => {
  const lab = new NetnsLab();
  let a: string;
  let b: string;
  let peer: string;
  let agentA: NetnsAgent | undefined;
  let agentB: NetnsAgent | undefined;

  const mac = async (ns: string) => (JSON.parse(await lab.ip(ns, '-j', 'link', 'show', 'eth0')) as { address: string }[])[0]?.address;
  const neigh = async (addr: string) => {
    const entries = JSON.parse(await lab.ip(peer, '-j', 'neigh', 'show', addr)) as { lladdr?: string }[];
    return entries[0]?.lladdr;
  };
  // A TCP connection attempt makes the peer's kernel resolve the address (no ping binary needed).
  const touch = (addr: string) => lab.exec(peer, process.execPath, ['-e',
    `const s=require('net').connect({host:'${addr}',port:9});s.on('error',()=>{});s.on('connect',()=>s.destroy());setTimeout(()=>process.exit(0),300)`]);

  beforeAll(async () => {
    const sw = await lab.add('sw');
    a = await lab.add('na');
    b = await lab.add('nb');
    peer = await lab.add('peer');
    await lab.switchWith(sw, [
      { ns: a, addrs: ['192.168.10.11/24', 'fd00:10::11/64'] },
      { ns: b, addrs: ['192.168.10.12/24', 'fd00:10::12/64'] },
      { ns: peer, addrs: ['192.168.10.2/24', 'fd00:10::2/64'] },
    ]);
    for (const ns of [a, b]) await lab.ip(ns, 'route', 'add', 'default', 'via', '192.168.10.1', 'dev', 'eth0');
    // ARP ignores a new MAC within `locktime` (1 s) of the entry's last update; the test moves
    // the address right after the peer learned it, so lift that lock instead of waiting it out.
    await lab.exec(peer, 'sysctl', ['-qw', 'net.ipv4.neigh.eth0.locktime=0']);
    agentA = await spawnNetnsAgent(a, { debounceMs: 20 });
    agentB = await spawnNetnsAgent(b, { debounceMs: 20 });
  });

  afterAll(async () => {
    await agentA?.close();
    await agentB?.close();
    await lab.cleanup();
  });

  it('the peer learns node B\'s MAC for both families after the move', async () => {
    const macA = await mac(a);
    const macB = await mac(b);
    expect(macA).not.toBe(macB);
    await agentA!.call('setDesired', { spec: spec(true), shared: [] });
    // Let node A's IPv6 address finish DAD before the peer asks for it.
    await waitFor(async () => (/tentative/.test(await lab.ip(a, 'addr', 'show', 'dev', 'eth0')) ? undefined : true), 5000, 'DAD on node A');
    await waitFor(async () => { await touch(V4); return (await neigh(V4)) === macA ? true : undefined; }, 5000, 'peer resolves V4 to A');
    await waitFor(async () => { await touch(V6); return (await neigh(V6)) === macA ? true : undefined; }, 5000, 'peer resolves V6 to A');

    await agentA!.call('setDesired', { spec: spec(false), shared: [] });
    await agentB!.call('setDesired', { spec: spec(true), shared: [] });
    // No traffic from the peer from here on: only B's announcements can change its table.
    await waitFor(async () => ((await neigh(V4)) === macB ? true : undefined), 3000, 'peer V4 entry → B')
      .catch((err: Error) => { throw new Error(`${err.message}\n${agentB!.logs()}`); });
    await waitFor(async () => ((await neigh(V6)) === macB ? true : undefined), 5000, 'peer V6 entry → B (NA after DAD)');
    const counters = await agentB!.call<{ announcements: number }>('counters');
    expect(counters.announcements).toBe(3); // 2 GARP + 1 NA
    expect(await agentB!.call<string>('metrics')).toMatch(/gitlb_agent_announcements_sent_total\{family="ipv4"\} 2/);
  });
});
