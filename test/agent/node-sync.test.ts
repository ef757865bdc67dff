// The sync engine against the real kernel: a node namespace with eth0 (default route), eth1
// (a second interface holding foreign addresses) and the engine in a child process inside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeAnnouncementSpec, NodeAnnouncementStatus } from '../../reconciler/config/generated/nodeannouncement.generated.js';
import type { SyncResult } from '../../reconciler/agent/node-sync.js';
import { GITLB_ADDRESS_PROTO } from '../../reconciler/agent/node-state.js';
import { NetnsLab, waitFor } from '../helpers/netns.js';
import { spawnNetnsAgent, type NetnsAgent } from '../helpers/netns-agent.js';

type Addr = NodeAnnouncementSpec['addresses'][number];
const remote = (address: string, prefixLength = address.includes(':') ? 128 : 32): Addr =>
  ({ address, prefixLength, interface: 'kube-lb0', kind: 'remote', services: ['default/web'] });
const local = (address: string, prefixLength = address.includes(':') ? 64 : 24): Addr =>
  ({ address, prefixLength, interface: 'eth0', kind: 'local', services: ['default/web'] });

function spec(addresses: Addr[], over: Partial<NodeAnnouncementSpec> = {}): NodeAnnouncementSpec {
  return {
    revision: 'r1', holdsShared: false, localInterface: 'default', dummyInterface: 'kube-lb0',
    garp: { enabled: false, count: 1, intervalMs: 100 }, skipIPv6DAD: true,
    managedRanges: ['192.168.10.0/24', '10.200.0.0/16', 'fd00:10::/64', 'fd00:200::/64'],
    addresses, ...over,
  };
}
const input = (s: NodeAnnouncementSpec, generation = 1) => ({ spec: s, shared: [], generation });
type Writes = { total: number };

