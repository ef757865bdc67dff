import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { JsonObject } from './json.js';
import { Registry } from './registry.js';
import { builtinResources, type ResourceType } from './resources.js';
import { SchemaValidator } from './schema-validator.js';
import { Store } from './store.js';

const types = builtinResources();
const t = (plural: string): ResourceType => types.find((r) => r.plural === plural)!;
const widget: ResourceType = {
  ...t('nodes'),
  group: 'example.io',
  plural: 'widgets',
  kind: 'Widget',
  statusSubresource: true,
  statusOnCreate: 'drop',
  returnDeletedObject: true,
  schema: {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
      spec: { type: 'object', additionalProperties: false, required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
      status: { type: 'object', additionalProperties: false, properties: { ready: { type: 'boolean' } } },
    },
  },
};

function setup(): { registry: Registry; store: Store } {
  const store = new Store();
  const validator = new SchemaValidator([], new Map<string, JsonObject>([['Widget', widget.schema!]]));
  const registry = new Registry({ store, validator, resources: [...types, widget], now: () => new Date('2026-11-25T10:00:00.123Z') });
  for (const name of ['default', 'shop']) registry.create(t('namespaces'), undefined, { metadata: { name } });
  return { registry, store };
}

function codeOf(fn: () => unknown): [number, string] | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return [e.code, e.reason];
    throw e;
  }
  return undefined;
}

