// The netlink wrapper on the real kernel, inside a namespace (through the agent child process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo, LinkInfo, NetlinkEvent, RouteInfo } from '../../reconciler/netlink/netlink-port.js';
import { NetnsLab, waitFor } from '../helpers/netns.js';
import { spawnNetnsAgent, type NetnsAgent } from '../helpers/netns-agent.js';

describe('rtnetlink port', () => {
  const lab = new NetnsLab();
  let ns: string;
  let agent: NetnsAgent | undefined;
  let lb: LinkInfo;

  beforeAll(async () => {
    ns = await lab.add('port');
    await lab.ip(ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
    await lab.ip(ns, 'link', 'set', 'eth0', 'up');
    await lab.ip(ns, 'link', 'set', 'eth1', 'up');
    await lab.ip(ns, 'addr', 'add', '192.168.10.11/24', 'dev', 'eth0');
    await lab.ip(ns, 'addr', 'add', '192.168.20.11/24', 'dev', 'eth1');
    await lab.ip(ns, 'route', 'add', 'default', 'via', '192.168.10.1', 'dev', 'eth0', 'metric', '200');
    await lab.ip(ns, 'route', 'add', 'default', 'via', '192.168.20.1', 'dev', 'eth1', 'metric', '50');
    agent = await spawnNetnsAgent(ns);
  });

  afterAll(async () => {
    await agent?.close();
    await lab.cleanup();
  });

  it('creates the dummy interface (dummy, else ifb), idempotently, and sets it up', async () => {
    const kind = await agent!.call<string>('port.createDummyLink', 'kube-lb0');
    expect(['dummy', 'ifb']).toContain(kind);
    expect(await agent!.call<string>('port.createDummyLink', 'kube-lb0')).toBe(kind); // EEXIST is success
    lb = (await agent!.call<LinkInfo[]>('port.listLinks')).find((l) => l.name === 'kube-lb0')!;
    expect(lb).toMatchObject({ name: 'kube-lb0', up: false, kind });
    await agent!.call('port.setLinkUp', lb.index);
    expect((await agent!.call<LinkInfo[]>('port.listLinks')).find((l) => l.name === 'kube-lb0')?.up).toBe(true);
  });

  it('adds and deletes IPv4 and IPv6 addresses idempotently, with flags, proto and lifetimes', async () => {
    await agent!.call('subscribe');
    const v4 = { index: lb.index, address: '10.200.0.1', prefixLength: 32, proto: 0xb1, flags: { noprefixroute: true } };
    const v6 = { index: lb.index, address: 'fd00:200::1', prefixLength: 128, proto: 0xb1, flags: { nodad: true }, validLifetime: 600, preferredLifetime: 300 };
    expect(await agent!.call('port.addAddress', v4)).toBe('added');
    expect(await agent!.call('port.addAddress', v4)).toBe('exists');
    expect(await agent!.call('port.addAddress', v6)).toBe('added');
    const held = (await agent!.call<AddressInfo[]>('port.listAddresses')).filter((a) => a.index === lb.index && a.proto === 0xb1);
    expect(held).toEqual([
      { family: 'ipv4', index: lb.index, address: '10.200.0.1', prefixLength: 32, flags: { noprefixroute: true, permanent: true }, proto: 0xb1 },
      { family: 'ipv6', index: lb.index, address: 'fd00:200::1', prefixLength: 128, flags: { nodad: true }, proto: 0xb1, validLifetime: expect.any(Number), preferredLifetime: expect.any(Number) },
    ]);
    expect(held[1]!.validLifetime).toBeGreaterThan(590);
    expect(await lab.ip(ns, 'addr', 'show', 'dev', 'kube-lb0')).toMatch(/inet 10\.200\.0\.1\/32 scope global noprefixroute kube-lb0/);
    expect(await agent!.call('port.deleteAddress', v4)).toBe('deleted');
    expect(await agent!.call('port.deleteAddress', v4)).toBe('absent'); // EADDRNOTAVAIL is success
    expect(await agent!.call('port.deleteAddress', v6)).toBe('deleted');
    expect(await agent!.call('port.deleteAddress', v6)).toBe('absent');
    // The event stream keeps NEWADDR vs DELADDR apart.
    const seen = await waitFor(async () => {
      const e = await agent!.call<NetlinkEvent[]>('events');
      return e.length > 0 ? e : undefined;
    }, 2000, 'events');
    const more: NetlinkEvent[] = [...seen];
    await waitFor(async () => {
      more.push(...await agent!.call<NetlinkEvent[]>('events'));
      return more.filter((e) => 'address' in e && e.address.proto === 0xb1).length >= 4 ? true : undefined;
    }, 2000, 'four address events');
    expect(more.filter((e): e is Extract<NetlinkEvent, { address: AddressInfo }> => 'address' in e && e.address.proto === 0xb1)
      .map((e) => `${e.type} ${e.address.address}`)).toEqual(['newaddr 10.200.0.1', 'newaddr fd00:200::1', 'deladdr 10.200.0.1', 'deladdr fd00:200::1']);
  });

  it('batches many adds and deletes with one outcome per request', async () => {
    const reqs = Array.from({ length: 300 }, (_, i) => ({ index: lb.index, address: `10.201.${i >> 8}.${i & 255}`, prefixLength: 32, proto: 0xb1 }));
    const added = await agent!.call<string[]>('port.addAddresses', [...reqs, reqs[0]]);
    expect(added.filter((o) => o === 'added')).toHaveLength(300);
    expect(added[300]).toBe('exists');
    expect((await lab.addresses(ns, 'kube-lb0')).filter((a) => a.startsWith('10.201.'))).toHaveLength(300);
    const deleted = await agent!.call<string[]>('port.deleteAddresses', reqs);
    expect(deleted.every((o) => o === 'deleted')).toBe(true);
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual([]);
  });

  it('maps kernel errors to named codes', async () => {
    await expect(agent!.call('port.addAddress', { index: 9999, address: '10.200.0.9', prefixLength: 32 })).rejects.toThrow(/ENODEV/);
    await expect(agent!.call('port.setLinkUp', 9999)).rejects.toThrow(/ENODEV/);
    await expect(agent!.call('port.addAddress', { index: lb.index, address: '10.200.0.9', prefixLength: 33 })).rejects.toThrow(/EINVAL/);
  });

  it('lists main-table routes with their metrics, including both default routes', async () => {
    const routes = await agent!.call<RouteInfo[]>('port.listRoutes', 'ipv4');
    const links = await agent!.call<LinkInfo[]>('port.listLinks');
    const eth = (name: string) => links.find((l) => l.name === name)?.index;
    expect(routes.filter((r) => r.destination === '0.0.0.0/0').sort((a, b) => a.metric - b.metric)).toEqual([
      { family: 'ipv4', destination: '0.0.0.0/0', gateway: '192.168.20.1', index: eth('eth1'), metric: 50, table: 254 },
      { family: 'ipv4', destination: '0.0.0.0/0', gateway: '192.168.10.1', index: eth('eth0'), metric: 200, table: 254 },
    ]);
    expect(routes.some((r) => r.destination === '192.168.10.0/24' && r.index === eth('eth0'))).toBe(true);
  });
});