describe('node sync engine in a network namespace', () => {
  let lab: NetnsLab;
  let ns: string;
  let agent: NetnsAgent | undefined;
  const extra: ChildProcess[] = [];

  beforeEach(async () => {
    lab = new NetnsLab();
    ns = await lab.add('node');
    // no DAD on the kernel's own link-local addresses: their late "DAD done" updates would
    // show up in the no-flap test's address monitor
    await lab.exec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.all.accept_dad=0']);
    await lab.ip(ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
    await lab.ip(ns, 'link', 'set', 'eth0', 'up');
    await lab.ip(ns, 'link', 'set', 'eth1', 'up');
    await lab.ip(ns, 'addr', 'add', '192.168.10.11/24', 'dev', 'eth0');
    await lab.ip(ns, 'addr', 'add', 'fd00:10::11/64', 'dev', 'eth0', 'nodad');
    await lab.ip(ns, 'route', 'add', 'default', 'via', '192.168.10.1', 'dev', 'eth0', 'metric', '100');
    agent = await spawnNetnsAgent(ns, { debounceMs: 20 });
  });

  afterEach(async () => {
    for (const p of extra.splice(0)) p.kill('SIGKILL');
    await agent?.close();
    agent = undefined;
    await lab.cleanup();
  });

  it('syncs from empty: creates the dummy interface, adds IPv4 and IPv6, local and remote, and reports them', async () => {
    const s = spec([remote('10.200.0.1'), remote('10.200.0.2'), remote('fd00:200::1'), local('192.168.10.50'), local('fd00:10::50')]);
    const r = await agent!.call<SyncResult>('setDesired', input(s, 7));
    expect(r).toMatchObject({ outcome: 'ok', errors: [] });
    expect(r.errors).toEqual([]);
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual(['10.200.0.1/32', '10.200.0.2/32', 'fd00:200::1/128']);
    expect(await lab.addresses(ns, 'eth0')).toEqual(['192.168.10.11/24', '192.168.10.50/24', 'fd00:10::11/64', 'fd00:10::50/64']);
    const link = JSON.parse(await lab.ip(ns, '-j', '-d', 'link', 'show', 'kube-lb0')) as { flags: string[]; linkinfo?: { info_kind: string } }[];
    expect(link[0]?.flags).toContain('UP');
    expect(['dummy', 'ifb']).toContain(link[0]?.linkinfo?.info_kind);
    // gitlb's addresses carry its IFA_PROTO mark (0xb1): that is how it recognises them later
    const seen = await agent!.call<{ address: string; proto: number }[]>('listAddresses');
    expect(seen.filter((a) => a.proto === GITLB_ADDRESS_PROTO).map((a) => a.address).sort())
      .toEqual(['10.200.0.1', '10.200.0.2', '192.168.10.50', 'fd00:10::50', 'fd00:200::1']);

    const st = await agent!.call<NodeAnnouncementStatus>('status');
    expect(st.observedGeneration).toBe(7);
    expect(st.interfaces).toEqual([
      { name: 'eth0', role: 'local', default: true, addresses: ['192.168.10.11/24', '192.168.10.50/24', 'fd00:10::11/64', 'fd00:10::50/64'] },
      { name: 'kube-lb0', role: 'dummy', default: false, addresses: ['10.200.0.1/32', '10.200.0.2/32', 'fd00:200::1/128'] },
    ]);
    expect(st.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const metrics = await agent!.call<string>('metrics');
    expect(metrics).toMatch(/gitlb_agent_addresses_held\{kind="remote"\} 3/);
    expect(metrics).toMatch(/gitlb_agent_addresses_held\{kind="local"\} 2/);
  });

  it('a resync with no change makes zero netlink writes', async () => {
    const s = spec([remote('10.200.0.1'), remote('fd00:200::1'), local('192.168.10.50')]);
    await agent!.call('setDesired', input(s));
    const before = await agent!.call<Writes>('writes');
    const again = await agent!.call<SyncResult>('sync');
    const sameSpec = await agent!.call<SyncResult>('setDesired', input(s, 2));
    const after = await agent!.call<Writes>('writes');
    expect(again.operations).toEqual([]);
    expect(sameSpec.operations).toEqual([]);
    expect(after.total).toBe(before.total);
  });

  it('removes stale addresses and never touches foreign ones next to the managed ranges', async () => {
    // Foreign: unmarked inside a managed range on eth0, outside the ranges on eth0, anything on eth1.
    await lab.ip(ns, 'addr', 'add', '192.168.10.77/24', 'dev', 'eth0');
    await lab.ip(ns, 'addr', 'add', '192.168.11.5/24', 'dev', 'eth0');
    await lab.ip(ns, 'addr', 'add', '192.168.10.60/24', 'dev', 'eth1');
    await lab.ip(ns, 'addr', 'add', '10.200.0.99/32', 'dev', 'eth1');
    await lab.ip(ns, 'addr', 'add', 'fd00:10::77/64', 'dev', 'eth0', 'nodad');
    const eth1Before = await lab.addresses(ns, 'eth1');
    await agent!.call('setDesired', input(spec([remote('10.200.0.1'), remote('10.200.0.2'), remote('fd00:200::2'), local('192.168.10.50'), local('fd00:10::50')])));
    // someone else's address on the dummy interface is not gitlb's business to keep: it goes too
    await lab.ip(ns, 'addr', 'add', '172.16.0.9/32', 'dev', 'kube-lb0');
    const r = await agent!.call<SyncResult>('setDesired', input(spec([remote('10.200.0.1'), local('192.168.10.51')]), 2));
    expect(r).toMatchObject({ outcome: 'ok', errors: [] });
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual(['10.200.0.1/32']);
    expect(await lab.addresses(ns, 'eth0')).toEqual(['192.168.10.11/24', '192.168.10.51/24', '192.168.10.77/24', '192.168.11.5/24', 'fd00:10::11/64', 'fd00:10::77/64']);
    expect(await lab.addresses(ns, 'eth1')).toEqual(eth1Before);
    const deleted = r.operations.filter((o) => o.op === 'deleteAddress').map((o) => (o as { address: string }).address).sort();
    expect(deleted).toEqual(['10.200.0.2', '172.16.0.9', '192.168.10.50', 'fd00:10::50', 'fd00:200::2']);
  });

  it('holds the shared addresses only while holdsShared is true', async () => {
    const shared = [{ revision: 'r1', block: '10.200.1.0/25', addresses: [{ address: '10.200.1.1', prefixLength: 32, services: ['a/b'] }] }];
    await agent!.call('setDesired', { spec: spec([remote('10.200.0.1')], { holdsShared: true }), shared });
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual(['10.200.0.1/32', '10.200.1.1/32']);
    await agent!.call('setDesired', { spec: spec([remote('10.200.0.1')], { holdsShared: false }), shared });
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual(['10.200.0.1/32']);
  });

  it('resolves a regex local interface and waits (Ready=False) while none matches', async () => {
    const r = await agent!.call<SyncResult>('setDesired', input(spec([local('192.168.10.50')], { localInterface: 'eth9' })));
    expect(r.unplaced).toEqual(['192.168.10.50/24']);
    expect((await agent!.call<NodeAnnouncementStatus>('status')).conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    await agent!.call('setDesired', input(spec([local('192.168.10.50')], { localInterface: 'eth[1]' }), 2));
    expect(await lab.addresses(ns, 'eth1')).toEqual(['192.168.10.50/24']);
  });

  it('repairs drift in under a second: an address deleted from outside comes back and is counted', async () => {
    await agent!.call('setDesired', input(spec([remote('10.200.0.1'), remote('fd00:200::1'), local('192.168.10.50')])));
    for (const [addr, dev] of [['10.200.0.1/32', 'kube-lb0'], ['fd00:200::1/128', 'kube-lb0'], ['192.168.10.50/24', 'eth0']] as const) {
      const t0 = Date.now();
      await lab.ip(ns, 'addr', 'del', addr, 'dev', dev);
      await waitFor(async () => ((await lab.addresses(ns, dev)).includes(addr) ? true : undefined), 1000, `${addr} back on ${dev}`);
      expect(Date.now() - t0).toBeLessThan(1000);
    }
    // a stray address put on the dummy interface is removed as drift too
    await lab.ip(ns, 'addr', 'add', '10.200.0.66/32', 'dev', 'kube-lb0');
    await waitFor(async () => ((await lab.addresses(ns, 'kube-lb0')).includes('10.200.0.66/32') ? undefined : true), 1000, 'stray address removed');
    const st = await waitFor(async () => {
      const s = await agent!.call<NodeAnnouncementStatus>('status');
      return (s.drift?.repairs ?? 0) >= 4 ? s : undefined;
    }, 1000, 'drift counter');
    expect(st.drift?.lastRepair).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await agent!.call<string>('metrics')).toMatch(/gitlb_agent_drift_repairs_total [4-9]/);
  });

  it('recreates a deleted dummy interface with its addresses', async () => {
    await agent!.call('setDesired', input(spec([remote('10.200.0.1')])));
    await lab.ip(ns, 'link', 'del', 'kube-lb0');
    await waitFor(async () => ((await lab.addresses(ns, 'kube-lb0').catch(() => [] as string[])).includes('10.200.0.1/32') ? true : undefined), 1000, 'dummy back');
  });

  it('restarts without flap: a new engine on a correct node writes nothing and an address monitor sees no change', async () => {
    const s = spec([remote('10.200.0.1'), remote('fd00:200::1'), local('192.168.10.50'), local('fd00:10::50')]);
    await agent!.call('setDesired', input(s));
    await agent!.close();
    const monitor = spawn('ip', ['-n', ns, 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
    extra.push(monitor);
    let seen = '';
    monitor.stdout.on('data', (d: Buffer) => { seen += d.toString(); });
    // prove the monitor is live before the restart: marker addresses on eth1 until one shows up
    // (the monitor may take a while to subscribe on a busy machine)
    let marker = 0;
    await waitFor(async () => {
      marker++;
      await lab.ip(ns, 'addr', 'add', `198.51.100.${marker}/32`, 'dev', 'eth1');
      await new Promise((r) => setTimeout(r, 100 * marker)); // give this marker time to be printed before the next
      return seen.includes('198.51.100.') ? true : undefined;
    }, 10_000, 'monitor running');
    seen = '';
    agent = await spawnNetnsAgent(ns, { debounceMs: 20 });
    const r = await agent.call<SyncResult>('setDesired', input(s));
    await agent.call('sync');
    expect(r.operations).toEqual([]);
    expect((await agent.call<Writes>('writes')).total).toBe(0);
    // one more marker, so everything before it has been printed
    await lab.ip(ns, 'addr', 'add', '198.51.100.250/32', 'dev', 'eth1');
    await waitFor(async () => (seen.includes('198.51.100.250') ? true : undefined), 5000, 'monitor caught up');
    expect(seen.split('\n').filter((l) => l.trim() && !l.includes('198.51.100.') && !/^\s+valid_lft/.test(l))).toEqual([]);
  });

  it('withdraws remote addresses on request (SIGTERM path) and keeps local ones', async () => {
    await agent!.call('setDesired', input(spec([remote('10.200.0.1'), remote('fd00:200::1'), local('192.168.10.50')])));
    expect(await agent!.call<number>('withdrawRemote')).toBe(2);
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual([]);
    expect(await lab.addresses(ns, 'eth0')).toContain('192.168.10.50/24');
  });
});
