// Connection reuse against the emulator: client-node 1.4 opens a connection per request unless
// told otherwise, which the agents' Lease renewals and status patches pay for several times a second.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveOptions, makeKeepAliveClient } from '../../reconciler/kube/keep-alive.js';
import { startHarness, type Harness } from '../emulator/harness.js';

let harness: Harness;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  harness = await startHarness();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(harness.kubeconfig);
});

afterAll(async () => {
  await harness.stop();
});

/** Connections the emulator accepted while `calls` ran, one call after the other. */
async function connectionsFor(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const before = harness.emulator.connectionsAccepted;
  for (let i = 0; i < calls; i++) await call(i);
  return harness.emulator.connectionsAccepted - before;
}

describe('connection reuse', () => {
  it('a plain client opens a connection per call (what the helpers are for)', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    expect(await connectionsFor(10, () => core.readNamespace({ name: 'default' }))).toBe(10);
  });

  it('makeKeepAliveClient reuses one connection, also for calls with their own header options', async () => {
    const core = makeKeepAliveClient(kc, k8s.CoreV1Api);
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    const n = await connectionsFor(10, (i) =>
      i % 2 === 0
        ? core.readNamespace({ name: 'default' })
        : core.patchNamespace({ name: 'default', body: { metadata: { labels: { round: String(i) } } } }, merge),
    );
    expect(n).toBe(1);
    expect((await core.readNamespace({ name: 'default' })).metadata?.labels?.round).toBe('9');
  });

  it('keepAliveOptions reuses one connection per options object', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const reuse = keepAliveOptions();
    expect(await connectionsFor(10, () => core.readNamespace({ name: 'default' }, reuse))).toBe(1);
  });

  it('gives every call a deadline: a server that accepts and never answers does not hold it', async () => {
    // A peer that vanished without a reset looks like this to the client.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const dead = new k8s.KubeConfig();
      dead.loadFromOptions({
        clusters: [{ name: 'c', server: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      const coordination = makeKeepAliveClient(dead, k8s.CoordinationV1Api, { timeoutMs: 300 });
      await expect(coordination.readNamespacedLease({ name: 'l', namespace: 'n' })).rejects.toThrow(/abort|timeout/i);
      const core = dead.makeApiClient(k8s.CoreV1Api);
      await expect(core.readNamespace({ name: 'default' }, keepAliveOptions(1, 300))).rejects.toThrow(/abort|timeout/i);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 10_000);
});
