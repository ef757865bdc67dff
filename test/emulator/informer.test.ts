// client-node 1.4 informers and raw watches against the emulator: events, recovery from
// dropped watches (resume from the last resourceVersion, no re-list), from a restart that
// lost the watch history (410 Expired, then a re-list that reports what was missed), bookmarks,
// timeouts, and injected faults.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let informer: k8s.Informer<k8s.V1Service> & k8s.ObjectCache<k8s.V1Service>;
const seen: string[] = [];
const errors: unknown[] = [];

beforeEach(async () => {
  h = await startHarness();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(h.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  seen.length = 0;
  errors.length = 0;
});

afterEach(async () => {
  await informer?.stop();
  await h.stop();
});

const svc = (name: string, namespace = 'default'): k8s.V1Service => ({ metadata: { name, namespace }, spec: { ports: [{ port: 80 }] } });

/** Service list requests served so far (the informer's list function, not its watches). */
function lists(): number {
  return h.requests.filter((r) => r.method === 'GET' && !r.watch && r.path.startsWith('/api/v1/services')).length;
}

async function startInformer(opts: { awaitWatch: boolean } = { awaitWatch: true }): Promise<void> {
  informer = k8s.makeInformer<k8s.V1Service>(kc, '/api/v1/services', () => core.listServiceForAllNamespaces());
  informer.on('add', (s) => seen.push(`add ${s.metadata?.name}`));
  informer.on('update', (s) => seen.push(`update ${s.metadata?.name} ${Object.keys(s.metadata?.labels ?? {}).join(',')}`));
  informer.on('delete', (s) => seen.push(`delete ${s.metadata?.name}`));
  informer.on('error', (e) => errors.push(e));
  await informer.start();
  if (opts.awaitWatch) await waitFor('the informer watch', () => h.emulator.openWatches() === 1);
}

describe('informers', () => {
  it('receive add, update and delete', async () => {
    await core.createNamespacedService({ namespace: 'default', body: svc('before') });
    await startInformer();
    expect(seen).toEqual(['add before']);
    await core.createNamespacedService({ namespace: 'default', body: svc('web') });
    await core.patchNamespacedService({ name: 'web', namespace: 'default', body: [{ op: 'add', path: '/metadata/labels', value: { a: '1' } }] });
    await core.deleteNamespacedService({ name: 'before', namespace: 'default' });
    await waitFor('three events', () => seen.length === 4);
    expect(seen).toEqual(['add before', 'add web', 'update web a', 'delete before']);
    expect(informer.list().map((s) => s.metadata?.name)).toEqual(['web']);
  });

  it('resume after dropped watches from their resourceVersion, without a re-list, missing nothing', async () => {
    await startInformer();
    expect(lists()).toBe(1);
    expect(h.emulator.dropWatches()).toBe(1);
    // Written while the informer has no watch: it must get them from the history on resume.
    h.emulator.seed([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'during', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }]);
    await waitFor('the event written during the gap', () => seen.includes('add during'));
    await waitFor('the re-watch', () => h.emulator.openWatches() === 1);
    await core.createNamespacedService({ namespace: 'default', body: svc('after') });
    await waitFor('the event after the gap', () => seen.includes('add after'));
    expect(lists()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('re-list after a restart that lost the watch history (410), reporting what changed meanwhile', async () => {
    await core.createNamespacedService({ namespace: 'default', body: svc('old') });
    await startInformer();
    const watchesBefore = h.requests.filter((r) => r.watch).length;
    h.emulator.restart({ historyLost: true });
    // Changes the informer cannot replay: the history that held them is gone.
    await core.deleteNamespacedService({ name: 'old', namespace: 'default' });
    await core.createNamespacedService({ namespace: 'default', body: svc('new') });
    await waitFor('the re-list', () => lists() === 2);
    await waitFor('both changes', () => seen.includes('delete old') && seen.includes('add new'));
    expect(informer.list().map((s) => s.metadata?.name)).toEqual(['new']);
    // The resumed watch got 410 Expired (one short watch request), then a list and a new watch.
    expect(h.requests.filter((r) => r.watch).length).toBeGreaterThanOrEqual(watchesBefore + 2);
    expect(errors).toEqual([]);
  });

  it('stop for good on an abrupt restart (connection reset): the caller must restart them', async () => {
    await startInformer();
    h.emulator.restart({ historyLost: false, abrupt: true });
    await waitFor('the informer error', () => errors.length > 0);
    // As LIBRARIES.md warns: client-node 1.4 does not retry by itself. Restarting recovers.
    await core.createNamespacedService({ namespace: 'default', body: svc('later') });
    await informer.start();
    await waitFor('the restarted informer', () => seen.includes('add later'));
  });
});

describe('raw watches', () => {
  it('get 410 Expired as an ERROR event with a Status when the resourceVersion is too old', async () => {
    const { metadata } = await core.listNamespace();
    const oldRV = metadata!.resourceVersion!;
    h.emulator.restart({ historyLost: true });
    const events: Array<[string, unknown]> = [];
    let done = false;
    await new k8s.Watch(kc).watch('/api/v1/namespaces', { resourceVersion: oldRV }, (type, obj) => events.push([type, obj]), () => (done = true));
    await waitFor('the watch to end', () => done);
    expect(events).toEqual([['ERROR', {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410,
      message: `too old resource version: ${oldRV} (${h.emulator.resourceVersion()})`,
    }]]);
  });

  it('get bookmarks when they allow them, and end after timeoutSeconds', async () => {
    const { metadata } = await core.listNamespace();
    const events: string[] = [];
    let done = false;
    const started = Date.now();
    await new k8s.Watch(kc).watch('/api/v1/namespaces', { resourceVersion: metadata!.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 1 },
      (type, obj: k8s.KubernetesObject) => events.push(`${type} ${obj.metadata?.resourceVersion}`), () => (done = true));
    await waitFor('the watch', () => h.emulator.openWatches() === 1);
    await core.createNamespace({ body: { metadata: { name: 'x' } } });
    h.emulator.sendBookmarks();
    await waitFor('the timeout', () => done);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const rv = h.emulator.resourceVersion();
    expect(events).toEqual([`ADDED ${rv}`, `BOOKMARK ${rv}`]);
  });

  it('with resourceVersion 0 start with the current state as ADDED events', async () => {
    const events: string[] = [];
    const ctl = await new k8s.Watch(kc).watch('/api/v1/namespaces', { resourceVersion: '0' }, (type, obj: k8s.KubernetesObject) => events.push(`${type} ${obj.metadata?.name}`), () => {});
    await waitFor('four namespaces', () => events.length === 4);
    ctl.abort();
    expect(events).toEqual(['ADDED default', 'ADDED kube-node-lease', 'ADDED kube-public', 'ADDED kube-system']);
  });

  it('follow label selector transitions: ADDED when an object starts matching, DELETED when it stops', async () => {
    const { metadata } = await core.listNamespacedService({ namespace: 'default' });
    const events: string[] = [];
    const ctl = await new k8s.Watch(kc).watch('/api/v1/namespaces/default/services', { resourceVersion: metadata!.resourceVersion, labelSelector: 'gitlb=yes' },
      (type, obj: k8s.KubernetesObject) => events.push(`${type} ${obj.metadata?.name}`), () => {});
    await waitFor('the watch', () => h.emulator.openWatches() === 1);
    await core.createNamespacedService({ namespace: 'default', body: svc('s') });
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    await core.patchNamespacedService({ name: 's', namespace: 'default', body: { metadata: { labels: { gitlb: 'yes' } } } }, merge);
    await core.patchNamespacedService({ name: 's', namespace: 'default', body: { metadata: { annotations: { a: 'b' } } } }, merge);
    await core.patchNamespacedService({ name: 's', namespace: 'default', body: { metadata: { labels: { gitlb: null } } } }, merge);
    await waitFor('three events', () => events.length === 3);
    ctl.abort();
    expect(events).toEqual(['ADDED s', 'MODIFIED s', 'DELETED s']);
  });
});

describe('fault injection', () => {
  it('fails the next N requests with the given code, then serves normally', async () => {
    h.emulator.failNext(2, 503);
    for (let i = 0; i < 2; i++) {
      const err = await core.listNamespace().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(k8s.ApiException);
      expect((err as k8s.ApiException<string>).code).toBe(503);
      expect(JSON.parse((err as k8s.ApiException<string>).body)).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
    }
    expect((await core.listNamespace()).items.length).toBe(4);
  });

  it('fails only the requests a predicate picks (here: watches), and delays others', async () => {
    h.emulator.failNext(1, 500, (r) => r.watch);
    await startInformer({ awaitWatch: false });
    // The informer's first watch got a 500: client-node reports it and stops.
    await waitFor('the informer error', () => errors.length === 1);
    expect(lists()).toBe(1);
    h.emulator.delayNext(1, 300);
    const started = Date.now();
    await core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
