// ResilientInformer against the emulated API server: first list, events, and recovery by itself
// from everything client-node's own informer gives up on (abrupt restart, failed list, failed
// watch, a watch that hangs) as well as from what it handles (dropped watch, 410).
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResilientInformer, type InformerVerb } from '../../reconciler/kube/resilient-informer.js';
import { startHarness, waitFor, type Harness } from '../emulator/harness.js';

let h: Harness;
let kc: k8s.KubeConfig;
let coord: k8s.CoordinationV1Api;
let informer: ResilientInformer<k8s.V1Lease> | undefined;
let seen: string[];
let restarts: string[];

beforeEach(async () => {
  h = await startHarness();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(h.kubeconfig);
  coord = kc.makeApiClient(k8s.CoordinationV1Api);
  seen = [];
  restarts = [];
});

afterEach(async () => {
  await informer?.stop();
  informer = undefined;
  await h.stop();
});

// Leases stand in for any namespaced kind; holderIdentity is the payload the events carry.
const cm = (name: string, holder = '', labels: Record<string, string> = { app: 'gitlb' }): k8s.V1Lease =>
  ({ metadata: { name, namespace: 'default', labels }, spec: holder ? { holderIdentity: holder } : {} });

const lists = (): number => h.requests.filter((r) => r.method === 'GET' && !r.watch && r.path.startsWith('/apis/coordination.k8s.io/v1/namespaces/default/leases?')).length;
const watches = (): number => h.requests.filter((r) => r.watch).length;

async function startInformer(opts: { watchdogMs?: number; awaitWatch?: boolean } = {}): Promise<ResilientInformer<k8s.V1Lease>> {
  const inf = new ResilientInformer<k8s.V1Lease>({
    kubeConfig: kc,
    path: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
    labelSelector: 'app=gitlb',
    list: () => coord.listNamespacedLease({ namespace: 'default', labelSelector: 'app=gitlb' }),
    backoff: { initialMs: 50, maxMs: 400 },
    watchdogMs: opts.watchdogMs ?? 60_000,
  });
  informer = inf;
  inf.on('change', (verb: InformerVerb, o: k8s.V1Lease) => seen.push(`${verb} ${o.metadata?.name} ${o.spec?.holderIdentity ?? '-'}`));
  inf.on('restart', (reason: string) => restarts.push(reason));
  await inf.start();
  if (opts.awaitWatch !== false) await waitFor('the watch', () => h.emulator.openWatches() === 1);
  return inf;
}

const names = (inf: ResilientInformer<k8s.V1Lease>): string[] => inf.list().map((o) => o.metadata?.name ?? '').sort();

describe('ResilientInformer', () => {
  it('lists, then reports add, update and delete of matching objects only', async () => {
    await coord.createNamespacedLease({ namespace: 'default', body: cm('before') });
    await coord.createNamespacedLease({ namespace: 'default', body: cm('other', '', { app: 'x' }) });
    const inf = await startInformer();
    expect(inf.synced).toBe(true);
    expect(names(inf)).toEqual(['before']);
    await coord.createNamespacedLease({ namespace: 'default', body: cm('web', 'a') });
    await coord.replaceNamespacedLease({ name: 'web', namespace: 'default', body: cm('web', 'b') });
    await coord.deleteNamespacedLease({ name: 'before', namespace: 'default' });
    await coord.createNamespacedLease({ namespace: 'default', body: cm('ignored', '', { app: 'x' }) });
    await waitFor('three changes', () => seen.length >= 3);
    expect(seen).toEqual(['add web a', 'update web b', 'delete before -']);
    expect(names(inf)).toEqual(['web']);
    expect(restarts).toEqual([]);
  });

  it('resumes a dropped watch from its resourceVersion without a re-list', async () => {
    await startInformer();
    h.emulator.dropWatches();
    await coord.createNamespacedLease({ namespace: 'default', body: cm('during') });
    await waitFor('the change written during the gap', () => seen.includes('add during -'));
    expect(lists()).toBe(1);
  });

  it('re-lists after a restart that lost the history (410) and reports what it missed', async () => {
    await coord.createNamespacedLease({ namespace: 'default', body: cm('old') });
    const inf = await startInformer();
    h.emulator.restart({ historyLost: true });
    await coord.deleteNamespacedLease({ name: 'old', namespace: 'default' });
    await coord.createNamespacedLease({ namespace: 'default', body: cm('new') });
    await waitFor('both changes', () => seen.includes('delete old -') && seen.includes('add new -'));
    expect(names(inf)).toEqual(['new']);
    expect(lists()).toBe(2);
  });

  it('restarts by itself after an abrupt API server restart (connections reset)', async () => {
    const inf = await startInformer();
    const before = watches();
    h.emulator.restart({ historyLost: true, abrupt: true });
    await waitFor('a new watch', () => watches() > before && h.emulator.openWatches() === 1);
    await coord.createNamespacedLease({ namespace: 'default', body: cm('later') });
    await waitFor('the change after the restart', () => seen.includes('add later -'));
    expect(names(inf)).toEqual(['later']);
  });

  it('keeps retrying a failing first list with backoff, then starts', async () => {
    await coord.createNamespacedLease({ namespace: 'default', body: cm('x') });
    h.emulator.failNext(2, 503, (r) => !r.watch);
    const inf = await startInformer();
    expect(restarts).toEqual(['HTTP 503', 'HTTP 503']);
    expect(names(inf)).toEqual(['x']);
  });

  it('restarts after a watch request fails (500), which stops client-node informers for good', async () => {
    h.emulator.failNext(2, 500, (r) => r.watch);
    await startInformer({ awaitWatch: false });
    await waitFor('the watch after two failures', () => h.emulator.openWatches() === 1);
    expect(restarts).toEqual(['Internal Server Error', 'Internal Server Error']);
    await coord.createNamespacedLease({ namespace: 'default', body: cm('y') });
    await waitFor('the change', () => seen.includes('add y -'));
  });

  it('abandons a watch that stays silent longer than the watchdog period', async () => {
    // The server takes 5 s to answer the first watch: without the watchdog nothing would be seen until then.
    h.emulator.delayNext(1, 5000, (r) => r.watch);
    const started = Date.now();
    await startInformer({ watchdogMs: 300, awaitWatch: false });
    await coord.createNamespacedLease({ namespace: 'default', body: cm('z') });
    await waitFor('the change through a fresh watch', () => seen.includes('add z -'), 4000);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(restarts).toContain('watch silent too long');
  });

  it('stops for good: no request after stop()', async () => {
    const inf = await startInformer();
    await inf.stop();
    const count = h.requests.length;
    h.emulator.dropWatches();
    await coord.createNamespacedLease({ namespace: 'default', body: cm('after-stop') });
    // stop() awaited the loop, so nothing can start a request any more; the aborted watch is
    // logged when it ends, so only non-watch requests are counted
    expect(h.requests.slice(count).filter((r) => !r.watch).map((r) => r.method)).toEqual(['POST']);
    expect(h.emulator.openWatches()).toBe(0);
    expect(seen).toEqual([]);
  });
});
