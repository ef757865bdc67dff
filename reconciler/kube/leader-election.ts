// Lease-based leader election (client-go's algorithm, which client-node 1.4 lacks): every
// retryPeriod the candidate reads the Lease; it takes it when it is free or expired, renews it
// when it holds it, and writes only with the resourceVersion it read, so two candidates can
// never both win (the loser gets 409). Expiry is judged by when *this* process last saw the
// record change, not by the holder's timestamps, so clock skew between hosts does not matter.
import { EventEmitter } from 'node:events';
import * as k8s from '@kubernetes/client-node';

/** How to elect. Durations in milliseconds. */
export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  /** A leader that cannot renew for this long steps down (must be < leaseDurationMs). */
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Injected clock (ms since epoch). */
  now?: () => number;
}

/** Emits 'started' when this process becomes leader, 'stopped' when it loses or gives up leadership,
 *  and 'error' (non-fatal, the loop goes on) with an Error when the API fails. */
export class LeaderElector extends EventEmitter {
  private leading = false;
  private timer: NodeJS.Timeout | null = null;
  private observedRecord = '';
  private observedAt = 0;
  private lastRenew = 0;
  private readonly now: () => number;
  private stopped = false;
  private inFlight: Promise<void> = Promise.resolve();
  /** Whether our last write made us the Lease holder (may differ from `leading` while stopping). */
  private holdsLease = false;

  constructor(private readonly api: k8s.CoordinationV1Api, private readonly opts: LeaderElectionOptions) {
    super();
    this.now = opts.now ?? Date.now;
  }

  /** Whether this process holds the Lease right now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts the election loop. */
  start(): void {
    this.stopped = false;
    this.inFlight = this.tick();
  }

  /** Stops the loop; a leader releases the Lease (holder cleared) so a standby takes over at once,
   *  unless `release` is false (then a standby waits out the lease, as after a crash). */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A renewal already in flight could otherwise land after the release and make this
    // instance leader again after stop().
    await this.inFlight;
    this.setLeading(false);
    if (this.holdsLease && release) await this.release().catch((err: unknown) => this.emit('error', asError(err)));
    this.holdsLease = false;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const held = await this.tryAcquireOrRenew();
      this.holdsLease = held;
      if (held) this.lastRenew = this.now();
      // Once stopping, stop() (which waits for this tick) decides: it releases what we hold.
      if (!this.stopped) this.setLeading(held);
    } catch (err: unknown) {
      this.emit('error', asError(err));
      if (this.leading && this.now() - this.lastRenew > this.opts.renewDeadlineMs) this.setLeading(false);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => {
        this.inFlight = this.tick();
      }, this.opts.retryPeriodMs);
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.opts;
    const now = this.now();
    let lease: k8s.V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err: unknown) {
      if (statusCode(err) !== 404) throw err;
      await this.api.createNamespacedLease({ namespace, body: this.leaseBody(undefined, now, true) });
      return true;
    }
    const spec = lease.spec ?? {};
    const record = `${spec.holderIdentity ?? ''}/${String(spec.renewTime ?? '')}/${spec.leaseTransitions ?? 0}`;
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = now;
    }
    const holder = spec.holderIdentity ?? '';
    const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
    if (holder && holder !== identity && this.observedAt + durationMs > now) return false;
    const acquiring = holder !== identity;
    try {
      await this.api.replaceNamespacedLease({ name, namespace, body: this.leaseBody(lease, now, acquiring) });
    } catch (err: unknown) {
      if (statusCode(err) === 409) return false; // someone else wrote first: read again next tick
      throw err;
    }
    return true;
  }

  private leaseBody(current: k8s.V1Lease | undefined, now: number, acquiring: boolean): k8s.V1Lease {
    const { namespace, name, identity, leaseDurationMs } = this.opts;
    const spec = current?.spec ?? {};
    const stamp = new k8s.V1MicroTime(now);
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace, ...(current?.metadata?.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}) },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
        acquireTime: acquiring ? stamp : spec.acquireTime ?? stamp,
        renewTime: stamp,
        leaseTransitions: (spec.leaseTransitions ?? 0) + (acquiring && current ? 1 : 0),
      },
    };
  }

  private async release(): Promise<void> {
    const { namespace, name, identity } = this.opts;
    const lease = await this.api.readNamespacedLease({ name, namespace });
    if (lease.spec?.holderIdentity !== identity) return;
    await this.api.replaceNamespacedLease({
      name,
      namespace,
      body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new k8s.V1MicroTime(this.now()) } },
    });
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.emit(leading ? 'started' : 'stopped');
  }
}

/** The HTTP status of a client-node ApiException, or 0. */
export function statusCode(err: unknown): number {
  if (err instanceof k8s.ApiException) return err.code;
  return 0;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