describe('Registry', () => {
  it('sets server metadata on create: uid, second-precision timestamp, generation, apiVersion/kind', () => {
    const { registry } = setup();
    const w = registry.create(widget, undefined, { metadata: { name: 'w', namespace: 'ignored' }, spec: { size: 1 }, status: { ready: true } });
    expect(w).toMatchObject({ apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w', generation: 1, creationTimestamp: '2026-11-25T10:00:00Z' } });
    expect(w.metadata.namespace).toBeUndefined();
    expect(w.status).toBeUndefined();
  });

  it('refuses what the real server refuses', () => {
    const { registry } = setup();
    expect(codeOf(() => registry.create(widget, undefined, { metadata: {}, spec: { size: 1 } }))).toEqual([422, 'Invalid']);
    expect(codeOf(() => registry.create(widget, undefined, { metadata: { name: 'Bad_Name' }, spec: { size: 1 } }))).toEqual([422, 'Invalid']);
    expect(codeOf(() => registry.create(widget, undefined, { metadata: { name: 'w' }, spec: { size: 0 } }))).toEqual([422, 'Invalid']);
    expect(codeOf(() => registry.create(widget, undefined, { metadata: { name: 'w', resourceVersion: '5' }, spec: { size: 1 } }))).toEqual([400, 'BadRequest']);
    expect(codeOf(() => registry.create(widget, undefined, { apiVersion: 'other/v1', metadata: { name: 'w' }, spec: { size: 1 } }))).toEqual([400, 'BadRequest']);
    expect(codeOf(() => registry.create(t('services'), 'nope', { metadata: { name: 's' } }))).toEqual([404, 'NotFound']);
    expect(codeOf(() => registry.create(t('services'), 'shop', { metadata: { name: 's', namespace: 'default' } }))).toEqual([400, 'BadRequest']);
  });

  it('handles unknown fields per fieldValidation: Strict refuses, Warn prunes and warns, Ignore prunes', () => {
    const { registry } = setup();
    const body = (name: string): JsonObject => ({ metadata: { name }, spec: { size: 1, extra: true } });
    expect(codeOf(() => registry.create(widget, undefined, body('a'), { fieldValidation: 'Strict' }))).toEqual([400, 'BadRequest']);
    const warnings: string[] = [];
    const b = registry.create(widget, undefined, body('b'), { fieldValidation: 'Warn', warnings });
    expect(b.spec).toEqual({ size: 1 });
    expect(warnings).toEqual(['unknown field "spec.extra"']);
    const silent: string[] = [];
    expect(registry.create(widget, undefined, body('c'), { fieldValidation: 'Ignore', warnings: silent }).spec).toEqual({ size: 1 });
    expect(silent).toEqual([]);
  });

  it('bumps generation on spec changes only; status only through /status; no-op writes keep the RV', () => {
    const { registry } = setup();
    const w = registry.create(widget, undefined, { metadata: { name: 'w' }, spec: { size: 1 } });
    const labelled = registry.patch(widget, undefined, 'w', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } }, status: { ready: true } }, 'main');
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toBeUndefined();
    const grown = registry.patch(widget, undefined, 'w', 'application/merge-patch+json', { spec: { size: 2 } }, 'main');
    expect(grown.metadata.generation).toBe(2);
    const ready = registry.update(widget, undefined, 'w', { ...grown, spec: { size: 9 }, metadata: { ...grown.metadata, labels: { x: 'y' } }, status: { ready: true } }, 'status');
    expect(ready).toMatchObject({ spec: { size: 2 }, status: { ready: true }, metadata: { generation: 2, labels: { a: 'b' } } });
    const again = registry.update(widget, undefined, 'w', ready, 'status');
    expect(again.metadata.resourceVersion).toBe(ready.metadata.resourceVersion);
    expect(w.metadata.uid).toBe(again.metadata.uid);
  });

  it('a resourceVersion inside a patch is a precondition', () => {
    const { registry } = setup();
    registry.create(widget, undefined, { metadata: { name: 'w' }, spec: { size: 1 } });
    expect(codeOf(() => registry.patch(widget, undefined, 'w', 'application/merge-patch+json', { metadata: { resourceVersion: '1' }, spec: { size: 3 } }, 'main'))).toEqual([409, 'Conflict']);
  });

  it('keeps a Service cluster IP and node ports across a PUT that leaves them out', () => {
    const { registry } = setup();
    const s = registry.create(t('services'), 'shop', { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    const put = registry.update(t('services'), 'shop', 's', { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }, 'main');
    expect((put.spec as JsonObject).clusterIP).toBe((s.spec as JsonObject).clusterIP);
    expect(((put.spec as JsonObject).ports as JsonObject[])[0]!.nodePort).toBe(30000);
    expect(put.metadata.resourceVersion).toBe(s.metadata.resourceVersion);
  });

  it('deleting a Namespace deletes what is in it', () => {
    const { registry, store } = setup();
    registry.create(t('services'), 'shop', { metadata: { name: 'a' } });
    registry.create(t('leases'), 'shop', { metadata: { name: 'l' } });
    registry.create(t('services'), 'default', { metadata: { name: 'b' } });
    const status = registry.delete(t('namespaces'), undefined, 'shop', undefined);
    expect(status).toMatchObject({ code: 200, body: { kind: 'Status', status: 'Success' } });
    expect(store.list(t('services')).map((o) => o.metadata.name)).toEqual(['b']);
    expect(store.list(t('leases'))).toEqual([]);
  });

  it('keeps an object with finalizers until the last one is removed (202, deletionTimestamp, no new finalizers)', () => {
    const { registry, store } = setup();
    const events: string[] = [];
    store.subscribe((e) => events.push(`${e.type} ${String(e.object.metadata.deletionTimestamp ?? '-')}`));
    registry.create(widget, undefined, { metadata: { name: 'w', finalizers: ['gitlb.io/cleanup'] }, spec: { size: 1 } });
    const marked = registry.delete(widget, undefined, 'w', undefined);
    expect(marked.code).toBe(202);
    expect(marked.body.metadata).toMatchObject({ deletionTimestamp: '2026-11-25T10:00:00Z', finalizers: ['gitlb.io/cleanup'] });
    expect(registry.delete(widget, undefined, 'w', undefined).code).toBe(202);
    expect(codeOf(() => registry.patch(widget, undefined, 'w', 'application/merge-patch+json', { metadata: { finalizers: ['gitlb.io/cleanup', 'other'] } }, 'main'))).toEqual([422, 'Invalid']);
    registry.patch(widget, undefined, 'w', 'application/json-patch+json', [{ op: 'remove', path: '/metadata/finalizers' }], 'main');
    expect(store.has(widget, '', 'w')).toBe(false);
    expect(events).toEqual(['ADDED -', 'MODIFIED 2026-11-25T10:00:00Z', 'MODIFIED 2026-11-25T10:00:00Z', 'DELETED 2026-11-25T10:00:00Z']);
  });

  it('refuses an unconditional update of a custom resource, allows it for built-in kinds', () => {
    const { registry } = setup();
    registry.create(widget, undefined, { metadata: { name: 'w' }, spec: { size: 1 } });
    expect(codeOf(() => registry.update(widget, undefined, 'w', { metadata: { name: 'w' }, spec: { size: 2 } }, 'main'))).toEqual([422, 'Invalid']);
    registry.create(t('leases'), 'shop', { metadata: { name: 'l' }, spec: { holderIdentity: 'a' } });
    expect(registry.update(t('leases'), 'shop', 'l', { metadata: { name: 'l' }, spec: { holderIdentity: 'b' } }, 'main').spec).toEqual({ holderIdentity: 'b' });
  });
});
