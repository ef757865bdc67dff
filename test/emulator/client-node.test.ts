// The real @kubernetes/client-node 1.4.0 against the emulator: typed core APIs, custom
// objects with their status subresource, optimistic concurrency, patch formats, Leases
// with MicroTime, and errors as Status objects.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let core: k8s.CoreV1Api;
let custom: k8s.CustomObjectsApi;
let coordination: k8s.CoordinationV1Api;
const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const gitlb = { group: 'gitlb.io', version: 'v1' };

beforeAll(async () => {
  h = await startHarness();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(h.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  custom = kc.makeApiClient(k8s.CustomObjectsApi);
  coordination = kc.makeApiClient(k8s.CoordinationV1Api);
});

afterAll(async () => {
  await h.stop();
});

/** The code and parsed Status of a failed call. */
async function failure(p: Promise<unknown>): Promise<{ code: number; status: { reason?: string; message?: string; kind?: string } }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof k8s.ApiException) {
      return { code: err.code, status: JSON.parse(err.body as string) as { reason?: string; message?: string } };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

const service = (name: string, labels: Record<string, string> = {}): k8s.V1Service => ({
  metadata: { name, labels },
  spec: { type: 'LoadBalancer', ports: [{ port: 443 }], selector: { app: name } },
});

describe('CoreV1Api', () => {
  it('creates a Service with server-set metadata and defaults', async () => {
    const created = await core.createNamespacedService({ namespace: 'default', body: service('api', { app: 'api' }) });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.clusterIP).toBe('10.96.0.10');
    expect(created.spec?.ports?.[0]).toMatchObject({ port: 443, protocol: 'TCP', targetPort: 443, nodePort: 30000 });
    expect(created.spec?.externalTrafficPolicy).toBe('Cluster');
  });

  it('generateName gives a unique name; AlreadyExists is a 409 Status', async () => {
    const a = await core.createNamespacedService({ namespace: 'default', body: { metadata: { generateName: 'gen-' }, spec: { ports: [{ port: 80 }] } } });
    expect(a.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
    const dup = await failure(core.createNamespacedService({ namespace: 'default', body: service('api') }));
    expect(dup.code).toBe(409);
    expect(dup.status).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'services "api" already exists' });
  });

  it('creating in a missing namespace is a 404', async () => {
    const r = await failure(core.createNamespacedService({ namespace: 'nope', body: service('x') }));
    expect(r.code).toBe(404);
    expect(r.status.message).toBe('namespaces "nope" not found');
  });

  it('lists in one namespace and across namespaces, with label and field selectors and the list resourceVersion', async () => {
    await core.createNamespace({ body: { metadata: { name: 'prod' } } });
    await core.createNamespacedService({ namespace: 'prod', body: service('db', { app: 'db', tier: 'back' }) });
    const all = await core.listServiceForAllNamespaces({});
    expect(all.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(expect.arrayContaining(['default/api', 'prod/db']));
    expect(all.metadata?.resourceVersion).toBe(h.emulator.resourceVersion());
    const prod = await core.listNamespacedService({ namespace: 'prod' });
    expect(prod.items.map((s) => s.metadata?.name)).toEqual(['db']);
    const sel = await core.listServiceForAllNamespaces({ labelSelector: 'tier notin (front),app' });
    expect(sel.items.map((s) => s.metadata?.name)).toEqual(['api', 'db']);
    const byName = await core.listServiceForAllNamespaces({ fieldSelector: 'metadata.namespace=prod,metadata.name=db' });
    expect(byName.items.map((s) => s.metadata?.name)).toEqual(['db']);
    const notExists = await core.listServiceForAllNamespaces({ labelSelector: '!tier' });
    expect(notExists.items.map((s) => s.metadata?.name)).not.toContain('db');
    const paged = await core.listServiceForAllNamespaces({ limit: 1 });
    // One page with everything and no continue token is a correct answer to `limit`.
    expect(paged.metadata?._continue).toBeUndefined();
    expect(paged.items.length).toBe(all.items.length);
  });

  it('replace succeeds with the current resourceVersion and answers 409 Conflict with a stale one', async () => {
    const svc = await core.readNamespacedService({ name: 'api', namespace: 'default' });
    svc.metadata!.labels = { ...svc.metadata!.labels, replaced: 'yes' };
    const updated = await core.replaceNamespacedService({ name: 'api', namespace: 'default', body: svc });
    expect(updated.metadata?.labels?.replaced).toBe('yes');
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(svc.metadata?.resourceVersion));
    // Labels are metadata: generation stays.
    expect(updated.metadata?.generation).toBe(1);
    const stale = await failure(core.replaceNamespacedService({ name: 'api', namespace: 'default', body: svc }));
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe('Conflict');
    expect(stale.status.message).toContain('the object has been modified; please apply your changes to the latest version and try again');
  });

  it('merge patch through setHeaderOptions; a spec change bumps generation; the JSON patch default works too', async () => {
    const patched = await core.patchNamespacedService(
      { name: 'api', namespace: 'default', body: { metadata: { annotations: { 'gitlb.io/allocated-by': 'gitlb' } }, spec: { externalTrafficPolicy: 'Local' } } },
      merge,
    );
    expect(patched.metadata?.annotations?.['gitlb.io/allocated-by']).toBe('gitlb');
    expect(patched.spec?.externalTrafficPolicy).toBe('Local');
    expect(patched.metadata?.generation).toBe(2);
    const jp = await core.patchNamespacedService({ name: 'api', namespace: 'default', body: [{ op: 'add', path: '/metadata/labels/jp', value: '1' }] });
    expect(jp.metadata?.labels?.jp).toBe('1');
    const failedTest = await failure(core.patchNamespacedService({ name: 'api', namespace: 'default', body: [{ op: 'test', path: '/spec/type', value: 'NodePort' }] }));
    expect(failedTest.code).toBe(422);
  });

  it('status only through /status: replace and patch of the main resource ignore it', async () => {
    const ingress = { loadBalancer: { ingress: [{ ip: '192.168.10.240' }] } };
    const main = await core.patchNamespacedService({ name: 'api', namespace: 'default', body: { status: ingress } }, merge);
    expect(main.status?.loadBalancer?.ingress).toBeUndefined();
    const st = await core.patchNamespacedServiceStatus({ name: 'api', namespace: 'default', body: { status: ingress, spec: { type: 'ClusterIP' } } }, merge);
    expect(st.status?.loadBalancer?.ingress?.[0]?.ip).toBe('192.168.10.240');
    expect(st.spec?.type).toBe('LoadBalancer');
    // A status write is not a spec change.
    expect(st.metadata?.generation).toBe(2);
    const read = await core.readNamespacedServiceStatus({ name: 'api', namespace: 'default' });
    expect(read.status?.loadBalancer?.ingress?.[0]?.ip).toBe('192.168.10.240');
  });

  it('delete answers with the Service for Services and a Status for Nodes, then the object is gone', async () => {
    const gone = await core.deleteNamespacedService({ name: 'db', namespace: 'prod' });
    expect(gone).toMatchObject({ kind: 'Service', metadata: { name: 'db', namespace: 'prod' } });
    await core.createNode({ body: { metadata: { name: 'doomed' } } });
    const status = await core.deleteNode({ name: 'doomed' });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'doomed', kind: 'nodes' } });
    expect((await failure(core.readNamespacedService({ name: 'db', namespace: 'prod' }))).code).toBe(404);
  });

  it('Nodes keep the status given on create (kubelet registration) and take status patches', async () => {
    await core.createNode({ body: { metadata: { name: 'n1', labels: { zone: 'a' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } } });
    const n = await core.patchNodeStatus({ name: 'n1', body: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } } }, merge);
    expect(n.status?.conditions?.[0]?.type).toBe('Ready');
    expect(n.status?.addresses?.[0]?.address).toBe('10.0.0.1');
  });
});

