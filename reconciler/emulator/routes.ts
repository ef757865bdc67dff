// The HTTP surface: maps Kubernetes REST paths and query parameters onto discovery,
// OpenAPI, the registry's verbs and the watch hub, and renders results and errors the way
// the real server does (JSON, `Status` objects, newline-delimited watch events, Tables for
// kubectl). Plain node:http, no framework.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from './api-error.js';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, groupsOf, versionInfo } from './discovery.js';
import type { Faults } from './faults.js';
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from './json.js';
import type { OpenApiDocs } from './openapi.js';
import { unknownResource, type Registry, type Subresource, type WriteOptions } from './registry.js';
import { groupVersion, type ResourceType } from './resources.js';
import { labelsOf, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type Selector } from './selectors.js';
import type { Store } from './store.js';
import { toTable, type IncludeObject } from './table.js';
import type { WatchHub } from './watch-hub.js';

/** One served request, for logs. */
export interface RequestLog {
  method: string;
  path: string;
  code: number;
  ms: number;
  watch: boolean;
}

/** What the router needs. */
export interface RouteDeps {
  resources: ResourceType[];
  store: Store;
  registry: Registry;
  hub: WatchHub;
  openapi: OpenApiDocs;
  faults: Faults;
  now: () => Date;
  /** host:port clients reach the server at (for /api's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  log?: (entry: RequestLog) => void;
}

/** Where a resource request points. */
interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource: Subresource;
}

/** Creates the request handler of the emulated API server. */
export function createHandler(deps: RouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const watch = isWatch(url);
    res.on('finish', () => deps.log?.({ method, path: url.pathname + url.search, code: res.statusCode, ms: Date.now() - started, watch }));
    void serve(deps, req, res, url, method, watch).catch((err: unknown) => sendError(res, err));
  };
}

async function serve(deps: RouteDeps, req: IncomingMessage, res: ServerResponse, url: URL, method: string, watch: boolean): Promise<void> {
  const fault = deps.faults.take({ method, path: url.pathname, watch });
  if (fault && fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault?.error) throw fault.error;
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE' ? await readBody(req) : undefined;
  const segs = url.pathname.split('/').filter((s) => s !== '');
  const path = url.pathname.replace(/\/+$/, '') || '/';

  if (['/healthz', '/readyz', '/livez'].includes(path)) return sendText(res, 200, 'ok');
  if (path === '/version') return sendJson(res, 200, versionInfo());
  if (segs[0] === 'openapi') return serveOpenApi(deps, req, res, segs);
  if (method === 'GET' && path === '/api') return sendJson(res, 200, coreVersions(deps.serverAddress()));
  if (method === 'GET' && path === '/api/v1') return sendJson(res, 200, apiResourceList('v1', deps.resources));
  if (method === 'GET' && path === '/apis') return sendJson(res, 200, apiGroupList(deps.resources));
  if (method === 'GET' && segs[0] === 'apis' && segs.length === 2) {
    const versions = groupsOf(deps.resources).get(segs[1]!);
    if (!versions) throw unknownResource(url.pathname);
    return sendJson(res, 200, apiGroup(segs[1]!, versions));
  }
  if (method === 'GET' && segs[0] === 'apis' && segs.length === 3) {
    const gv = `${segs[1]}/${segs[2]}`;
    if (!deps.resources.some((r) => groupVersion(r) === gv)) throw unknownResource(url.pathname);
    return sendJson(res, 200, apiResourceList(gv, deps.resources));
  }

  const target = resolveTarget(deps.resources, segs);
  if (!target) throw unknownResource(url.pathname);
  const q = url.searchParams;
  const writeOpts: WriteOptions = { fieldValidation: fieldValidationOf(q.get('fieldValidation')), warnings: [], dryRun: dryRunOf(q.getAll('dryRun')) };
  const ns = target.namespace;
  const table = wantsTable(req.headers.accept);
  const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;

  if (target.name === undefined) {
    if (target.subresource !== 'main') throw unknownResource(url.pathname);
    if (method === 'GET' && watch) return openWatch(deps, req, res, target, q, table, include);
    if (method === 'GET') {
      const { items, rv } = list(deps, target, q);
      if (table) return sendJson(res, 200, toTable(target.type, items, { now: deps.now(), include, resourceVersion: rv }));
      return sendJson(res, 200, listObject(target.type, items, rv));
    }
    if (method === 'POST') {
      const created = deps.registry.create(target.type, ns, body ?? null, writeOpts);
      return sendJson(res, 201, created, writeOpts.warnings);
    }
    if (method === 'DELETE') {
      // deletecollection: every object the selectors match, answered as a list of what went.
      const { items } = list(deps, target, q);
      const gone = items.map((o) => deps.registry.delete(target.type, stringOf(o.metadata.namespace), stringOf(o.metadata.name), undefined, writeOpts).body);
      return sendJson(res, 200, listObject(target.type, gone.filter((g): g is KubeObject => g.kind !== 'Status' && isJsonObject(g.metadata)), String(deps.store.currentRV())));
    }
    throw methodNotAllowed(method, url.pathname);
  }

  const name = target.name;
  if (method === 'GET') {
    const o = deps.store.get(target.type, ns ?? '', name);
    if (table) return sendJson(res, 200, toTable(target.type, [o], { now: deps.now(), include, resourceVersion: stringOf(o.metadata.resourceVersion) }));
    return sendJson(res, 200, o);
  }
  if (method === 'PUT') return sendJson(res, 200, deps.registry.update(target.type, ns, name, body ?? null, target.subresource, writeOpts), writeOpts.warnings);
  if (method === 'PATCH') {
    const contentType = req.headers['content-type'] ?? 'application/json';
    return sendJson(res, 200, deps.registry.patch(target.type, ns, name, contentType, body ?? null, target.subresource, writeOpts), writeOpts.warnings);
  }
  if (method === 'DELETE' && target.subresource === 'main') {
    const { code, body: answer } = deps.registry.delete(target.type, ns, name, body, writeOpts);
    return sendJson(res, code, answer);
  }
  throw methodNotAllowed(method, url.pathname);
}

