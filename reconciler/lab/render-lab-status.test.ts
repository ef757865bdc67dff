// The text of `gitlb lab status`: healthy, a part exited, and no lab at all.
import { describe, expect, it } from 'vitest';
import type { LabStatus } from './lab-status.js';
import { renderLabStatus } from './render-lab-status.js';

const status = (running: boolean): LabStatus => ({
  name: 'lab', up: true, healthy: running, dir: '/tmp/gitlb-lab-lab',
  namespaces: { control: 'gitlb-lab-control', router: 'gitlb-lab-router', client: 'gitlb-lab-client', switch: 'gitlb-lab-switch', nodes: ['gitlb-lab-node-1'] },
  nodes: [{ name: 'node-1', namespace: 'gitlb-lab-node-1', address: '172.30.0.11' }],
  kubeconfig: '/tmp/gitlb-lab-lab/kubeconfig', repo: '/tmp/gitlb-lab-lab/repo.git', apiUrl: 'http://172.30.0.2:6443',
  processes: [
    { name: 'emulator', namespace: 'gitlb-lab-control', pid: 10, running: true, log: '/tmp/gitlb-lab-lab/emulator.log' },
    { name: 'reconciler', namespace: 'gitlb-lab-control', pid: 11, running, log: '/tmp/gitlb-lab-lab/reconciler.log' },
  ],
  bgp: [{ name: 'node_1', state: 'up', info: 'Established' }],
  routes: [{ dst: '172.30.100.0', nextHops: ['172.30.0.11'] }],
  cluster: { api: 'ok', agents: [{ node: 'node-1', alive: true }], reconciler: { ready: true, message: 'ok', revisionSeen: 'abcdef1234567890', revisionApplied: 'abcdef1234567890', errors: [] }, services: [{ namespace: 'default', name: 'web', addresses: ['172.30.100.0'] }] },
  leftovers: [],
});

describe('renderLabStatus', () => {
  it('a healthy lab: parts, sessions, routes with their next hops, agents, revision, Services', () => {
    const text = renderLabStatus(status(true));
    expect(text.split('\n')[0]).toBe('lab "lab": up');
    expect(text).toContain('ip netns exec gitlb-lab-control kubectl --kubeconfig /tmp/gitlb-lab-lab/kubeconfig get svc -A');
    expect(text).toContain('172.30.100.0 via 172.30.0.11 (1 next hop)');
    expect(text).toContain('agents:     node-1 alive');
    expect(text).toContain('reconciler: Ready; applied abcdef123456, seen abcdef123456 (ok)');
    expect(text).toContain('service default/web: 172.30.100.0');
  });

  it('names the parts that exited', () => {
    const text = renderLabStatus(status(false));
    expect(text.split('\n')[0]).toBe('lab "lab": up, but reconciler exited (see the logs below)');
    expect(text).toMatch(/EXITED {2}reconciler +pid 11/);
  });

  it('no lab: says so, and what down would remove', () => {
    expect(renderLabStatus({ name: 'x', up: false, dir: '/tmp/d', leftovers: ['gitlb-x-switch'] }))
      .toBe('lab "x" is not up (no record in /tmp/d); leftover namespaces: gitlb-x-switch (gitlb lab down --name x removes them)\n');
  });
});
