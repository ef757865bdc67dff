// `gitlb agent` end to end: the real CLI in a node namespace (`ip netns exec NS node ... agent`),
// the emulated API server in this process. A namespace has its own loopback, so the agent
// reaches the emulator through a relay (test/helpers/netns-api-bridge.ts: its 127.0.0.1:6443 →
// a Unix socket → the emulator), which leaves the host's network untouched. Tests run in order
// against one agent history: create, update, shared shards, heartbeat, lost watches, crash
// restart without flap, BGP with a Secret password to a BIRD router namespace, SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeAnnouncement, NodeAnnouncementSpec } from '../../reconciler/config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../../reconciler/config/generated/sharedannouncement.generated.js';
import { writeKubeconfig } from '../../reconciler/emulator/kubeconfig.js';
import { startHarness, type Harness } from '../emulator/harness.js';
import { startNetnsApiBridge, type NetnsApiBridge } from '../helpers/netns-api-bridge.js';
import { NetnsLab, waitFor } from '../helpers/netns.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const group = { group: 'gitlb.io', version: 'v1' };
const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

type Addr = NodeAnnouncementSpec['addresses'][number];
const remote = (address: string): Addr => ({ address, prefixLength: 32, interface: 'kube-lb0', kind: 'remote', services: ['default/web'] });
const local = (address: string): Addr => ({ address, prefixLength: 24, interface: 'eth0', kind: 'local', services: ['default/web'] });

function announcement(addresses: Addr[]): NodeAnnouncement {
  return {
    apiVersion: 'gitlb.io/v1', kind: 'NodeAnnouncement', metadata: { name: 'n1' },
    spec: {
      revision: 'r1', holdsShared: false, localInterface: 'default', dummyInterface: 'kube-lb0',
      garp: { enabled: false, count: 1, intervalMs: 100 },
      managedRanges: ['192.168.10.0/24', '10.200.0.0/16', '10.201.0.0/16'], addresses,
    },
  };
}

