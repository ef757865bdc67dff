// The verbs' semantics, between HTTP and the store (what a REST strategy is to the real
// server): server-set metadata on create, generateName, the status subresource split
// (status only through /status, spec ignored there), generation bumps on spec changes,
// defaults, schema validation (422) and optimistic concurrency (409) on update and patch.
import { randomUUID } from 'node:crypto';
import { alreadyExists, ApiError, badRequest, conflict, invalid, notFound } from './api-error.js';
import { applyDefaults } from './defaults.js';
import { arr, cloneJson, isJsonObject, jsonEqual, obj, str, type JsonObject, type JsonValue, type KubeObject } from './json.js';
import { applyPatch } from './patch.js';
import { ServiceAllocator } from './service-allocator.js';
import { listStrategiesFor } from './strategic-merge.js';
import { groupVersion, type ResourceType } from './resources.js';
import type { SchemaValidator } from './schema-validator.js';
import type { Store } from './store.js';

/** Which part of an object a write addresses. */
export type Subresource = 'main' | 'status';

/** What a DELETE answers: the deleted (or, with finalizers, the marked) object or a Success Status, and the HTTP code. */
export interface DeleteResult {
  code: 200 | 202;
  body: JsonObject;
}

/** Per-request write options: the fieldValidation parameter, and where warnings go. */
export interface WriteOptions {
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Filled with warnings for the `Warning` response header. */
  warnings?: string[];
  /**
   * Seeding a state file: keep the status, uid, creationTimestamp and generation the object
   * comes with (planning orders Services by creationTimestamp); HTTP creates never do.
   */
  seed?: boolean;
  /** dryRun=All: everything but the write (the answer is what would have been stored). */
  dryRun?: boolean;
}

/** Dependencies of the registry. */
export interface RegistryDeps {
  store: Store;
  validator: SchemaValidator;
  /** Resolves a resource type by group and plural (for namespace checks and cascades). */
  resources: ResourceType[];
  now: () => Date;
}

/** Implements create, update, patch and delete with the real server's semantics. */
export class Registry {
  private readonly allocator: ServiceAllocator;

  constructor(private readonly deps: RegistryDeps) {
    const services = deps.resources.find((r) => r.group === '' && r.plural === 'services');
    if (!services) throw new Error('registry: the services resource type is required');
    this.allocator = new ServiceAllocator(deps.store, services);
  }

