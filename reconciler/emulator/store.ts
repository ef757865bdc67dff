// The object store: what etcd plus the watch cache are to the real API server. One global
// resourceVersion counter (every write gets the next number, as etcd's revision does), and
// a bounded history of write events, so a watch can resume from any resourceVersion still
// inside the window; older ones get 410 Expired and the client must re-list.
import { alreadyExists, conflict, notFound, ApiError } from './api-error.js';
import { cloneJson, jsonEqual, type KubeObject } from './json.js';
import { resourceKey, type ResourceType } from './resources.js';

/** A watch event type as it appears on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write, as kept in the history and pushed to watchers. */
export interface StoreEvent {
  rv: number;
  type: WatchEventType;
  /** resourceKey of the object's type. */
  resource: string;
  object: KubeObject;
  /** The object before the write (MODIFIED, DELETED), for selector transitions. */
  previous?: KubeObject;
}

/** Options of a store. */
export interface StoreOptions {
  /** How many events the history keeps (the watch window). */
  historyLimit?: number;
  /** First resourceVersion minus one; real servers hand out large numbers, clients must not care. */
  initialRV?: number;
}

/** In-memory objects by type, with resourceVersions and a bounded event history. */
export class Store {
  private rv: number;
  // resourceKey -> (namespace/name -> object); every stored object carries its own RV.
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  // Events with rv <= compactedRV are gone: a watch from an older RV gets 410.
  private compactedRV: number;
  private readonly historyLimit: number;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(opts: StoreOptions = {}) {
    this.rv = opts.initialRV ?? 1000;
    this.compactedRV = this.rv;
    this.historyLimit = opts.historyLimit ?? 10_000;
  }

  /** The newest resourceVersion handed out. */
  currentRV(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may still start from. */
  oldestWatchableRV(): number {
    return this.compactedRV;
  }

  /** Calls `fn` after every write, synchronously, in RV order. */
  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A copy of one object, or a 404. */
  get(type: ResourceType, namespace: string, name: string): KubeObject {
    const found = this.bucket(type).get(keyOf(namespace, name));
    if (!found) throw notFound(type.plural, type.group, name);
    return cloneJson(found);
  }

  /** Whether an object exists. */
  has(type: ResourceType, namespace: string, name: string): boolean {
    return this.bucket(type).has(keyOf(namespace, name));
  }

  /**
   * Copies of the objects of a type (optionally in one namespace, optionally only those
   * `keep` accepts: it sees the stored object and must not change it), sorted by namespace/name.
   */
  list(type: ResourceType, namespace?: string, keep?: (o: Readonly<KubeObject>) => boolean): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [k, o] of [...this.bucket(type)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (namespace !== undefined && !k.startsWith(`${namespace}/`)) continue;
      if (keep === undefined || keep(o)) out.push(cloneJson(o));
    }
    return out;
  }

  /** Calls `fn` with each stored object of a type, uncopied: for read-only scans of many objects. */
  scan(type: ResourceType, fn: (o: Readonly<KubeObject>) => void): void {
    for (const o of this.bucket(type).values()) fn(o);
  }

  /** Stores a new object (metadata already complete except resourceVersion); 409 if it exists. */
  create(type: ResourceType, object: KubeObject): KubeObject {
    const { namespace, name } = identity(object);
    const bucket = this.bucket(type);
    const key = keyOf(namespace, name);
    if (bucket.has(key)) throw alreadyExists(type.plural, type.group, name);
    const stored = this.stamp(object);
    bucket.set(key, stored);
    this.emit({ rv: this.rv, type: 'ADDED', resource: resourceKey(type), object: stored });
    return cloneJson(stored);
  }

  /**
   * Replaces an object. `expectedRV` (when given) must equal the stored one, or 409 Conflict.
   * An update that changes nothing keeps the old resourceVersion and emits no event, as the
   * real server does (clients rely on it to avoid hot loops).
   */
  update(type: ResourceType, object: KubeObject, expectedRV: string | undefined): KubeObject {
    const { namespace, name } = identity(object);
    const bucket = this.bucket(type);
    const key = keyOf(namespace, name);
    const old = bucket.get(key);
    if (!old) throw notFound(type.plural, type.group, name);
    if (expectedRV !== undefined && expectedRV !== '' && expectedRV !== old.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    const candidate = cloneJson(object);
    candidate.metadata.resourceVersion = old.metadata.resourceVersion ?? null;
    if (jsonEqual(candidate, old)) return cloneJson(old);
    const stored = this.stamp(candidate);
    bucket.set(key, stored);
    this.emit({ rv: this.rv, type: 'MODIFIED', resource: resourceKey(type), object: stored, previous: old });
    return cloneJson(stored);
  }

  /** Removes an object; `preconditions` as in DeleteOptions; returns the object as deleted (with a new RV, like etcd's delete revision). */
  delete(type: ResourceType, namespace: string, name: string, preconditions: { uid?: string; resourceVersion?: string } = {}): KubeObject {
    const bucket = this.bucket(type);
    const key = keyOf(namespace, name);
    const old = bucket.get(key);
    if (!old) throw notFound(type.plural, type.group, name);
    if (preconditions.uid !== undefined && preconditions.uid !== old.metadata.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${String(old.metadata.uid)}`, { name, group: type.group, kind: type.plural });
    }
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== old.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${String(old.metadata.resourceVersion)}`, { name, group: type.group, kind: type.plural });
    }
    bucket.delete(key);
    const gone = this.stamp(cloneJson(old));
    this.emit({ rv: this.rv, type: 'DELETED', resource: resourceKey(type), object: gone, previous: old });
    return cloneJson(gone);
  }

  /**
   * The events after `rv` for one resource type, or 'expired' when `rv` is older than the
   * window (the caller answers 410). An `rv` from the future is treated as current.
   */
  eventsSince(type: ResourceType, rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRV) return 'expired';
    const key = resourceKey(type);
    return this.history.filter((e) => e.rv > rv && e.resource === key).map((e) => ({ ...e, object: cloneJson(e.object) }));
  }

  /**
   * Forgets the event history, as a restarted server's empty watch cache does, and moves the
   * resourceVersion on by one: every RV a client holds is now too old to watch from (410),
   * while lists keep working.
   */
  loseHistory(): void {
    this.history = [];
    this.rv += 1;
    this.compactedRV = this.rv;
  }

  private stamp(object: KubeObject): KubeObject {
    this.rv += 1;
    const stored = cloneJson(object);
    stored.metadata.resourceVersion = String(this.rv);
    return stored;
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    while (this.history.length > this.historyLimit) this.compactedRV = this.history.shift()!.rv;
    for (const fn of [...this.listeners]) fn(e);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const key = resourceKey(type);
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function identity(o: KubeObject): { namespace: string; name: string } {
  const name = o.metadata.name;
  const namespace = o.metadata.namespace;
  if (typeof name !== 'string' || name === '') throw new Error('store: object without a name');
  return { namespace: typeof namespace === 'string' ? namespace : '', name };
}
