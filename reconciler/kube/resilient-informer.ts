// An informer that keeps going. client-node 1.4's ListWatch re-lists by itself after a 410, but
// any other error (API server restarting, connection reset) stops it for good, and a watch that
// hangs silently is never noticed (LIBRARIES.md). Restarting a ListWatch from outside is racy
// too: the aborted watch's late `done` callback runs ListWatch's `_stop()`, which aborts the
// *new* request. So this informer owns its list/watch loop on top of `k8s.Watch`: every watch
// carries a generation number and callbacks of an older one are ignored; errors restart the loop
// with jittered exponential backoff; a watch silent for longer than the watchdog period is
// abandoned and resumed from the last resourceVersion (a re-list only when the server says 410).
import { EventEmitter } from 'node:events';
import * as k8s from '@kubernetes/client-node';

/** How to list and watch one resource. */
export interface ResilientInformerOptions<T extends k8s.KubernetesObject> {
  kubeConfig: k8s.KubeConfig;
  /** Watch path, e.g. /api/v1/services or /apis/gitlb.io/v1/nodeannouncements. */
  path: string;
  /** The list call; it must apply the same selectors (they are only added to the watch here). */
  list: () => Promise<k8s.KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
  backoff?: { initialMs: number; maxMs: number };
  /** Abandon and resume a watch with no activity (event or bookmark) for this long. */
  watchdogMs?: number;
  /** A list call that has not answered after this long counts as failed. */
  listTimeoutMs?: number;
}

/** What happened to a cached object. */
export type InformerVerb = 'add' | 'update' | 'delete';

/** Events: 'change' (verb, obj) after the first sync, 'synced' once the first list is in,
 *  'restart' (reason: string) each time listing or watching failed and is retried. */
export class ResilientInformer<T extends k8s.KubernetesObject> extends EventEmitter {
  private readonly opts: ResilientInformerOptions<T>;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly watchdogMs: number;
  private readonly watch: k8s.Watch;
  // key namespace/name -> the newest object seen
  private readonly cache = new Map<string, T>();
  private resourceVersion = '';
  private delayMs: number;
  private stopped = true;
  private syncedOnce = false;
  // bumped for every watch and on stop(): callbacks carrying an older value are stale
  private generation = 0;
  private controller: AbortController | undefined;
  private lastActivity = Date.now();
  private watchdog: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(opts: ResilientInformerOptions<T>) {
    super();
    this.opts = opts;
    this.backoff = opts.backoff ?? { initialMs: 200, maxMs: 30_000 };
    this.watchdogMs = opts.watchdogMs ?? 300_000;
    this.delayMs = this.backoff.initialMs;
    this.watch = new k8s.Watch(opts.kubeConfig);
  }

  /** Starts listing and watching; resolves once the first list has arrived (retrying until it does). */
  start(): Promise<void> {
    if (!this.stopped) throw new Error('informer already started');
    this.stopped = false;
    this.lastActivity = Date.now();
    this.watchdog = setInterval(() => this.checkWatchdog(), Math.max(20, Math.floor(this.watchdogMs / 4)));
    this.watchdog.unref();
    return new Promise<void>((resolve) => {
      const onSynced = (): void => resolve();
      this.once('synced', onSynced);
      this.loop = this.run().finally(() => {
        this.off('synced', onSynced);
        resolve(); // stopped before the first list: nothing more will come
      });
    });
  }

  /** Stops the informer for good; resolves when its loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearInterval(this.watchdog);
    this.controller?.abort();
    this.endWatch?.('silent'); // the loop sees stopped and ends
    this.endWatch = undefined;
    this.wake?.();
    await this.loop;
  }

  /** The cached objects. */
  list(): ReadonlyArray<T> {
    return [...this.cache.values()];
  }

