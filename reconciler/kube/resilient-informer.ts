// An informer that keeps going. client-node 1.4's ListWatch re-lists by itself after a 410, but
// any other error (API server restarting, connection refused) stops it for good, and a watch
// that hangs silently is never noticed (LIBRARIES.md). This wrapper restarts it with
// exponential backoff and restarts a watch that has been silent longer than the watchdog
// period (cheap: it resumes from the last resourceVersion, no re-list unless the server says 410).
import { EventEmitter } from 'node:events';
import * as k8s from '@kubernetes/client-node';

/** How to list and watch one resource. */
export interface ResilientInformerOptions<T extends k8s.KubernetesObject> {
  kubeConfig: k8s.KubeConfig;
  /** Watch path, e.g. /api/v1/services or /apis/gitlb.io/v1/nodeannouncements. */
  path: string;
  /** The list call; it must apply the same selectors (the library applies them to the watch only). */
  list: () => Promise<k8s.KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
  backoff?: { initialMs: number; maxMs: number };
  /** Restart a watch with no activity for this long. */
  watchdogMs?: number;
}

/** Events: 'change' (verb: 'add'|'update'|'delete', obj) after the first sync, 'synced' once the
 *  first list is in, 'restart' (reason: string) each time it is restarted. */
export class ResilientInformer<T extends k8s.KubernetesObject> extends EventEmitter {
  private readonly lw: k8s.ListWatch<T>;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly watchdogMs: number;
  private delayMs: number;
  private lastActivity = Date.now();
  private restarting = false;
  private stopped = true;
  private timers = new Set<NodeJS.Timeout>();
  private watchdog: NodeJS.Timeout | null = null;
  private syncedOnce = false;
  private attempting = false;
  private attemptError: unknown = null;

  constructor(opts: ResilientInformerOptions<T>) {
    super();
    this.backoff = opts.backoff ?? { initialMs: 200, maxMs: 30_000 };
    this.watchdogMs = opts.watchdogMs ?? 300_000;
    this.delayMs = this.backoff.initialMs;
    this.lw = new k8s.ListWatch<T>(opts.path, new k8s.Watch(opts.kubeConfig), opts.list, false, opts.labelSelector, opts.fieldSelector);
    for (const verb of ['add', 'update', 'delete'] as const) {
      this.lw.on(verb, (obj: T) => {
        this.lastActivity = Date.now();
        this.delayMs = this.backoff.initialMs;
        if (this.syncedOnce) this.emit('change', verb, obj);
      });
    }
    this.lw.on('connect', () => {
      this.lastActivity = Date.now();
    });
    this.lw.on('error', (err: unknown) => {
      if (this.attempting) {
        this.attemptError = err;
        return;
      }
      // Our own stop() aborts the request and the library reports that as an error too.
      if (this.stopped || this.restarting) return;
      this.scheduleRestart(`watch failed: ${errorText(err)}`);
    });
  }

  /** Starts listing and watching; resolves once the first list has arrived (retrying until it does). */
  async start(): Promise<void> {
    this.stopped = false;
    this.watchdog = setInterval(() => {
      if (!this.restarting && Date.now() - this.lastActivity > this.watchdogMs) this.scheduleRestart('watch silent too long', 0);
    }, Math.max(50, Math.floor(this.watchdogMs / 4)));
    for (;;) {
      const err = await this.attempt();
      if (this.stopped) return;
      if (err === null) break;
      this.emit('restart', `list failed: ${errorText(err)}`);
      await this.sleep(this.nextDelay());
    }
    this.syncedOnce = true;
    this.lastActivity = Date.now();
    this.emit('synced');
  }

  /** Stops the informer for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.lw.stop();
  }

  /** The cached objects. */
  list(): ReadonlyArray<T> {
    return this.lw.list();
  }

  /** Whether the first list has arrived. */
  get synced(): boolean {
    return this.syncedOnce;
  }

  private scheduleRestart(reason: string, delayMs = this.nextDelay()): void {
    if (this.stopped || this.restarting) return;
    this.restarting = true;
    this.emit('restart', reason);
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.restart();
    }, delayMs);
    this.timers.add(t);
  }

  private async restart(): Promise<void> {
    await this.lw.stop();
    if (this.stopped) return;
    this.lastActivity = Date.now();
    const err = await this.attempt();
    this.restarting = false;
    if (err !== null) this.scheduleRestart(`restart failed: ${errorText(err)}`);
  }

  /** One start of the underlying ListWatch. In 1.4 start() does not reject when the list or the
   *  watch request fails: the failure arrives as an 'error' callback, caught here. */
  private async attempt(): Promise<unknown> {
    this.attempting = true;
    this.attemptError = null;
    try {
      await this.lw.start();
    } catch (err: unknown) {
      this.attemptError = err;
    } finally {
      this.attempting = false;
    }
    return this.attemptError;
  }

  private nextDelay(): number {
    const d = this.delayMs;
    this.delayMs = Math.min(this.backoff.maxMs, this.delayMs * 2);
    // Jitter so a whole DaemonSet does not reconnect in the same millisecond.
    return Math.round(d * (0.8 + Math.random() * 0.4));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

function errorText(err: unknown): string {
  if (err instanceof k8s.ApiException) return `HTTP ${err.code}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
