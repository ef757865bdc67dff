// The emulator's HTTP surface as a client without a library sees it: health, version,
// discovery, OpenAPI documents, error Status objects, dry runs and warnings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.stop();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(h.emulator.url + path, { headers });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as unknown : text, headers: res.headers };
}

async function send(method: string, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(h.emulator.url + path, { method, body, headers: { 'Content-Type': contentType } });
  return { status: res.status, body: await res.json() as Record<string, unknown>, headers: res.headers };
}

describe('HTTP surface', () => {
  it('answers health checks and /version', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ok' });
    expect((await get('/version')).body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0-gitlb-emulator' });
  });

  it('serves legacy discovery: /api, /apis, group and group/version resource lists', async () => {
    expect((await get('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get('/apis')).body as { groups: Array<{ name: string }> };
    expect(groups.groups.map((g) => g.name)).toEqual(['discovery.k8s.io', 'coordination.k8s.io', 'apiextensions.k8s.io', 'gitlb.io']);
    expect((await get('/apis/gitlb.io')).body).toMatchObject({ kind: 'APIGroup', preferredVersion: { groupVersion: 'gitlb.io/v1', version: 'v1' } });
    const core = (await get('/api/v1')).body as { resources: Array<{ name: string; verbs: string[]; shortNames?: string[] }> };
    expect(core.resources.find((r) => r.name === 'services')).toMatchObject({ shortNames: ['svc'], verbs: expect.arrayContaining(['watch', 'patch']) });
    expect(core.resources.find((r) => r.name === 'services/status')).toMatchObject({ verbs: ['get', 'patch', 'update'] });
    const gitlb = (await get('/apis/gitlb.io/v1')).body as { resources: Array<{ name: string; namespaced: boolean }> };
    expect(gitlb.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['nodeannouncements', 'nodeannouncements/status', 'reconcilerstatuses/status', 'servicegroups']));
    expect(gitlb.resources.every((r) => !r.namespaced)).toBe(true);
  });

  it('serves OpenAPI v3 per group/version (PATCH declares fieldValidation) and v2 only as JSON', async () => {
    const index = (await get('/openapi/v3')).body as { paths: Record<string, { serverRelativeURL: string }> };
    const url = index.paths['apis/gitlb.io/v1']!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/gitlb\.io\/v1\?hash=[0-9A-F]{128}$/);
    const doc = (await get(url)).body as { paths: Record<string, Record<string, { parameters: Array<{ name: string }>; 'x-kubernetes-group-version-kind': unknown }>>; components: { schemas: Record<string, Record<string, unknown>> } };
    const patch = doc.paths['/apis/gitlb.io/v1/nodeannouncements/{name}']!.patch!;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'gitlb.io', version: 'v1', kind: 'NodeAnnouncement' });
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(doc.components.schemas['io.gitlb.v1.NodeAnnouncement']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'gitlb.io', version: 'v1', kind: 'NodeAnnouncement' }]);
    expect((await get('/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' })).status).toBe(406);
    expect((await get('/openapi/v2', { Accept: 'application/json' })).body).toMatchObject({ swagger: '2.0' });
  });

  it('answers errors as Status objects: unknown path 404, wrong method 405, bad selector 400', async () => {
    expect(await get('/apis/gitlb.io/v1/nosuchthings')).toMatchObject({ status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404 } });
    const r = await send('POST', '/api/v1/nodes/some-node', '{}');
    expect(r).toMatchObject({ status: 405, body: { kind: 'Status', reason: 'MethodNotAllowed' } });
    expect(await get('/api/v1/nodes?labelSelector=a%20b')).toMatchObject({ status: 400, body: { reason: 'BadRequest' } });
    expect(await get('/api/v1/nodes?continue=abc')).toMatchObject({ status: 410, body: { reason: 'Expired' } });
  });

  it('dryRun=All validates and answers without storing', async () => {
    const r = await send('POST', '/api/v1/namespaces?dryRun=All', '{"metadata":{"name":"dry"}}');
    expect(r.status).toBe(201);
    expect((r.body.metadata as Record<string, unknown>).resourceVersion).toBeUndefined();
    expect((await get('/api/v1/namespaces/dry')).status).toBe(404);
  });

  it('takes YAML bodies, prunes unknown fields of gitlb kinds with a Warning by default', async () => {
    const yaml = `apiVersion: gitlb.io/v1
kind: SharedAnnouncement
metadata: {name: shared-10-200-0-0-25}
spec: {revision: r1, block: 10.200.0.0/25, addresses: [], extra: 1}
`;
    const r = await send('POST', '/apis/gitlb.io/v1/sharedannouncements', yaml, 'application/yaml');
    expect(r.status).toBe(201);
    expect(r.body.spec).toEqual({ revision: 'r1', block: '10.200.0.0/25', addresses: [] });
    expect(r.headers.get('warning')).toBe('299 - "unknown field \\"spec.extra\\""');
  });
});
