// OpenAPI documents: /openapi/v3 (an index of group/versions) with one document per
// group/version, and /openapi/v2. kubectl reads them before `create`/`apply`: its PATCH
// operations declare the `fieldValidation` parameter, so kubectl leaves validation to the
// server (which checks gitlb kinds against their schemas) and sends fieldValidation=Strict.
// Component schemas of gitlb kinds are their CRDs' structural schemas (the same conversion
// from schemas/ that writes charts/gitlb/crds/), as a real server publishes a CRD's schema;
// core kinds get a permissive object schema tagged with their group/version/kind.
import { createHash } from 'node:crypto';
import { convertSchema, type SchemaObject } from '../kube/structural-schema.js';
import { EMULATED_VERSION } from './discovery.js';
import type { JsonObject } from './json.js';
import { groupVersion, type ResourceType } from './resources.js';

/** Builds and caches the OpenAPI documents of a fixed set of resource types. */
export class OpenApiDocs {
  private readonly v3 = new Map<string, { doc: JsonObject; hash: string }>();

  constructor(private readonly resources: ResourceType[], private readonly documents: Map<string, SchemaObject>) {
    const gvs = [...new Set(resources.map(groupVersion))];
    for (const gv of gvs) {
      const doc = this.groupVersionDoc(gv);
      this.v3.set(gv, { doc, hash: createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase() });
    }
  }

  /** GET /openapi/v3: where each group/version's document is. */
  index(): JsonObject {
    const paths: JsonObject = {};
    for (const [gv, { hash }] of this.v3) {
      const p = gvPath(gv);
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    return { paths };
  }

  /** GET /openapi/v3/api/v1, /openapi/v3/apis/<group>/<version>; undefined when unknown. */
  groupVersion(pathAfterV3: string): JsonObject | undefined {
    for (const [gv, { doc }] of this.v3) if (gvPath(gv) === pathAfterV3) return doc;
    return undefined;
  }

  /** GET /openapi/v2: one Swagger 2.0 document for everything. */
  v2(): JsonObject {
    const definitions: JsonObject = {};
    const paths: JsonObject = {};
    for (const { doc } of this.v3.values()) {
      Object.assign(definitions, JSON.parse(JSON.stringify((doc.components as JsonObject).schemas).replace(/#\/components\/schemas\//g, '#/definitions/')) as JsonObject);
      for (const [p, item] of Object.entries(doc.paths as JsonObject)) {
        paths[p] = JSON.parse(JSON.stringify(item).replace(/#\/components\/schemas\//g, '#/definitions/')) as JsonObject;
      }
    }
    return { swagger: '2.0', info: { title: 'Kubernetes', version: EMULATED_VERSION.gitVersion }, paths, definitions };
  }

  private groupVersionDoc(gv: string): JsonObject {
    const schemas: JsonObject = {};
    const paths: JsonObject = {};
    for (const r of this.resources.filter((x) => groupVersion(x) === gv)) {
      const name = definitionName(r);
      schemas[name] = this.componentSchema(r);
      schemas[`${name}List`] = {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: `${r.kind}List` }],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } },
        },
        required: ['items'],
      };
      Object.assign(paths, resourcePaths(r, name));
    }
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: EMULATED_VERSION.gitVersion },
      paths,
      components: { schemas },
    };
  }

  private componentSchema(r: ResourceType): JsonObject {
    const gvk = [{ group: r.group, version: r.version, kind: r.kind }];
    if (r.schema) {
      const { schema } = convertSchema(r.schema, this.documents, 'crd');
      return { ...(schema as JsonObject), 'x-kubernetes-group-version-kind': gvk };
    }
    return {
      type: 'object',
      description: `${r.kind} (the emulator does not describe core kinds field by field).`,
      'x-kubernetes-group-version-kind': gvk,
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
      additionalProperties: true,
    };
  }
}

function gvPath(gv: string): string {
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

/** The component name real servers use: reversed group + version + kind (core: io.k8s.api.core.v1.Service). */
function definitionName(r: ResourceType): string {
  if (r.group === '') return `io.k8s.api.core.${r.version}.${r.kind}`;
  if (r.group.endsWith('.k8s.io')) return `io.k8s.api.${r.group.replace(/\.k8s\.io$/, '')}.${r.version}.${r.kind}`;
  return `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}`;
}

function resourcePaths(r: ResourceType, def: string): JsonObject {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}` : `${base}/${r.plural}`;
  const item = `${collection}/{name}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const ref = (n: string): JsonObject => ({ $ref: `#/components/schemas/${n}` });
  const param = (name: string, where: 'path' | 'query'): JsonObject => ({ name, in: where, ...(where === 'path' ? { required: true } : {}), schema: { type: 'string', uniqueItems: true } });
  const scope = r.namespaced ? [param('namespace', 'path')] : [];
  const write = [param('dryRun', 'query'), param('fieldManager', 'query'), param('fieldValidation', 'query')];
  const listParams = ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'watch', 'allowWatchBookmarks'].map((p) => param(p, 'query'));
  const op = (action: string, id: string, schema: string, params: JsonObject[], body = false): JsonObject => ({
    operationId: `${id}${r.kind}`,
    parameters: params,
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(def) } } } } : {}),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(schema) } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const out: JsonObject = {
    [collection]: {
      get: op('list', 'list', `${def}List`, [...scope, ...listParams]),
      post: op('post', 'create', def, [...scope, ...write], true),
      delete: op('deletecollection', 'deleteCollection', def, [...scope, ...listParams]),
    },
    [item]: {
      get: op('get', 'read', def, [...scope, param('name', 'path')]),
      put: op('put', 'replace', def, [...scope, param('name', 'path'), ...write], true),
      patch: op('patch', 'patch', def, [...scope, param('name', 'path'), ...write, param('force', 'query')], true),
      delete: op('delete', 'delete', def, [...scope, param('name', 'path'), param('dryRun', 'query')]),
    },
  };
  if (r.statusSubresource) {
    out[`${item}/status`] = {
      get: op('get', 'read', def, [...scope, param('name', 'path')]),
      put: op('put', 'replaceStatus', def, [...scope, param('name', 'path'), ...write], true),
      patch: op('patch', 'patchStatus', def, [...scope, param('name', 'path'), ...write, param('force', 'query')], true),
    };
  }
  if (r.namespaced) out[`${base}/${r.plural}`] = { get: op('list', 'listAllNamespaces', `${def}List`, listParams) };
  return out;
}
