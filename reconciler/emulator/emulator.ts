// The emulated Kubernetes API server: wires store, registry, watch hub, discovery, OpenAPI
// and routes onto a node:http server, and exposes the fault hooks tests drive (drop watches,
// restart with history lost, delay or fail the next requests).
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { packageRoot } from '../cli/own-files.js';
import { renderCrd } from '../kube/crd.js';
import { schemaDocuments, type SchemaObject } from '../kube/structural-schema.js';
import { Faults, type RequestMatcher } from './faults.js';
import { isJsonObject, str, type JsonObject, type KubeObject } from './json.js';
import { OpenApiDocs } from './openapi.js';
import { Registry } from './registry.js';
import { builtinResources, gitlbResources, groupVersion, type ResourceType } from './resources.js';
import { createHandler, type RequestLog } from './routes.js';
import { SchemaValidator } from './schema-validator.js';
import { Store } from './store.js';
import { WatchHub } from './watch-hub.js';

/** The package's schemas/ directory (source or dist). */
export function defaultSchemasDir(): string {
  return path.join(packageRoot(), 'schemas');
}

/** Options of an emulator. */
export interface EmulatorOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Directory of gitlb's JSON Schemas (default: the repository's schemas/). */
  schemasDir?: string;
  /** Events kept for watch resumption (default 10000). */
  historyLimit?: number;
  /** Bookmark interval for watches that allow them (default 60 s, like the real server). */
  bookmarkIntervalMs?: number;
  /** The clock (creation timestamps, ages in tables). */
  now?: () => Date;
  /** Called after each request. */
  log?: (entry: RequestLog) => void;
}

/** A running in-memory Kubernetes API server. */
export class Emulator {
  /** Fault queue: `faults.failNext(2, 503)`, `faults.delayNext(1, 500)`. */
  readonly faults = new Faults();
  readonly resources: ResourceType[];
  private readonly store: Store;
  private readonly registry: Registry;
  private readonly hub: WatchHub;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;

