// Watches: each open watch gets the history after its resourceVersion, then every new write
// of its type that passes its namespace and selectors, as newline-delimited JSON events.
// Selector transitions follow the real watch cache: an object that starts matching arrives
// as ADDED, one that stops matching as DELETED (its previous state with the new RV).
import type { JsonObject, KubeObject } from './json.js';
import { labelsOf, matchesFields, matchesLabels, type Selector } from './selectors.js';
import { groupVersion, resourceKey, type ResourceType } from './resources.js';
import type { Store, StoreEvent } from './store.js';

/** Where a watch's events go (an HTTP response, in practice). */
export interface WatchSink {
  /** Writes one event; `object` is already in its final (possibly Table) form. */
  send(type: string, object: JsonObject): void;
  /** Ends the stream. */
  end(): void;
}

/** What a client asked for when it opened a watch. */
export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labelSelector: Selector;
  fieldSelector: Selector;
  /** The resourceVersion query parameter as sent ('' or '0' = current state, then changes). */
  resourceVersion: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  /** Turns an object into what is sent (identity, or a Table row for kubectl). */
  render: (o: KubeObject) => JsonObject;
}

interface OpenWatch {
  req: WatchRequest;
  sink: WatchSink;
  timers: NodeJS.Timeout[];
}

/** Options of the hub. */
export interface WatchHubOptions {
  /** How often a watch that allows bookmarks gets one; the real server sends them about every minute. */
  bookmarkIntervalMs?: number;
}

/** Fans store events out to open watches. */
export class WatchHub {
  private readonly watches = new Set<OpenWatch>();
  private readonly bookmarkIntervalMs: number;

  constructor(private readonly store: Store, opts: WatchHubOptions = {}) {
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
    store.subscribe((e) => {
      for (const w of [...this.watches]) this.deliver(w, e);
    });
  }

  /** Starts a watch: initial events or replay, then live events until it times out or is closed. Returns a function that closes it. */
  open(req: WatchRequest, sink: WatchSink): () => void {
    const w: OpenWatch = { req, sink, timers: [] };
    const close = (): void => this.close(w);
    if (req.resourceVersion === '' || req.resourceVersion === '0') {
      // "Start at most recent": synthetic ADDED events for the current state.
      for (const o of this.store.list(req.type, req.namespace)) if (this.matches(req, o)) sink.send('ADDED', req.render(o));
    } else {
      const rv = Number(req.resourceVersion);
      const replay = Number.isInteger(rv) && rv >= 0 ? this.store.eventsSince(req.type, rv) : 'invalid';
      if (replay === 'expired' || replay === 'invalid') {
        // The real server answers 200 and sends the error as the stream's only event.
        sink.send('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: replay === 'invalid'
            ? `invalid resource version "${req.resourceVersion}"`
            : `too old resource version: ${rv} (${this.store.oldestWatchableRV()})`,
          reason: replay === 'invalid' ? 'BadRequest' : 'Expired',
          code: replay === 'invalid' ? 400 : 410,
        });
        sink.end();
        return () => {};
      }
      for (const e of replay) this.deliver(w, e);
    }
    this.watches.add(w);
    if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) {
      w.timers.push(setTimeout(close, req.timeoutSeconds * 1000));
    }
    if (req.allowBookmarks) w.timers.push(setInterval(() => this.bookmark(w), this.bookmarkIntervalMs));
    return close;
  }

  /** Sends a bookmark now to every watch that allows them (tests use it instead of waiting). */
  bookmarkAll(): void {
    for (const w of this.watches) if (w.req.allowBookmarks) this.bookmark(w);
  }

  /** Ends every open watch, as a server restart or a network cut does; returns how many. */
  dropAll(): number {
    const n = this.watches.size;
    for (const w of [...this.watches]) this.close(w);
    return n;
  }

  /** How many watches are open. */
  count(): number {
    return this.watches.size;
  }

  private close(w: OpenWatch): void {
    if (!this.watches.delete(w)) return;
    for (const t of w.timers) clearTimeout(t);
    w.sink.end();
  }

  private bookmark(w: OpenWatch): void {
    const { type } = w.req;
    w.sink.send('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(this.store.currentRV()) },
    });
  }

  private deliver(w: OpenWatch, e: StoreEvent): void {
    const { req } = w;
    if (e.resource !== resourceKey(req.type)) return;
    if (req.namespace !== undefined && e.object.metadata.namespace !== req.namespace) return;
    const now = this.matches(req, e.object);
    const before = e.previous !== undefined && e.type === 'MODIFIED' && this.matches(req, e.previous);
    if (e.type === 'MODIFIED') {
      if (now && before) w.sink.send('MODIFIED', req.render(e.object));
      else if (now) w.sink.send('ADDED', req.render(e.object));
      else if (before) {
        const prev: KubeObject = { ...e.previous!, metadata: { ...e.previous!.metadata, resourceVersion: String(e.rv) } };
        w.sink.send('DELETED', req.render(prev));
      }
      return;
    }
    if (now) w.sink.send(e.type, req.render(e.object));
  }

  private matches(req: WatchRequest, o: KubeObject): boolean {
    return matchesLabels(req.labelSelector, labelsOf(o)) && matchesFields(req.fieldSelector, o);
  }
}
