// BIRD in a node namespace, driven by the agent's render + adapter, peers with a BIRD "router"
// namespace over a bridge; the router must learn exactly the exported dummy-interface routes.
// When BIRD goes away, the agent's BGP driver reports the sessions Unknown, not Established.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeAnnouncementSpec, NodeAnnouncementStatus } from '../../reconciler/config/generated/nodeannouncement.generated.js';
import type * as k8s from '@kubernetes/client-node';
import { birdModelFromSpec } from '../../reconciler/agent/bird-model.js';
import { createBirdAdapter } from '../../reconciler/agent/bird-adapter.js';
import { buildNodeStatus, type SessionStatus } from '../../reconciler/agent/build-node-status.js';
import { startKubeBgp, type KubeBgp } from '../../reconciler/agent/kube-bgp.js';
import { NetnsLab, sh, waitFor } from '../helpers/netns.js';
import { spawnNetnsAgent, type NetnsAgent } from '../helpers/netns-agent.js';

const fast = { connectRetryTime: 1, errorWaitTime: { min: 1, max: 5 } };

function spec(exportRanges: string[]): NodeAnnouncementSpec {
  return {
    revision: 'r1', holdsShared: false, localInterface: 'eth0', dummyInterface: 'kube-lb0',
    garp: { enabled: false, count: 1, intervalMs: 100 },
    managedRanges: ['10.200.0.0/16', '10.99.0.0/16'],
    addresses: ['10.200.0.1', '10.200.0.2', '10.99.0.1'].map((address) => ({ address, prefixLength: 32, interface: 'kube-lb0', kind: 'remote' as const, services: ['d/s'] })),
    bgp: { asn: 65001, neighbors: [{ address: '172.31.0.1', peerASN: 65000, holdTime: 3, keepaliveTime: 1 }], exportRanges },
  };
}