describe('CustomObjectsApi for gitlb kinds', () => {
  const plural = 'nodeannouncements';
  const announcement = {
    apiVersion: 'gitlb.io/v1',
    kind: 'NodeAnnouncement',
    metadata: { name: 'n1', labels: { 'gitlb.io/node': 'n1' } },
    spec: {
      revision: 'r1',
      holdsShared: false,
      localInterface: 'default',
      dummyInterface: 'kube-lb0',
      garp: { enabled: false, count: 0, intervalMs: 0 },
      managedRanges: [],
      addresses: [],
    },
    status: { observedGeneration: 99 },
  };

  it('creates (status dropped on create), gets and lists cluster-scoped objects', async () => {
    const created = (await custom.createClusterCustomObject({ ...gitlb, plural, body: announcement })) as typeof announcement & { metadata: { generation: number } };
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toBeUndefined();
    const got = (await custom.getClusterCustomObject({ ...gitlb, plural, name: 'n1' })) as typeof announcement;
    expect(got.spec.revision).toBe('r1');
    const list = (await custom.listClusterCustomObject({ ...gitlb, plural, labelSelector: 'gitlb.io/node=n1' })) as { kind: string; items: Array<typeof announcement> };
    expect(list.kind).toBe('NodeAnnouncementList');
    expect(list.items.map((i) => [i.kind, i.metadata.name])).toEqual([['NodeAnnouncement', 'n1']]);
  });

  it('validates against the schema: 422 Invalid with the field path', async () => {
    const bad = { ...announcement, metadata: { name: 'bad' }, spec: { ...announcement.spec, garp: { enabled: true } } };
    const r = await failure(custom.createClusterCustomObject({ ...gitlb, plural, body: bad }));
    expect(r.code).toBe(422);
    expect(r.status.reason).toBe('Invalid');
    expect(r.status.message).toContain('spec.garp.count: Required value');
  });

  it('status through patch…Status and replace…Status; spec is ignored there; generation follows spec only', async () => {
    const st = (await custom.patchClusterCustomObjectStatus(
      { ...gitlb, plural, name: 'n1', body: { spec: { revision: 'ignored' }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] } } },
      merge,
    )) as typeof announcement & { metadata: { generation: number; resourceVersion: string } };
    expect(st.status).toEqual({ observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] });
    expect(st.spec.revision).toBe('r1');
    expect(st.metadata.generation).toBe(1);

    const specChange = (await custom.patchClusterCustomObject({ ...gitlb, plural, name: 'n1', body: { spec: { revision: 'r2' }, status: { observedGeneration: 7 } } }, merge)) as typeof st;
    expect(specChange.metadata.generation).toBe(2);
    expect(specChange.status.observedGeneration).toBe(1);

    const replaced = (await custom.replaceClusterCustomObjectStatus({
      ...gitlb, plural, name: 'n1', body: { ...specChange, status: { observedGeneration: 2 } },
    })) as typeof st;
    expect(replaced.status).toEqual({ observedGeneration: 2 });
    const stale = await failure(custom.replaceClusterCustomObjectStatus({ ...gitlb, plural, name: 'n1', body: { ...specChange, status: { observedGeneration: 3 } } }));
    expect(stale.code).toBe(409);
  });

  it('delete answers with the deleted object, like the real server for custom resources', async () => {
    const gone = (await custom.deleteClusterCustomObject({ ...gitlb, plural, name: 'n1' })) as typeof announcement;
    expect(gone.metadata.name).toBe('n1');
    const missing = await failure(custom.getClusterCustomObject({ ...gitlb, plural, name: 'n1' }));
    expect(missing.code).toBe(404);
    expect(missing.status.message).toBe('nodeannouncements.gitlb.io "n1" not found');
  });
});