  /** POST: a new object in `namespace` (undefined for cluster-scoped types). */
  create(type: ResourceType, namespace: string | undefined, body: JsonValue, opts: WriteOptions = {}): KubeObject {
    const o = this.checkBody(type, body);
    const meta = o.metadata;
    if (str(meta, 'resourceVersion')) throw badRequest('resourceVersion should not be set on objects to be created');
    if (!str(meta, 'name')) {
      const prefix = str(meta, 'generateName');
      if (!prefix) throw invalid(type.kind, type.group, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
      meta.name = prefix + randomSuffix();
    }
    this.placeInNamespace(type, o, namespace);
    const given = opts.seed ? { uid: str(meta, 'uid'), created: str(meta, 'creationTimestamp'), generation: meta.generation } : {};
    meta.uid = given.uid ?? randomUUID();
    meta.creationTimestamp = given.created ?? rfc3339(this.deps.now());
    delete meta.deletionTimestamp;
    delete meta.managedFields;
    if (type.generation) meta.generation = typeof given.generation === 'number' ? given.generation : 1;
    else delete meta.generation;
    if (type.statusOnCreate === 'drop' && !opts.seed) delete o.status;
    applyDefaults(type, o, this.allocator.context());
    this.validate(type, o, opts);
    if (opts.dryRun) {
      // Like the real server: a dry-run create answers without a resourceVersion.
      if (this.deps.store.has(type, namespace ?? '', String(meta.name))) throw alreadyExists(type.plural, type.group, String(meta.name));
      return o;
    }
    return this.deps.store.create(type, o);
  }

  /** PUT on the object or its /status. */
  update(type: ResourceType, namespace: string | undefined, name: string, body: JsonValue, sub: Subresource, opts: WriteOptions = {}): KubeObject {
    const o = this.checkBody(type, body);
    if (str(o.metadata, 'name') !== name) {
      throw badRequest(`the name of the object (${str(o.metadata, 'name') ?? ''}) does not match the name on the URL (${name})`);
    }
    this.placeInNamespace(type, o, namespace);
    const old = this.deps.store.get(type, namespace ?? '', name);
    if (type.schema && !str(o.metadata, 'resourceVersion')) {
      // Custom resources allow no unconditional update (built-in kinds do).
      throw invalid(type.kind, type.group, name, [{ field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }]);
    }
    return this.write(type, old, o, sub, str(o.metadata, 'resourceVersion'), opts);
  }

  /** PATCH on the object or its /status, in any of the accepted patch formats. */
  patch(type: ResourceType, namespace: string | undefined, name: string, contentType: string, body: JsonValue, sub: Subresource, opts: WriteOptions = {}): KubeObject {
    const old = this.deps.store.get(type, namespace ?? '', name);
    const strategies = type.schema ? undefined : listStrategiesFor(type.group, type.plural);
    const patched = applyPatch(old, contentType, body, strategies) as KubeObject;
    if (!isJsonObject(patched.metadata)) throw badRequest('patch removed metadata');
    if (str(patched.metadata, 'name') !== name) throw badRequest('a patch may not change the object name');
    // A resourceVersion in the patch is a precondition: it survives the merge only if the
    // client set it, and must then match (the real server checks it the same way).
    return this.write(type, old, patched, sub, str(patched.metadata, 'resourceVersion'), opts);
  }

  /**
   * DELETE: removes the object (200), or, while it has finalizers, marks it with a
   * deletionTimestamp and keeps it (202) until an update removes the last finalizer.
   * A Namespace takes its objects with it.
   */
  delete(type: ResourceType, namespace: string | undefined, name: string, body: JsonValue | undefined, opts: WriteOptions = {}): DeleteResult {
    const pre = isJsonObject(body) ? obj(body, 'preconditions') : undefined;
    const preconditions = { uid: str(pre, 'uid'), resourceVersion: str(pre, 'resourceVersion') };
    const current = this.deps.store.get(type, namespace ?? '', name);
    if (arr(current.metadata, 'finalizers').length > 0) {
      if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) throw conflict(type.plural, type.group, name);
      if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== current.metadata.resourceVersion) throw conflict(type.plural, type.group, name);
      if (current.metadata.deletionTimestamp !== undefined || opts.dryRun) return { code: 202, body: current };
      const marked = cloneJson(current);
      marked.metadata.deletionTimestamp = rfc3339(this.deps.now());
      marked.metadata.deletionGracePeriodSeconds = 0;
      return { code: 202, body: this.deps.store.update(type, marked, undefined) };
    }
    const gone = opts.dryRun ? current : this.deps.store.delete(type, namespace ?? '', name, preconditions);
    if (type.group === '' && type.plural === 'namespaces' && !opts.dryRun) {
      // The real server empties a Namespace asynchronously while it is Terminating; here at once.
      for (const t of this.deps.resources.filter((r) => r.namespaced)) {
        for (const o of this.deps.store.list(t, name)) this.deps.store.delete(t, name, str(o.metadata, 'name')!);
      }
    }
    if (type.returnDeletedObject) return { code: 200, body: gone };
    return {
      code: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: type.group, kind: type.plural, uid: str(gone.metadata, 'uid') ?? '' },
      },
    };
  }

  private write(type: ResourceType, old: KubeObject, incoming: KubeObject, sub: Subresource, expectedRV: string | undefined, opts: WriteOptions): KubeObject {
    let next: KubeObject;
    if (sub === 'status') {
      // /status changes status and nothing else; metadata and spec edits are dropped.
      next = cloneJson(old);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      // Server-owned metadata cannot be changed by the client.
      for (const k of ['uid', 'creationTimestamp', 'generation', 'namespace', 'deletionTimestamp'] as const) {
        if (old.metadata[k] === undefined) delete next.metadata[k];
        else next.metadata[k] = old.metadata[k]!;
      }
      if (type.statusSubresource) {
        // The main resource ignores status when a status subresource exists.
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      applyDefaults(type, next, this.allocator.context(old));
      if (type.generation && !jsonEqual(specOf(next), specOf(old))) {
        next.metadata.generation = (typeof old.metadata.generation === 'number' ? old.metadata.generation : 0) + 1;
      }
    }
    next.apiVersion = groupVersion(type);
    next.kind = type.kind;
    this.validate(type, next, opts);
    const deleting = old.metadata.deletionTimestamp !== undefined;
    const finalizers = arr(next.metadata, 'finalizers');
    if (deleting && finalizers.some((f) => !arr(old.metadata, 'finalizers').includes(f))) {
      throw invalid(type.kind, type.group, String(old.metadata.name), [{ field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }]);
    }
    if (opts.dryRun) {
      if (expectedRV !== undefined && expectedRV !== '' && expectedRV !== old.metadata.resourceVersion) throw conflict(type.plural, type.group, String(old.metadata.name));
      return next;
    }
    const stored = this.deps.store.update(type, next, expectedRV);
    // The last finalizer of an object being deleted is gone: now it really goes.
    if (deleting && finalizers.length === 0) this.deps.store.delete(type, str(stored.metadata, 'namespace') ?? '', String(stored.metadata.name));
    return stored;
  }

  private checkBody(type: ResourceType, body: JsonValue): KubeObject {
    if (!isJsonObject(body)) throw badRequest('the body of the request must be a JSON object');
    const o = cloneJson(body) as KubeObject;
    const gv = groupVersion(type);
    if (o.apiVersion !== undefined && o.apiVersion !== gv) {
      throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (o.kind !== undefined && o.kind !== type.kind) {
      throw badRequest(`the kind in the data (${String(o.kind)}) does not match the expected kind (${type.kind})`);
    }
    o.apiVersion = gv;
    o.kind = type.kind;
    if (!isJsonObject(o.metadata)) o.metadata = {};
    return o;
  }

  private placeInNamespace(type: ResourceType, o: KubeObject, namespace: string | undefined): void {
    if (!type.namespaced) {
      delete o.metadata.namespace;
      return;
    }
    const ns = namespace ?? str(o.metadata, 'namespace') ?? 'default';
    const given = str(o.metadata, 'namespace');
    if (given !== undefined && given !== '' && given !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    o.metadata.namespace = ns;
    const nsType = this.deps.resources.find((r) => r.group === '' && r.plural === 'namespaces');
    if (nsType && !this.deps.store.has(nsType, '', ns)) {
      throw notFound('namespaces', '', ns);
    }
  }

  private validate(type: ResourceType, o: KubeObject, opts: WriteOptions): void {
    const name = str(o.metadata, 'name') ?? '';
    const unknown = this.deps.validator.unknownFields(type.kind, o);
    if (unknown.length > 0) {
      const text = unknown.map((f) => `unknown field "${f}"`);
      if (opts.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${text.join(', ')}`);
      if (opts.fieldValidation !== 'Ignore') opts.warnings?.push(...text);
      this.deps.validator.prune(type.kind, o);
    }
    const causes: Array<{ field: string; message: string }> = [];
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      causes.push({
        field: 'metadata.name',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      });
    }
    causes.push(...this.deps.validator.validate(type.kind, o));
    if (causes.length > 0) throw invalid(type.kind, type.group, name, causes);
  }


}

/** Everything but metadata and status: what `generation` tracks. */
function specOf(o: KubeObject): JsonObject {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// apimachinery's generateName alphabet (no vowels, no ambiguous characters).
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

/** Thrown for an unknown resource path. */
export function unknownResource(path: string): ApiError {
  return new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`);
}