describe('gitlb agent against the emulated API server', () => {
  const lab = new NetnsLab();
  let ns: string;
  let h: Harness;
  let bridge: NetnsApiBridge;
  let dir: string;
  let agentKubeconfig: string;
  let custom: k8s.CustomObjectsApi;
  let coordination: k8s.CoordinationV1Api;
  let agent: { proc: ChildProcess; logs: () => string; exited: Promise<number | null> } | undefined;

  function startAgent(): NonNullable<typeof agent> {
    const proc = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', 'reconciler/cli/main.ts', 'agent',
      '--node', 'n1', '--kubeconfig', agentKubeconfig, '--namespace', 'gitlb-system', '--metrics-listen', '127.0.0.1:9472',
      '--bird-spawn', '--bird-config', path.join(dir, 'node.conf'), '--bird-socket', path.join(dir, 'node.ctl')],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GITLB_LOG_LEVEL: 'debug' } });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    agent = { proc, logs: () => stderr, exited };
    return agent;
  }

  const getNA = () => custom.getClusterCustomObject({ ...group, plural: 'nodeannouncements', name: 'n1' }) as Promise<NodeAnnouncement>;
  const patchSpec = (spec: Partial<NodeAnnouncementSpec>) =>
    custom.patchClusterCustomObject({ ...group, plural: 'nodeannouncements', name: 'n1', body: { spec } }, merge) as Promise<NodeAnnouncement>;
  const statusWrites = () => h.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/apis/gitlb.io/v1/nodeannouncements/n1/status')).length;
  const readLease = () => coordination.readNamespacedLease({ name: 'gitlb-agent-n1', namespace: 'gitlb-system' });
  /** Adds the agent's recent log to a failure, read when it fails. */
  const explain = <T>(p: Promise<T>): Promise<T> => p.catch((err: Error) => {
    throw new Error(`${err.message}\nagent log:\n${agent?.logs().slice(-4000) ?? ''}`);
  });
  /** Waits until `dev` holds exactly `want` (sorted), failing with the agent's log. */
  const waitAddresses = (dev: string, want: string[], ms = 10_000) => explain(waitFor(async () => {
    const have = await lab.addresses(ns, dev).catch(() => []);
    return JSON.stringify(have) === JSON.stringify([...want].sort()) ? true : undefined;
  }, ms, `${dev} = ${want.join(', ')}`));

  beforeAll(async () => {
    ns = await lab.add('node');
    await lab.exec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.all.accept_dad=0']);
    await lab.ip(ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
    await lab.ip(ns, 'link', 'set', 'eth0', 'up');
    await lab.ip(ns, 'link', 'set', 'eth1', 'up');
    await lab.ip(ns, 'addr', 'add', '192.168.10.11/24', 'dev', 'eth0');
    await lab.ip(ns, 'route', 'add', 'default', 'via', '192.168.10.1', 'dev', 'eth0', 'metric', '100');
    h = await startHarness();
    const url = new URL(h.emulator.url);
    bridge = await startNetnsApiBridge(ns, { host: url.hostname, port: Number(url.port) });
    dir = await mkdtemp(path.join(tmpdir(), 'gltest-agent-'));
    agentKubeconfig = path.join(dir, 'kubeconfig');
    await writeKubeconfig(agentKubeconfig, bridge.url);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(h.kubeconfig);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    coordination = kc.makeApiClient(k8s.CoordinationV1Api);
    await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: 'gitlb-system' } } });
  });

  afterAll(async () => {
    if (agent && agent.proc.exitCode === null) {
      agent.proc.kill('SIGKILL');
      await agent.exited;
    }
    await bridge?.close();
    await lab.cleanup();
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts a local and a remote address on the right interfaces and reports them with observedGeneration', async () => {
    await custom.createClusterCustomObject({ ...group, plural: 'nodeannouncements', body: announcement([remote('10.200.0.1'), local('192.168.10.50')]) });
    startAgent();
    await waitAddresses('kube-lb0', ['10.200.0.1/32'], 30_000); // a cold `node --import tsx` start on a busy machine
    await waitAddresses('eth0', ['192.168.10.11/24', '192.168.10.50/24']);
    const na = await waitFor(async () => {
      const o = await getNA();
      return o.status?.observedGeneration === 1 ? o : undefined;
    }, 10_000, 'status with observedGeneration 1');
    expect(na.status?.interfaces).toEqual([
      { name: 'eth0', role: 'local', default: true, addresses: ['192.168.10.11/24', '192.168.10.50/24'] },
      { name: 'kube-lb0', role: 'dummy', default: false, addresses: ['10.200.0.1/32'] },
    ]);
    expect(na.status?.conditions?.map((c) => [c.type, c.status, c.observedGeneration])).toEqual([['Ready', 'True', 1], ['Reconciling', 'False', 1], ['Stalled', 'False', 1]]);
    // the metrics endpoint, from inside the node's namespace
    const metrics = await lab.exec(ns, 'curl', ['-sf', 'http://127.0.0.1:9472/metrics']);
    expect(metrics).toMatch(/gitlb_agent_addresses_held\{kind="remote"\} 1/);
    expect(await lab.exec(ns, 'curl', ['-sf', 'http://127.0.0.1:9472/healthz'])).toBe('ok\n');
  }, 90_000);

  it('follows a spec change and reports the new generation, keeping Ready\'s lastTransitionTime', async () => {
    const before = (await getNA()).status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
    await patchSpec({ addresses: [remote('10.200.0.1'), remote('10.200.0.2'), local('192.168.10.50')] });
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.2/32']);
    const na = await waitFor(async () => {
      const o = await getNA();
      return o.status?.observedGeneration === 2 ? o : undefined;
    }, 10_000, 'status with observedGeneration 2');
    expect(na.status?.interfaces?.find((i) => i.role === 'dummy')?.addresses).toEqual(['10.200.0.1/32', '10.200.0.2/32']);
    expect(na.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(before);
  });

  it('renews its Lease every 2 s, and writes no status while nothing changes', async () => {
    const writes = statusWrites();
    const first = await readLease();
    expect(first.spec?.holderIdentity).toBe('n1');
    expect(String(first.spec?.renewTime)).toMatch(/\.\d{6}Z$/); // MicroTime, not a plain Date
    const t0 = new Date(String(first.spec?.renewTime)).getTime();
    const later = await waitFor(async () => {
      const l = await readLease();
      return new Date(String(l.spec?.renewTime)).getTime() >= t0 + 3500 ? l : undefined;
    }, 10_000, 'two more renewals');
    expect(later.spec?.holderIdentity).toBe('n1');
    expect(statusWrites()).toBe(writes);
    // deleted by someone: the next renewal creates it again
    await coordination.deleteNamespacedLease({ name: 'gitlb-agent-n1', namespace: 'gitlb-system' });
    await waitFor(async () => ((await readLease().catch(() => undefined))?.spec?.holderIdentity === 'n1' ? true : undefined), 10_000, 'the Lease re-created');
  });

  it('holds a SharedAnnouncement shard while holdsShared, and drops it when it becomes false', async () => {
    const shard: SharedAnnouncement = {
      apiVersion: 'gitlb.io/v1', kind: 'SharedAnnouncement', metadata: { name: 'shared-10-201-0-0-25' },
      spec: { revision: 'r1', block: '10.201.0.0/25', addresses: [{ address: '10.201.0.1', prefixLength: 32, services: ['default/shared'] }] },
    };
    await custom.createClusterCustomObject({ ...group, plural: 'sharedannouncements', body: shard });
    await patchSpec({ holdsShared: true });
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.2/32', '10.201.0.1/32']);
    // a new address in the shard reaches the node through the shard watch
    await custom.patchClusterCustomObject({ ...group, plural: 'sharedannouncements', name: shard.metadata.name,
      body: { spec: { addresses: [...shard.spec.addresses, { address: '10.201.0.2', prefixLength: 32, services: ['default/other'] }] } } }, merge);
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.2/32', '10.201.0.1/32', '10.201.0.2/32']);
    await patchSpec({ holdsShared: false });
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.2/32']);
    await waitFor(async () => (h.emulator.openWatches() === 1 ? true : undefined), 5000, 'the shard watch closed');
  });

  it('converges on a later change after dropped watches and after an abrupt restart that lost the history', async () => {
    h.emulator.dropWatches();
    await patchSpec({ addresses: [remote('10.200.0.1'), remote('10.200.0.3'), local('192.168.10.50')] });
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.3/32']);
    h.emulator.restart({ historyLost: true, abrupt: true });
    const { metadata } = await patchSpec({ addresses: [remote('10.200.0.1'), remote('10.200.0.4'), local('192.168.10.50')] });
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.4/32'], 15_000);
    await waitFor(async () => ((await getNA()).status?.observedGeneration === metadata.generation ? true : undefined), 10_000, `status of generation ${metadata.generation}`);
  });

  it('restarts after a crash without flapping: no address change and no status write', async () => {
    const a = agent!;
    a.proc.kill('SIGKILL'); // a crash or OOM kill: no graceful withdraw
    await a.exited;
    const monitor = spawn('ip', ['-n', ns, 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      let seen = '';
      monitor.stdout.on('data', (d: Buffer) => { seen += d.toString(); });
      // prove the monitor is live: marker addresses on eth1 until one is printed
      let marker = 0;
      await waitFor(async () => {
        marker++;
        await lab.ip(ns, 'addr', 'add', `198.51.100.${marker}/32`, 'dev', 'eth1');
        await new Promise((r) => setTimeout(r, 100 * marker));
        return seen.includes('198.51.100.') ? true : undefined;
      }, 10_000, 'monitor running');
      seen = '';
      const writes = statusWrites();
      const leaseBefore = new Date(String((await readLease()).spec?.renewTime)).getTime();
      startAgent();
      // the new agent is up once it renewed the Lease
      await explain(waitFor(async () => (new Date(String((await readLease()).spec?.renewTime)).getTime() > leaseBefore ? true : undefined), 30_000, 'the new agent\'s renewal'));
      // a spec change proves it has listed and synced before we look at the monitor
      const { metadata } = await patchSpec({ addresses: [remote('10.200.0.1'), remote('10.200.0.4'), remote('10.200.0.5'), local('192.168.10.50')] });
      await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.4/32', '10.200.0.5/32']);
      await lab.ip(ns, 'addr', 'add', '198.51.100.250/32', 'dev', 'eth1');
      await waitFor(async () => (seen.includes('198.51.100.250') ? true : undefined), 5000, 'monitor caught up');
      const changes = seen.split('\n').filter((l) => l.trim() && !l.includes('198.51.100.') && !/^\s+valid_lft/.test(l));
      expect(changes.filter((l) => l.startsWith('Deleted'))).toEqual([]);
      expect(changes.filter((l) => !l.includes('10.200.0.5'))).toEqual([]);
      // one status write: the one for the new generation (the restart itself wrote nothing)
      await waitFor(async () => ((await getNA()).status?.observedGeneration === metadata.generation ? true : undefined), 10_000, `status of generation ${metadata.generation}`);
      expect(statusWrites()).toBe(writes + 1);
    } finally {
      monitor.kill('SIGKILL');
    }
  }, 90_000);

  it('peers with a router through the BIRD it spawned, password from a Secret, and reports the session', async () => {
    const router = await lab.add('rtr');
    await lab.ip(router, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'bgp0', 'netns', ns);
    await lab.ip(router, 'addr', 'add', '172.31.0.1/24', 'dev', 'up0');
    await lab.ip(router, 'link', 'set', 'up0', 'up');
    await lab.ip(ns, 'addr', 'add', '172.31.0.2/24', 'dev', 'bgp0');
    await lab.ip(ns, 'link', 'set', 'bgp0', 'up');
    await writeFile(path.join(dir, 'router.conf'), [
      'router id 172.31.0.1;',
      'protocol device {}',
      'protocol kernel { ipv4 { export all; import none; }; }',
      'protocol bgp upstream_n1 { local 172.31.0.1 as 65000; neighbor 172.31.0.2 as 65001; password "s3cret-pw";',
      '  hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 5;',
      '  ipv4 { import all; export none; }; }', ''].join('\n'));
    await lab.exec(router, 'bird', ['-c', path.join(dir, 'router.conf'), '-s', path.join(dir, 'router.ctl'), '-P', path.join(dir, 'router.pid')]);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(h.kubeconfig);
    await kc.makeApiClient(k8s.CoreV1Api).createNamespacedSecret({ namespace: 'gitlb-system',
      body: { metadata: { name: 'bgp-n1' }, data: { password: Buffer.from('s3cret-pw').toString('base64') } } });
    await patchSpec({ bgp: { asn: 65001, exportRanges: ['10.200.0.0/16'],
      neighbors: [{ address: '172.31.0.1', peerASN: 65000, holdTime: 3, keepaliveTime: 1, passwordSecretRef: { name: 'bgp-n1', key: 'password' } }] } });
    await explain(waitFor(async () => ((await lab.ip(router, 'route', 'show', '10.200.0.5')).includes('via 172.31.0.2') ? true : undefined),
      30_000, 'router route to 10.200.0.5'));
    const na = await waitFor(async () => {
      const o = await getNA();
      return o.status?.sessions?.some((x) => x.neighbor === '172.31.0.1' && x.state === 'Established') ? o : undefined;
    }, 15_000, 'session Established in the status');
    expect(na.status?.sessions).toEqual([{ neighbor: '172.31.0.1', state: 'Established', since: expect.any(String) }]);
    // the password is in BIRD's config (mode 0600) and nowhere in the agent's log
    expect(await readFile(path.join(dir, 'node.conf'), 'utf8')).toContain('password "s3cret-pw"');
    expect((await stat(path.join(dir, 'node.conf'))).mode & 0o777).toBe(0o600);
    expect(agent!.logs()).not.toContain('s3cret-pw');
  }, 90_000);

  it('on SIGTERM withdraws the remote addresses, keeps the local one, releases the Lease and exits 0', async () => {
    const a = agent!;
    a.proc.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await lab.addresses(ns, 'kube-lb0')).toEqual([]);
    expect(await lab.addresses(ns, 'eth0')).toEqual(['192.168.10.11/24', '192.168.10.50/24']);
    expect((await readLease()).spec?.holderIdentity ?? '').toBe('');
    expect(a.logs()).toMatch(/"op":"withdraw".*"addresses":3/);
  });

  it('withdraws everything gitlb put on the node when its NodeAnnouncement is deleted, and nothing else', async () => {
    startAgent();
    await waitAddresses('kube-lb0', ['10.200.0.1/32', '10.200.0.4/32', '10.200.0.5/32'], 30_000);
    await custom.deleteClusterCustomObject({ ...group, plural: 'nodeannouncements', name: 'n1' });
    await waitAddresses('kube-lb0', []);
    await waitAddresses('eth0', ['192.168.10.11/24']);
    expect(await lab.addresses(ns, 'bgp0')).toEqual(['172.31.0.2/24']);
  }, 90_000);
});