  private constructor(private readonly opts: EmulatorOptions) {
    const now = opts.now ?? (() => new Date());
    const schemasDir = opts.schemasDir ?? defaultSchemasDir();
    const files = readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()
      .map((file) => ({ file, schema: JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as SchemaObject }));
    this.resources = [...builtinResources(), ...gitlbResources(schemasDir)];
    const kinds = new Map<string, JsonObject>();
    for (const r of this.resources) if (r.schema) kinds.set(r.kind, r.schema);
    this.store = new Store({ historyLimit: opts.historyLimit });
    this.registry = new Registry({
      store: this.store,
      validator: new SchemaValidator(files.map((f) => f.schema as JsonObject), kinds),
      resources: this.resources,
      now,
    });
    this.hub = new WatchHub(this.store, { bookmarkIntervalMs: opts.bookmarkIntervalMs });
    const documents = schemaDocuments(files);
    const handler = createHandler({
      resources: this.resources,
      store: this.store,
      registry: this.registry,
      hub: this.hub,
      openapi: new OpenApiDocs(this.resources, documents),
      faults: this.faults,
      now,
      serverAddress: () => this.url.replace(/^https?:\/\//, ''),
      log: opts.log,
    });
    this.server = createServer(handler);
    this.server.on('connection', (s) => {
      this.accepted++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.registry.create(this.type('v1', 'Namespace'), undefined, { metadata: { name: ns } });
    }
    // As on a cluster with gitlb's chart installed: its CRDs, rendered from the same schemas.
    const crdType = this.type('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    for (const { schema } of files) {
      const rendered = renderCrd(schema, documents);
      if (!rendered) continue;
      const spec = rendered.crd.spec as JsonObject;
      this.registry.create(crdType, undefined, {
        ...(rendered.crd as JsonObject),
        status: {
          conditions: [
            { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
            { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
          ],
          acceptedNames: spec.names!,
          storedVersions: ['v1'],
        },
      }, { seed: true });
    }
  }

  /** Starts an emulator and resolves once it listens. */
  static async start(opts: EmulatorOptions = {}): Promise<Emulator> {
    const e = new Emulator(opts);
    await new Promise<void>((resolve, reject) => {
      e.server.once('error', reject);
      e.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    return e;
  }

  /** The base URL, e.g. http://127.0.0.1:41234. */
  get url(): string {
    const a = this.server.address() as AddressInfo | null;
    if (!a) return '';
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`;
  }

  /**
   * Creates (or updates) objects directly, keeping their status, uid, creationTimestamp and
   * generation: for seeding a state file. Namespaces that namespaced objects need are
   * created on the way.
   */
  seed(objects: KubeObject[]): void {
    for (const o of objects) {
      const type = this.type(str(o, 'apiVersion') ?? '', str(o, 'kind') ?? '');
      const ns = type.namespaced ? (str(o.metadata, 'namespace') ?? 'default') : undefined;
      if (ns !== undefined) this.ensureNamespace(ns);
      const clean: KubeObject = { ...o, metadata: { ...o.metadata } };
      // resourceVersions are this server's own; identity and age come with the object.
      for (const k of ['resourceVersion', 'managedFields'] as const) delete clean.metadata[k];
      const name = str(clean.metadata, 'name') ?? '';
      if (this.store.has(type, ns ?? '', name)) {
        const current = (): JsonObject => ({ ...clean.metadata, resourceVersion: this.store.get(type, ns ?? '', name).metadata.resourceVersion ?? null });
        this.registry.update(type, ns, name, { ...clean, metadata: current() }, 'main');
        if (clean.status !== undefined && type.statusSubresource) this.registry.update(type, ns, name, { ...clean, metadata: current() }, 'status');
      } else this.registry.create(type, ns, clean, { seed: true });
    }
  }

  /** TCP connections accepted since start (tests check that clients reuse connections). */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** A copy of every stored object of a kind (all namespaces), for assertions. */
  objects(apiVersion: string, kind: string): KubeObject[] {
    return this.store.list(this.type(apiVersion, kind));
  }

  /** Ends every open watch (clients see their stream close and re-watch); returns how many. */
  dropWatches(): number {
    return this.hub.dropAll();
  }

  /** How many watches are open (tests poll this to know a client has re-watched). */
  openWatches(): number {
    return this.hub.count();
  }

  /** Sends a bookmark to every watch that allows them, without waiting for the interval. */
  sendBookmarks(): void {
    this.hub.bookmarkAll();
  }

  /**
   * Simulates an API server restart. Objects survive (they live in etcd). Watches end, as a
   * server shutting down ends them; with `historyLost` the watch history is gone, so clients
   * resuming from a resourceVersion they hold get 410 Expired and must re-list. `abrupt`
   * resets every connection instead of ending streams cleanly (a crash rather than a
   * graceful shutdown): client-node 1.4 informers treat that as an error and stop.
   */
  restart(opts: { historyLost: boolean; abrupt?: boolean }): void {
    if (opts.abrupt) for (const s of this.sockets) s.destroy();
    this.hub.dropAll();
    if (opts.historyLost) this.store.loseHistory();
    if (!opts.abrupt) this.server.closeIdleConnections();
  }

  /** Fails the next `n` requests (optionally only matching ones) with `code`. */
  failNext(n: number, code = 503, match?: RequestMatcher): void {
    this.faults.failNext(n, code, match);
  }

  /** Delays the next `n` requests (optionally only matching ones) by `ms`. */
  delayNext(n: number, ms: number, match?: RequestMatcher): void {
    this.faults.delayNext(n, ms, match);
  }

  /** The newest resourceVersion. */
  resourceVersion(): string {
    return String(this.store.currentRV());
  }

  /** Stops listening and ends every connection. */
  async stop(): Promise<void> {
    this.hub.dropAll();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ensureNamespace(ns: string): void {
    const nsType = this.type('v1', 'Namespace');
    if (!this.store.has(nsType, '', ns)) this.registry.create(nsType, undefined, { metadata: { name: ns } });
  }

  private type(apiVersion: string, kind: string): ResourceType {
    const t = this.resources.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
    if (!t) throw new Error(`the emulator does not serve ${apiVersion} ${kind}`);
    return t;
  }
}

/** Reads objects from a parsed YAML/JSON value: a v1 List, an array, or a single object. */
export function objectsOf(value: unknown): KubeObject[] {
  if (Array.isArray(value)) return value.flatMap(objectsOf);
  if (!isJsonObject(value)) return [];
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items.flatMap(objectsOf);
  return isJsonObject(value.metadata) ? [value as KubeObject] : [];
}