function serveOpenApi(deps: RouteDeps, req: IncomingMessage, res: ServerResponse, segs: string[]): void {
  if (segs[1] === 'v2') {
    const accept = req.headers.accept ?? '*/*';
    // kubectl asks for protobuf only; the emulator speaks JSON, so it says so (406) and
    // kubectl moves on to what it already has from /openapi/v3.
    if (!/json|\*\/\*/.test(accept)) throw new ApiError(406, 'NotAcceptable', `only application/json is supported, not ${accept}`);
    return sendJson(res, 200, deps.openapi.v2());
  }
  if (segs[1] === 'v3' && segs.length === 2) return sendJson(res, 200, deps.openapi.index());
  if (segs[1] === 'v3') {
    const doc = deps.openapi.groupVersion(segs.slice(2).join('/'));
    if (doc) return sendJson(res, 200, doc);
  }
  throw unknownResource(`/${segs.join('/')}`);
}

function resolveTarget(resources: ResourceType[], segs: string[]): Target | undefined {
  let gv: { group: string; version: string };
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    gv = { group: '', version: segs[1]! };
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    gv = { group: segs[1]!, version: segs[2]! };
    rest = segs.slice(3);
  } else return undefined;
  const find = (plural: string): ResourceType | undefined =>
    resources.find((r) => r.group === gv.group && r.version === gv.version && r.plural === plural);
  let namespace: string | undefined;
  // /namespaces/<ns>/<plural>/... is a namespaced path unless it is the Namespace itself (+/status).
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const isNamespaceStatus = gv.group === '' && rest.length === 3 && rest[2] === 'status';
    if (!isNamespaceStatus) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const type = find(rest[0] ?? '');
  if (!type || rest.length > 3) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  const sub = rest[2];
  if (sub !== undefined && !(sub === 'status' && type.statusSubresource)) return undefined;
  // A namespaced type without a namespace in the path: only lists and watches across namespaces.
  if (type.namespaced && namespace === undefined && rest.length > 1) return undefined;
  return { type, namespace, name: rest[1], subresource: sub === 'status' ? 'status' : 'main' };
}