  /** Whether the first list has arrived. */
  get synced(): boolean {
    return this.syncedOnce;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.resourceVersion === '') await this.relist();
        if (this.stopped) return;
        if (!this.syncedOnce) {
          this.syncedOnce = true;
          this.emit('synced');
        }
        const outcome = await this.watchOnce();
        if (outcome === 'expired') this.resourceVersion = ''; // 410: the history we would resume from is gone
        if (outcome === 'silent') {
          this.emit('restart', 'watch silent too long');
          continue; // resume at once: the server was not refusing us
        }
        if (outcome === 'empty') await this.pause(this.nextDelay()); // a server closing every watch at once must not make us spin
      } catch (err: unknown) {
        if (this.stopped) return;
        this.emit('restart', errorText(err));
        await this.pause(this.nextDelay());
      }
    }
  }

  private async relist(): Promise<void> {
    const timeoutMs = this.opts.listTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const list = await Promise.race([
      this.opts.list(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`list timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (this.stopped) return;
    const fresh = new Map<string, T>();
    for (const obj of list.items) fresh.set(keyOf(obj), obj);
    for (const [key, old] of this.cache) {
      if (fresh.has(key)) continue;
      this.cache.delete(key);
      this.notify('delete', old);
    }
    for (const [key, obj] of fresh) this.upsert(key, obj);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.lastActivity = Date.now();
  }

  /** One watch from the current resourceVersion, until its stream ends. */
  private watchOnce(): Promise<'ended' | 'empty' | 'expired' | 'silent'> {
    const gen = ++this.generation;
    const started = Date.now();
    let delivered = false;
    let expired = false;
    this.lastActivity = started;
    return new Promise((resolve, reject) => {
      const params: Record<string, string | boolean | number> = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
      if (this.opts.labelSelector !== undefined) params.labelSelector = this.opts.labelSelector;
      if (this.opts.fieldSelector !== undefined) params.fieldSelector = this.opts.fieldSelector;
      const onEvent = (type: string, obj: T & { code?: number; message?: string }): void => {
        if (gen !== this.generation) return;
        this.lastActivity = Date.now();
        delivered = true;
        if (type === 'ERROR') {
          if (obj.code === 410) {
            expired = true;
            return; // the server ends the stream next
          }
          this.generation++;
          this.endWatch = undefined;
          this.controller?.abort();
          reject(new Error(`watch error event: ${obj.code ?? ''} ${obj.message ?? ''}`.trim()));
          return;
        }
        this.delayMs = this.backoff.initialMs; // a working watch resets the backoff
        const rv = obj.metadata?.resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED') this.upsert(keyOf(obj), obj);
        else if (type === 'DELETED') {
          const key = keyOf(obj);
          if (this.cache.delete(key)) this.notify('delete', obj);
        }
        if (rv) this.resourceVersion = rv;
      };
      const onDone = (err: unknown): void => {
        if (gen !== this.generation) return; // abandoned, failed or stopped: already settled
        this.generation++; // this watch is over: nothing it still says counts
        this.endWatch = undefined;
        if (expired || statusOf(err) === 410) resolve('expired');
        else if (err && !isAbort(err)) reject(err);
        else resolve(delivered || Date.now() - started > 1000 ? 'ended' : 'empty');
      };
      // The watchdog and stop() end this watch from outside (after bumping the generation).
      this.endWatch = resolve;
      this.watch.watch(this.opts.path, params, onEvent, onDone).then((controller) => {
        if (gen !== this.generation) controller.abort(); // stopped or abandoned while connecting
        else this.controller = controller;
      }, (err: unknown) => onDone(err));
    });
  }

  private endWatch: ((outcome: 'silent') => void) | undefined;

  private checkWatchdog(): void {
    if (this.stopped || !this.endWatch || Date.now() - this.lastActivity <= this.watchdogMs) return;
    const end = this.endWatch;
    this.endWatch = undefined;
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    end('silent');
  }

  private upsert(key: string, obj: T): void {
    const old = this.cache.get(key);
    if (old && old.metadata?.resourceVersion !== undefined && old.metadata.resourceVersion === obj.metadata?.resourceVersion) return;
    this.cache.set(key, obj);
    this.notify(old ? 'update' : 'add', obj);
  }

  private notify(verb: InformerVerb, obj: T): void {
    if (this.syncedOnce) this.emit('change', verb, obj);
  }

  private nextDelay(): number {
    const d = this.delayMs;
    this.delayMs = Math.min(this.backoff.maxMs, this.delayMs * 2);
    // Jitter so a whole DaemonSet does not reconnect in the same millisecond.
    return Math.round(d * (0.8 + Math.random() * 0.4));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}

function keyOf(obj: k8s.KubernetesObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; code?: unknown } | null;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return typeof e?.code === 'number' ? e.code : undefined;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || /aborted/i.test(err.message));
}

function errorText(err: unknown): string {
  if (err instanceof k8s.ApiException) return `HTTP ${err.code}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
