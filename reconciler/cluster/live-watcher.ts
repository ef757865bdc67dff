// The long-running form of live observation, for the controller: one resilient informer per
// state-file kind plus the agents' Leases, a snapshot() that builds the ObservedState from the
// caches, each object change as it comes ('object'), and a debounced 'changed'. Lease renewals
// (every 2 s per agent) are not changes; a node's freshness flipping is, and that happens with
// time, not with an event: a timer set for the moment the first fresh Lease would expire
// re-judges them (re-armed on every Lease event, so a renewal pushes it back).
import { EventEmitter } from 'node:events';
import type * as k8s from '@kubernetes/client-node';
import { ResilientInformer, type InformerVerb } from '../kube/resilient-informer.js';
import { listRawJson, RawRequestError, type RawObject } from '../kube/raw-json.js';
import { asStateItem, assembleLive, type AssembleLiveResult } from './live-objects.js';
import { agentLeaseFreshness, nextLeaseExpiry } from './live-lease.js';
import { DEFAULT_LEASES, STATE_RESOURCES, leaseResource, type LeaseLocation, type LiveResource } from './live-resources.js';

/** Options of a LiveWatcher. */
export interface LiveWatcherOptions {
  leases?: LeaseLocation;
  now?: () => Date;
  /** Changes within this window make one 'changed' (default 100 ms). */
  debounceMs?: number;
  /** Lease freshness is re-judged when the first fresh Lease expires, and at least this often (default 1000 ms). */
  leaseCheckMs?: number;
  /** How long after a Lease's expiry it is judged, so the judgement falls after it (default 5 ms). */
  leaseMarginMs?: number;
  /** Passed to each informer. */
  watchdogMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

type RawKubeObject = k8s.KubernetesObject & RawObject;

/** One change to a watched object (not a Lease), as the watch delivered it. */
export interface WatchedChange {
  kind: string;
  verb: InformerVerb;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The object's resourceVersion in the event (for a delete, the deleted object's). */
  resourceVersion: string;
}

/** Watches the cluster. Events: 'object' (WatchedChange) for each object change at once;
 *  'leases' (fresh node names, sorted) when an agent Lease's freshness flips; 'changed'
 *  (debounced) after either; 'restart' (kind, reason) when an informer restarts. */
export class LiveWatcher extends EventEmitter {
  private readonly where: LeaseLocation;
  private readonly now: () => Date;
  private readonly informers: Array<{ resource: LiveResource; informer: ResilientInformer<RawKubeObject> }>;
  private readonly leases: ResilientInformer<RawKubeObject>;
  private debounce: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private freshness = '';
  private started = false;
  // kind/namespace/name -> resourceVersion in the cache, for cachedVersion() without scanning a cache
  private readonly versions = new Map<string, string>();

  constructor(kc: k8s.KubeConfig, private readonly opts: LiveWatcherOptions = {}) {
    super();
    this.where = opts.leases ?? DEFAULT_LEASES;
    this.now = opts.now ?? (() => new Date());
    const make = (r: LiveResource): ResilientInformer<RawKubeObject> => {
      const informer = new ResilientInformer<RawKubeObject>({
        kubeConfig: kc,
        path: r.path,
        list: () => listAsKube(kc, r.path),
        watchdogMs: opts.watchdogMs,
        backoff: opts.backoff,
      });
      informer.on('restart', (reason: string) => this.emit('restart', r.kind, reason));
      return informer;
    };
    this.informers = STATE_RESOURCES.map((resource) => ({ resource, informer: make(resource) }));
    for (const { resource, informer } of this.informers) {
      informer.on('change', (verb: InformerVerb, obj: RawKubeObject) => {
        const meta = obj.metadata ?? {};
        const change: WatchedChange = { kind: resource.kind, verb, namespace: meta.namespace ?? '', name: meta.name ?? '', resourceVersion: meta.resourceVersion ?? '' };
        const key = `${change.kind}/${change.namespace}/${change.name}`;
        if (verb === 'delete') this.versions.delete(key);
        else this.versions.set(key, change.resourceVersion);
        this.emit('object', change);
        this.changed();
      });
    }
    this.leases = make(leaseResource(this.where));
    this.leases.on('change', () => this.checkLeases());
  }

  /** Starts every informer; resolves once each has its first list. */
  async start(): Promise<void> {
    // The first list makes no events: index what it brought (events after it keep the index current).
    const index = ({ resource, informer }: (typeof this.informers)[number]): void => {
      for (const o of informer.list()) this.versions.set(`${resource.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o.metadata?.resourceVersion ?? '');
    };
    await Promise.all([...this.informers.map((i) => i.informer.start().then(() => index(i))), this.leases.start()]);
    this.started = true;
    this.freshness = this.freshnessKey();
    this.armLeaseTimer();
  }

  /** Whether every informer has its first list (and the watcher is not stopped): snapshot() is meaningful. */
  get synced(): boolean {
    return this.started;
  }

  /** Stops watching; waits at most `ms` for the informers' loops to end (shutdown must not hang on one). */
  async stop(ms = 2000): Promise<void> {
    this.started = false;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    let timer: NodeJS.Timeout | undefined;
    const stopped = Promise.all([...this.informers.map((i) => i.informer.stop()), this.leases.stop()]);
    await Promise.race([stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** The resourceVersion of the cached object, undefined when it is not in the cache (or its kind not watched). */
  cachedVersion(kind: string, namespace: string, name: string): string | undefined {
    return this.versions.get(`${kind}/${namespace}/${name}`);
  }

  /** The ObservedState of what the caches hold now, with Leases judged at now(). */
  snapshot(): AssembleLiveResult {
    const items = this.informers.flatMap(({ resource, informer }) => informer.list().map((o) => asStateItem(o, resource)));
    return assembleLive(items, [...this.leases.list()], this.where, this.now());
  }

  private changed(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.emit('changed');
    }, this.opts.debounceMs ?? 100);
  }

  /** When the first Lease fresh now expires (ms since the epoch), or null when none is fresh. */
  nextLeaseExpiry(): number | null {
    return nextLeaseExpiry([...this.leases.list()], this.where, this.now());
  }

  private checkLeases(): void {
    if (!this.started) return;
    const key = this.freshnessKey();
    this.armLeaseTimer();
    if (key === this.freshness) return;
    this.freshness = key;
    this.emit('leases', key === '' ? [] : key.split(','));
    this.changed();
  }

  /** Sets the timer for the next judgement: just after the first fresh Lease expires, at most leaseCheckMs away. */
  private armLeaseTimer(): void {
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    const cap = this.opts.leaseCheckMs ?? 1000;
    const next = this.nextLeaseExpiry();
    const ms = next === null ? cap : Math.min(cap, Math.max(0, next - this.now().getTime()) + (this.opts.leaseMarginMs ?? 5));
    this.leaseTimer = setTimeout(() => this.checkLeases(), ms);
  }

  private freshnessKey(): string {
    const fresh = agentLeaseFreshness([...this.leases.list()], this.where, this.now());
    return [...fresh].filter(([, f]) => f).map(([n]) => n).sort().join(',');
  }
}

/** A raw list in the shape ListWatch expects; a missing Lease namespace is an empty list. */
async function listAsKube(kc: k8s.KubeConfig, path: string): Promise<k8s.KubernetesListObject<RawKubeObject>> {
  try {
    const r = await listRawJson(kc, path);
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: r.resourceVersion }, items: r.items as RawKubeObject[] };
  } catch (err: unknown) {
    if (err instanceof RawRequestError && err.code === 404) return { apiVersion: 'v1', kind: 'List', metadata: {}, items: [] };
    throw err;
  }
}