describe('Leases', () => {
  it('store MicroTime with six fractional digits and guard updates with resourceVersion', async () => {
    const renew = new k8s.V1MicroTime('2026-11-25T10:00:00.123456Z');
    const lease = await coordination.createNamespacedLease({
      namespace: 'kube-node-lease',
      body: { metadata: { name: 'gitlb-agent-n1' }, spec: { holderIdentity: 'n1', leaseDurationSeconds: 6, renewTime: renew, acquireTime: renew } },
    });
    // client-node 1.4 hands MicroTime fields back as the string the server sent.
    expect(String(lease.spec?.renewTime)).toBe('2026-11-25T10:00:00.123000Z');
    const raw = h.emulator.objects('coordination.k8s.io/v1', 'Lease').find((l) => l.metadata.name === 'gitlb-agent-n1');
    expect((raw?.spec as { renewTime: string }).renewTime).toMatch(/^2026-11-25T10:00:00\.\d{6}Z$/);

    lease.spec!.renewTime = new k8s.V1MicroTime();
    const renewed = await coordination.replaceNamespacedLease({ name: 'gitlb-agent-n1', namespace: 'kube-node-lease', body: lease });
    expect(renewed.metadata?.resourceVersion).not.toBe(lease.metadata?.resourceVersion);
    const lost = await failure(coordination.replaceNamespacedLease({ name: 'gitlb-agent-n1', namespace: 'kube-node-lease', body: lease }));
    expect(lost.code).toBe(409);
  });
});