function list(deps: RouteDeps, target: Target, q: URLSearchParams): { items: KubeObject[]; rv: string } {
  if (q.get('continue')) {
    // The emulator answers every list in one page, so it never hands out continue tokens.
    throw new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
  const { labels, fields } = selectors(target.type, q);
  const rv = String(deps.store.currentRV());
  const items = deps.store.list(target.type, target.namespace, (o) => matchesLabels(labels, labelsOf(o)) && matchesFields(fields, o));
  return { items, rv };
}

function selectors(type: ResourceType, q: URLSearchParams): { labels: Selector; fields: Selector } {
  return {
    labels: parseLabelSelector(q.get('labelSelector') ?? undefined),
    fields: parseFieldSelector(q.get('fieldSelector') ?? undefined, ['metadata.name', 'metadata.namespace', ...type.fieldSelectors]),
  };
}

function openWatch(deps: RouteDeps, req: IncomingMessage, res: ServerResponse, target: Target, q: URLSearchParams, table: boolean, include: IncludeObject): void {
  const { labels, fields } = selectors(target.type, q);
  const timeout = q.get('timeoutSeconds');
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let first = true;
  const render = (o: KubeObject): JsonObject => {
    if (!table) return o;
    // The first Table carries the column definitions, later ones only their row.
    const t = toTable(target.type, [o], { now: deps.now(), include, withHeaders: first });
    first = false;
    return t;
  };
  const close = deps.hub.open(
    {
      type: target.type,
      namespace: target.namespace,
      labelSelector: labels,
      fieldSelector: fields,
      resourceVersion: q.get('resourceVersion') ?? '',
      allowBookmarks: q.get('allowWatchBookmarks') === 'true',
      timeoutSeconds: timeout !== null ? Number(timeout) : undefined,
      render,
    },
    {
      send: (type, object) => {
        if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
      },
      end: () => {
        if (!res.writableEnded) res.end();
      },
    },
  );
  req.on('close', close);
  res.on('close', close);
}

function listObject(type: ResourceType, items: KubeObject[], rv: string): JsonObject {
  // Built-in lists carry items without apiVersion/kind; custom resource lists keep them.
  const shaped = type.schema ? items : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return { kind: `${type.kind}List`, apiVersion: groupVersion(type), metadata: { resourceVersion: rv }, items: shaped };
}

function isWatch(url: URL): boolean {
  const w = url.searchParams.get('watch');
  return w === 'true' || w === '1';
}

function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function fieldValidationOf(v: string | null): WriteOptions['fieldValidation'] {
  if (v === null || v === '') return undefined;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of Strict, Warn, Ignore, not "${v}"`);
}

function dryRunOf(values: string[]): boolean {
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: unsupported value "${v}" (only All)`);
  return values.length > 0;
}

function methodNotAllowed(method: string, path: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${path})`);
}

function stringOf(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

async function readBody(req: IncomingMessage): Promise<JsonValue | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const ct = req.headers['content-type'] ?? '';
  // kubectl's typed clients send protobuf for core kinds; this server speaks JSON and YAML
  // only, and answers like a real API server does for a media type it cannot decode (client-go
  // then retries with JSON).
  if (/protobuf|cbor/.test(ct)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
  }
  try {
    if (/yaml/.test(ct)) return parseYaml(text) as JsonValue;
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw badRequest(`the request body could not be decoded: ${(err as Error).message}`);
  }
}

function sendJson(res: ServerResponse, code: number, body: JsonValue, warnings: string[] = []): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, e.code, e.toStatus());
}

/** True when `v` is a Kubernetes object (for seeding). */
export function isKubeObject(v: unknown): v is KubeObject {
  return isJsonObject(v) && isJsonObject(v.metadata);
}