describe('BGP through BIRD between a node namespace and a router namespace', () => {
  const lab = new NetnsLab();
  let dir: string;
  let router: string;
  let node: string;
  let agent: NetnsAgent | undefined;
  let bgp: KubeBgp | undefined;
  const paths = () => ({ configPath: path.join(dir, 'node.conf'), socketPath: path.join(dir, 'node.ctl') });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gltest-bird-'));
    const sw = await lab.add('sw');
    router = await lab.add('rtr');
    node = await lab.add('node');
    await lab.switchWith(sw, [{ ns: router, addrs: ['172.31.0.1/24'] }, { ns: node, addrs: ['172.31.0.2/24'] }]);
    writeFileSync(path.join(dir, 'router.conf'), [
      'router id 172.31.0.1;',
      'protocol device {}',
      'protocol kernel { ipv4 { export all; import none; }; merge paths on; }',
      'protocol bgp upstream_n1 { local 172.31.0.1 as 65000; neighbor 172.31.0.2 as 65001;',
      '  hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 5;',
      '  ipv4 { import all; export none; }; }', ''].join('\n'));
    await lab.exec(router, 'bird', ['-c', path.join(dir, 'router.conf'), '-s', path.join(dir, 'router.ctl'), '-P', path.join(dir, 'router.pid')]);
    agent = await spawnNetnsAgent(node, { debounceMs: 20 });
  });

  afterAll(async () => {
    await bgp?.stop();
    await agent?.close();
    await lab.cleanup(); // kills both BIRDs with their namespaces
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches Established, the router learns only exported routes, and the status reports the session', async () => {
    const s = spec(['10.200.0.0/16']);
    await agent!.call('setDesired', { spec: s, shared: [] });
    const model = birdModelFromSpec(s, ['172.31.0.2'], new Map(), fast);
    expect(await agent!.call('birdApply', model, paths())).toBe('started');
    await waitFor(async () => {
      const ss = await agent!.call<{ neighbor: string; state: string }[]>('birdSessions');
      return ss.some((x) => x.neighbor === '172.31.0.1' && x.state === 'Established') ? true : undefined;
    }, 20_000, 'BGP Established');
    await waitFor(async () => ((await lab.ip(router, 'route', 'show', '10.200.0.2')).includes('via 172.31.0.2') ? true : undefined), 10_000, 'router route');
    expect(await lab.ip(router, 'route', 'show', '10.200.0.1')).toContain('via 172.31.0.2');
    expect(await lab.ip(router, 'route', 'show', '10.99.0.1')).toBe(''); // outside exportRanges
    await agent!.call('sync');
    const st = await agent!.call<NodeAnnouncementStatus>('status');
    expect(st.sessions).toEqual([{ neighbor: '172.31.0.1', state: 'Established', since: expect.any(String) }]);
    expect(await agent!.call<string>('metrics')).toMatch(/gitlb_agent_bgp_sessions_up 1/);
  });

  it('reconfigures only when the text changes, without dropping the session', async () => {
    const s = spec(['10.200.0.0/16']);
    expect(await agent!.call('birdApply', birdModelFromSpec(s, ['172.31.0.2'], new Map(), fast), paths())).toBe('unchanged');
    const before = (await agent!.call<{ since: string }[]>('birdSessions'))[0]?.since;
    const wider = spec(['10.200.0.0/16', '10.99.0.0/16']);
    expect(await agent!.call('birdApply', birdModelFromSpec(wider, ['172.31.0.2'], new Map(), fast), paths())).toBe('reconfigured');
    await waitFor(async () => ((await lab.ip(router, 'route', 'show', '10.99.0.1')).includes('via 172.31.0.2') ? true : undefined), 10_000, 'newly exported route');
    const after = await agent!.call<{ state: string; since: string }[]>('birdSessions');
    expect(after[0]?.state).toBe('Established');
    expect(after[0]?.since).toBe(before);
  });

  it('withdraws the routes when the agent withdraws its remote addresses', async () => {
    expect(await agent!.call<number>('withdrawRemote')).toBe(3);
    await waitFor(async () => ((await lab.ip(router, 'route', 'show', '10.200.0.1')) === '' ? true : undefined), 10_000, 'route withdrawn');
  });

  it('while BIRD\'s control socket cannot be reached, the sessions are Unknown and BirdReachable is False; back when BIRD is', async () => {
    // The agent's BGP driver, here in the test process: BIRD's control socket is a file, reachable from any namespace.
    const { configPath, socketPath } = paths();
    const changes: SessionStatus[][] = [];
    bgp = startKubeBgp({ bird: createBirdAdapter({ configPath, socketPath }), core: {} as k8s.CoreV1Api, namespace: 'gitlb-system', pollMs: 100, onSessions: (ss) => changes.push(ss) });
    await bgp.update(spec(['10.200.0.0/16']), ['172.31.0.2']);
    const established = () => (bgp!.sessions().some((x) => x.neighbor === '172.31.0.1' && x.state === 'Established') ? true : undefined);
    await waitFor(async () => established(), 20_000, 'BGP Established, read by the driver');
    const facts = { links: [], addresses: [], dummyInterface: 'kube-lb0', localInterface: undefined, defaultInterface: undefined, driftRepairs: 0, outcome: 'ok' as const };
    const up = buildNodeStatus({ ...facts, sessions: bgp.sessions() }, new Date());
    expect(up.conditions?.find((c) => c.type === 'BirdReachable')).toMatchObject({ status: 'True' });

    await sh('birdc', ['-s', socketPath, 'down']); // BIRD shuts down: the routes go, the socket stops answering
    await waitFor(async () => (bgp!.sessions()[0]?.state === 'Unknown' ? true : undefined), 5_000, 'sessions Unknown');
    const [session] = bgp.sessions();
    expect(session).toEqual({ neighbor: '172.31.0.1', state: 'Unknown', reason: expect.stringMatching(/^BIRD's control socket cannot be reached: Unable to connect to server control socket/) });
    expect(changes.at(-1)).toEqual(bgp.sessions()); // the agent is told, so it writes the status
    const down = buildNodeStatus({ ...facts, sessions: bgp.sessions() }, new Date(), up);
    expect(down.sessions).toEqual([session]);
    expect(JSON.stringify(down)).not.toContain('Established');
    expect(down.conditions?.find((c) => c.type === 'BirdReachable')).toMatchObject({ status: 'False', reason: 'BirdUnreachable', message: session?.reason });
    expect(down.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True' });

    // A BIRD started again on the same config and socket (as a sidecar restart does): real states again.
    await lab.exec(node, 'bird', ['-c', configPath, '-s', socketPath, '-P', path.join(dir, 'node.pid')]);
    await waitFor(async () => established(), 20_000, 'BGP Established again');
    expect(bgp.sessions().every((x) => x.reason === undefined)).toBe(true);
  });
});
