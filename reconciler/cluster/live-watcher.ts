// The long-running form of live observation, for the controller: one resilient informer per
// state-file kind plus the agents' Leases, a snapshot() that builds the ObservedState from the
// caches, and a debounced 'changed' event. Lease renewals (every 2 s per agent) are not
// changes; a node's freshness flipping is, and that happens with time, not with an event, so a
// timer re-judges the Leases.
import { EventEmitter } from 'node:events';
import type * as k8s from '@kubernetes/client-node';
import { ResilientInformer } from '../kube/resilient-informer.js';
import { listRawJson, RawRequestError, type RawObject } from '../kube/raw-json.js';
import { asStateItem, assembleLive, type AssembleLiveResult } from './live-objects.js';
import { agentLeaseFreshness } from './live-lease.js';
import { DEFAULT_LEASES, STATE_RESOURCES, leaseResource, type LeaseLocation, type LiveResource } from './live-resources.js';

/** Options of a LiveWatcher. */
export interface LiveWatcherOptions {
  leases?: LeaseLocation;
  now?: () => Date;
  /** Changes within this window make one 'changed' (default 100 ms). */
  debounceMs?: number;
  /** How often Lease freshness is re-judged (default 1000 ms). */
  leaseCheckMs?: number;
  /** Passed to each informer. */
  watchdogMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

type RawKubeObject = k8s.KubernetesObject & RawObject;

/** Watches the cluster. Events: 'changed' (debounced), 'restart' (kind, reason) when an informer restarts. */
export class LiveWatcher extends EventEmitter {
  private readonly where: LeaseLocation;
  private readonly now: () => Date;
  private readonly informers: Array<{ resource: LiveResource; informer: ResilientInformer<RawKubeObject> }>;
  private readonly leases: ResilientInformer<RawKubeObject>;
  private debounce: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private freshness = '';

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
    for (const { informer } of this.informers) informer.on('change', () => this.changed());
    this.leases = make(leaseResource(this.where));
    this.leases.on('change', () => this.checkLeases());
  }

  /** Starts every informer; resolves once each has its first list. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.map((i) => i.informer.start()), this.leases.start()]);
    this.freshness = this.freshnessKey();
    this.leaseTimer = setInterval(() => this.checkLeases(), this.opts.leaseCheckMs ?? 1000);
  }

  /** Stops watching; waits at most `ms` for the informers' loops to end (shutdown must not hang on one). */
  async stop(ms = 2000): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    let timer: NodeJS.Timeout | undefined;
    const stopped = Promise.all([...this.informers.map((i) => i.informer.stop()), this.leases.stop()]);
    await Promise.race([stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
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

  private checkLeases(): void {
    const key = this.freshnessKey();
    if (key === this.freshness) return;
    this.freshness = key;
    this.changed();
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
