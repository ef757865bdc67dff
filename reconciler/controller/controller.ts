// The reconcile loop: on a source poll, a cluster change or a periodic resync it reads the
// config, and when the revision is valid and this instance leads, observes, plans and applies.
// A poll reads the source outside the run and hands the run its read (serial-source.ts), so a
// run that a new Service waits for does not wait behind a git fetch (only the first run and a
// new leader's read the source themselves).
// Runs are single-flight: triggers during a run coalesce into one more run, so a burst of
// Service events costs at most two plans. The watch echoes of the controller's own writes are
// not news: after a run whose apply ended ok they trigger nothing (own-writes.ts), while any
// other event, even to an object it just wrote, still does. A node's agent Lease expiring
// triggers a run by itself, at the moment it expires (the watcher times it). A run asked for
// only by the cluster plans from the watcher's caches instead of listing everything again, once
// the caches hold every write the controller made (read-your-writes); a conflict, or caches that
// do not catch up within a second, fall back to a fresh list. An invalid or
// unreadable revision changes nothing in the cluster; what was applied last stays in force and
// the status says why the new one was not. At start the revision applied is read back from the
// instance's ReconcilerStatus, so a restart does not make the status forget it; when the newest
// revision cannot be used then, a source with history (git) loads that applied revision again so
// it is still kept in force.
import { EventEmitter } from 'node:events';
import type * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ConfigError } from '../config/generated/reconcilerstatus.generated.js';
import type { Diagnostic } from '../config/diagnostic.js';
import type { DesiredState } from '../config/model.js';
import { observeCluster } from '../cluster/live-observer.js';
import { LiveWatcher, type LiveWatcherOptions, type WatchedChange } from '../cluster/live-watcher.js';
import type { LeaseLocation } from '../cluster/live-resources.js';
import type { ObservedState } from '../cluster/observed.js';
import { applyWithReplan, type ApplyWithReplanResult } from '../apply/apply-with-replan.js';
import type { RefusedChange } from '../apply/apply-outcome.js';
import type { ClusterWriter } from '../apply/cluster-writer.js';
import { kubeClusterWriter } from '../apply/kube-cluster-writer.js';
import { leaderOnly } from './leader-only-writer.js';
import { OwnWrites, recordingWriter } from './own-writes.js';
import type { LeaderElector } from '../kube/leader-election.js';
import type { ConfigSource, SourceRead } from './config-source.js';
import { SerialSource } from './serial-source.js';
import type { ControllerMetrics } from './metrics.js';
import type { ReconcilerStatusWriter, StatusFacts, StatusPhase } from './reconciler-status.js';

/** What one run came to. */
export type RunOutcome =
  /** `planned` is false for a poll that found the revision of a clean run and no news since: nothing to plan. */
  | { outcome: 'ok'; revision: string; written: number; planned: boolean }
  | { outcome: 'invalid'; revision: string | null; errors: ConfigError[] }
  | { outcome: 'source-failed'; reason: 'unreachable' | 'unsigned' | 'missing-path'; revision: string | null; message: string }
  | { outcome: 'refused'; revision: string; refused: RefusedChange[] }
  | { outcome: 'conflict'; revision: string; message: string }
  | { outcome: 'error'; revision: string | null; message: string }
  /** Valid, but another instance leads: nothing applied. */
  | { outcome: 'standby'; revision: string };

/** What the controller needs. */
export interface ControllerOptions {
  kc: k8s.KubeConfig;
  source: ConfigSource;
  /** How often the source is polled. */
  intervalMs: number;
  /** How often a full run happens with no trigger at all (default 5 min). */
  resyncMs?: number;
  /** Triggers within this window make one run (default 20 ms: enough to fold a burst of watch
   *  events into one run; what comes later waits for the run in progress anyway, single-flight,
   *  so a longer window only adds to every Service's wait for its address). */
  debounceMs?: number;
  allowDisruption?: boolean;
  /** Where the agents' heartbeat Leases are. */
  leases?: LeaseLocation;
  status?: ReconcilerStatusWriter;
  metrics?: ControllerMetrics;
  /** With an elector only its leader applies; without one this instance always applies. */
  elector?: LeaderElector;
  /** Defaults to kubeClusterWriter(kc). */
  writer?: ClusterWriter;
  maxRetries?: number;
  watcher?: LiveWatcherOptions;
  /** Plan cluster-triggered runs from the watcher's caches (default true); false lists every time. */
  observeFromCache?: boolean;
  now?: () => Date;
  log?: Logger;
}

/** The controller. Emits 'run' with each RunOutcome. */
export class Controller extends EventEmitter {
  private readonly now: () => Date;
  private readonly writer: ClusterWriter;
  private readonly own = new OwnWrites();
  private readonly source: SerialSource;
  /** The poll's read in progress (made outside the run), or null. */
  private polling: Promise<void> | null = null;
  /** A poll's read threw: the next run reads the source itself (and reports what goes wrong). */
  private readInRun = false;
  /** The status writes asked for, in order (the last one's promise). */
  private statusWrites: Promise<void> = Promise.resolve();
  /** Own writes the watcher's caches do not hold yet: planning from the caches waits for them. */
  private readonly unseen = new OwnWrites();
  private caughtUpWaiters: Array<() => void> = [];
  /** Object events that arrived during a run: judged at its end, once the run's writes are all known. */
  private held: WatchedChange[] = [];
  /** Whether the last run's apply ended ok: only then are the echoes of its writes ignored. */
  private settled = false;
  /** Whether the run in progress got an apply to end ok. */
  private applyOk = false;
  /** The revision of the last run when it ended ok, else null: a poll finding it again, with no news since, has nothing to plan. */
  private cleanRevision: string | null = null;
  /** Whether the previous revisionApplied was read back from the ReconcilerStatus. */
  private restored = false;
  private watcher: LiveWatcher | null = null;
  private timers: NodeJS.Timeout[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  /** Why the next run was asked for. */
  private reasons = new Set<string>();
  /** The last source read: a run asked for only by cluster events re-uses it (the source is polled on its own timer). */
  private lastRead: SourceRead | null = null;
  private stopped = true;
  private applied: { revision: string; at: string } | null = null;
  private seen: string | null = null;
  /** The config of `applied`, kept in force while newer revisions are refused. */
  private lastGood: DesiredState | null = null;
  /** `applied revision|seen revision` of the last attempt to load lastGood from the source after
   *  a restart: tried once per head, not on every poll of a broken or unreachable source. */
  private reloadTried: string | null = null;
  /** The last run's outcome, null before the first. */
  last: RunOutcome | null = null;
  /** Runs completed. */
  runs = 0;
  /** Plans made (a run makes none when its source failed, one or more otherwise). */
  plans = 0;
  /** Watch events recognised as echoes of this controller's own writes, and so ignored. */
  ownEchoes = 0;
  /** Observations taken from the watcher's caches rather than from a list. */
  cachedObservations = 0;

  constructor(private readonly opts: ControllerOptions) {
    super();
    this.now = opts.now ?? (() => new Date());
    this.source = new SerialSource(opts.source);
    this.writer = leaderOnly(recordingWriter(opts.writer ?? kubeClusterWriter(opts.kc), (kind, namespace, name, rv) => this.noteWrite(kind, namespace, name, rv)), () => this.isLeader());
  }

  /** Whether this instance may apply now. */
  isLeader(): boolean {
    return this.opts.elector ? this.opts.elector.isLeader : true;
  }

  /** Starts the triggers, the watcher and (with an elector) the election; runs once at once. */
  start(): void {
    this.stopped = false;
    const { elector, metrics } = this.opts;
    metrics?.setLeader(this.isLeader());
    if (elector) {
      elector.on('started', () => {
        metrics?.setLeader(true);
        this.opts.log?.info({ op: 'leader', leader: true }, 'became leader');
        this.trigger('leader');
      });
      elector.on('stopped', () => {
        metrics?.setLeader(false);
        this.opts.log?.info({ op: 'leader', leader: false }, 'lost leadership; applying stops');
        this.trigger('leader');
      });
      elector.on('error', (err: Error) => this.opts.log?.warn({ op: 'leader', reason: 'api-error' }, err.message));
      elector.start();
    }
    this.watcher = new LiveWatcher(this.opts.kc, { leases: this.opts.leases, now: this.now, ...this.opts.watcher });
    this.watcher.on('object', (c: WatchedChange) => {
      // The informer has put it in its cache before telling us.
      if (this.unseen.consume(c) && this.unseen.size === 0) for (const wake of this.caughtUpWaiters.splice(0)) wake();
      this.onObject(c);
    });
    this.watcher.on('leases', () => this.trigger('lease'));
    // Not awaited: an unreachable API must not stop the source polls or the status from saying so.
    this.watcher.start().catch((err: unknown) => this.opts.log?.warn({ op: 'watch', reason: 'start-failed' }, String(err)));
    this.timers.push(setInterval(() => this.poll(), this.opts.intervalMs));
    this.timers.push(setInterval(() => this.trigger('resync'), this.opts.resyncMs ?? 300_000));
    this.trigger('start');
  }

  /** Stops every trigger, waits for the run in progress, and releases the Lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    const elector = this.opts.elector;
    if (elector) {
      // A renewal in flight when stop() is called can land after the release and make this
      // instance leader again (LeaderElector does not await its tick); release once more then.
      elector.once('started', () => void elector.stop());
      await elector.stop();
    }
    for (const wake of this.caughtUpWaiters.splice(0)) wake();
    await this.polling;
    await this.running;
    await this.statusWrites;
    await this.watcher?.stop();
    await this.source.close();
  }

  /** Reads the source ahead of the run it then asks for (serial-source.ts says why); one poll at a time. */
  private poll(): void {
    if (this.stopped || this.polling) return;
    this.polling = this.source
      .readAhead()
      // A read that throws is read again inside the run, which reports it like any failed run.
      .catch(() => {
        this.readInRun = true;
      })
      .then(() => this.trigger('poll'))
      .finally(() => {
        this.polling = null;
      });
  }

  /** Asks for a run; coalesces with a pending or running one. */
  trigger(why: string): void {
    if (this.stopped) return;
    this.opts.metrics?.recordTrigger(why);
    this.reasons.add(why);
    if (this.running) {
      this.pending = true;
      return;
    }
    if (this.debounce) return;
    this.opts.log?.debug({ op: 'trigger', reason: why }, 'reconcile requested');
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.running = this.loop().finally(() => {
        this.running = null;
        // Events that came after the loop's last look: judge them now.
        for (const c of this.held.splice(0)) this.onObject(c);
      });
    }, this.opts.debounceMs ?? 20);
  }

  /** A watched object changed: news unless it is the echo of a write of a run that ended ok. */
  private onObject(c: WatchedChange): void {
    if (this.stopped) return;
    if (this.running) {
      // Its write may still be in flight (the echo can overtake the response): judge it at the run's end.
      this.held.push(c);
      return;
    }
    if (this.isEcho(c)) return;
    this.trigger('cluster');
  }

  private isEcho(c: WatchedChange): boolean {
    if (!this.settled || !this.own.consume(c)) return false;
    this.ownEchoes++;
    this.opts.metrics?.recordOwnEcho();
    return true;
  }

  private async loop(): Promise<void> {
    do {
      this.pending = false;
      this.applyOk = false;
      const reasons = this.reasons;
      this.reasons = new Set();
      const started = Date.now();
      let outcome: RunOutcome;
      try {
        outcome = await this.runOnce(reasons);
      } catch (err: unknown) {
        outcome = { outcome: 'error', revision: this.seen, message: err instanceof Error ? err.message : String(err) };
        await this.writeStatus({ phase: 'retrying', reason: 'Error', message: outcome.message }, []);
      }
      // Every write of this run has answered now, so each held event is either a known echo or news.
      this.settled = this.applyOk;
      this.own.prune(OWN_WRITE_MAX_AGE_MS);
      for (const c of this.held.splice(0)) {
        if (this.isEcho(c)) continue;
        this.pending = true;
        this.reasons.add('cluster');
        this.opts.metrics?.recordTrigger('cluster');
      }
      this.cleanRevision = outcome.outcome === 'ok' ? outcome.revision : null;
      // A run that changed nothing and ended like the one before it is logged at debug: with a
      // 1 s poll an idle controller would otherwise say "reconcile: ok" every second.
      const repeated = this.last !== null && logKey(this.last) === logKey(outcome) && (outcome.outcome !== 'ok' || outcome.written === 0);
      this.last = outcome;
      this.runs++;
      this.opts.metrics?.recordRun(outcome.outcome, (Date.now() - started) / 1000);
      const level = repeated ? 'debug' : outcome.outcome === 'ok' || outcome.outcome === 'standby' ? 'info' : 'warn';
      this.opts.log?.[level]({ op: 'reconcile', revision: outcome.revision, outcome: outcome.outcome, reason: reasonOf(outcome), ...(outcome.outcome === 'ok' ? { written: outcome.written } : {}) }, `reconcile: ${outcome.outcome}`);
      this.emit('run', outcome);
    } while (this.pending && !this.stopped);
  }

  private async runOnce(reasons: ReadonlySet<string>): Promise<RunOutcome> {
    await this.restoreApplied();
    // A Service or a node changing says nothing about the source: a git fetch would only delay
    // the plan. Polls read ahead and keep the source fresh, so a resync takes their read too;
    // only the first run and a new leader's read it here.
    const clusterOnly = [...reasons].every((r) => CLUSTER_REASONS.has(r));
    const last = this.readInRun || reasons.has('start') || reasons.has('leader') ? null : this.lastRead;
    this.readInRun = false;
    const read = this.source.take() ?? last ?? (await this.source.read());
    this.lastRead = read;
    if (!read.ok) {
      if (read.revision) this.seen = read.revision;
      const reason = { unreachable: 'SourceUnreachable', unsigned: 'UnsignedCommit', 'missing-path': 'MissingPath' }[read.reason];
      await this.writeStatus({ phase: 'stalled', reason, message: `${read.message}; ${this.inForce()}` }, []);
      await this.keepInForce(clusterOnly);
      return { outcome: 'source-failed', reason: read.reason, revision: read.revision, message: read.message };
    }
    this.seen = read.revision;
    if (!read.config.ok) {
      const errors = read.config.diagnostics.filter((d) => d.severity === 'error').map(toConfigError);
      const message = `revision ${read.revision ?? '(unknown)'} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}, first ${firstError(read.config.diagnostics)}); ${this.inForce()}`;
      await this.writeStatus({ phase: 'stalled', reason: 'InvalidRevision', message }, errors);
      await this.keepInForce(clusterOnly);
      return { outcome: 'invalid', revision: read.revision, errors };
    }
    const desired = read.config.value;
    const revision = desired.revision;
    if (!this.isLeader()) {
      await this.writeStatus({ phase: 'standby', message: 'another instance holds the leader Lease; observing only' }, []);
      return { outcome: 'standby', revision };
    }
    // Only polls asked, the source is where the last clean run left it, and no watch event or Lease
    // expiry came since (either would have asked too): the plan would be empty. Resyncs still plan.
    if (reasons.size > 0 && [...reasons].every((r) => r === 'poll') && this.cleanRevision === revision && this.settled) {
      this.applyOk = true;
      // Unchanged facts write nothing; this only retries a status write that failed last time.
      await this.writeStatus({ phase: 'ready', message: `revision ${revision} is applied` }, []);
      return { outcome: 'ok', revision, written: 0, planned: false };
    }
    const result = await this.applyDesired(desired, true, clusterOnly);
    const o = result.outcome;
    if (!this.isLeader()) {
      await this.writeStatus({ phase: 'standby', message: 'lost the leader Lease during the run; stopped applying' }, []);
      return { outcome: 'standby', revision };
    }
    switch (o.outcome) {
      case 'ok':
        if (this.applied?.revision !== revision || o.written > 0) this.applied = { revision, at: this.now().toISOString() };
        this.lastGood = desired;
        this.opts.metrics?.setAppliedRevision(revision);
        await this.writeStatus({ phase: 'ready', message: `revision ${revision} is applied` }, []);
        return { outcome: 'ok', revision, written: o.written, planned: true };
      case 'refused': {
        const services = o.refused.flatMap((r) => r.services);
        const message = `revision ${revision} needs disruptive changes (${services.join(', ') || o.refused.map((r) => r.target).join(', ')}: ${o.refused[0]?.reason ?? ''}); run with --allow-disruption to apply them; ${this.inForce()}`;
        await this.writeStatus({ phase: 'stalled', reason: 'DisruptionRefused', message }, []);
        await this.keepInForce(clusterOnly);
        return { outcome: 'refused', revision, refused: o.refused };
      }
      case 'conflict': {
        const message = `the cluster kept changing: ${o.conflicts[0]?.target ?? ''}: ${o.conflicts[0]?.message ?? ''}`;
        await this.writeStatus({ phase: 'retrying', reason: 'Conflict', message }, []);
        return { outcome: 'conflict', revision, message };
      }
      case 'failed': {
        const message = `writes failed: ${o.failures[0]?.target ?? ''}: ${o.failures[0]?.message ?? ''}`;
        await this.writeStatus({ phase: 'retrying', reason: 'WriteFailed', message }, []);
        return { outcome: 'error', revision, message };
      }
      case 'unobservable':
        await this.writeStatus({ phase: 'retrying', reason: 'ClusterUnreadable', message: o.message }, []);
        return { outcome: 'error', revision, message: o.message };
    }
  }

  /** Observes, plans and applies `desired`; `report` sets Reconciling when the plan has writes;
   *  `fromCache` lets the first observation come from the watcher's caches. */
  private async applyDesired(desired: DesiredState, report: boolean, fromCache: boolean): Promise<ApplyWithReplanResult> {
    let attempt = 0;
    const r = await applyWithReplan({
      desired,
      observe: async () => {
        // After a conflict the caches may lag whatever the conflict was about: list.
        if (fromCache && ++attempt === 1) {
          const cached = await this.observeCache();
          if (cached) return { ok: true, observed: cached };
        }
        const r = await observeCluster(this.opts.kc, { leases: this.opts.leases, now: this.now });
        return r.ok ? { ok: true, observed: r.value.observed } : r;
      },
      writer: this.writer,
      allowDisruption: this.opts.allowDisruption,
      maxRetries: this.opts.maxRetries ?? 3,
      onPlan: async (p) => {
        this.plans++;
        this.opts.metrics?.recordPlan(desired, p);
        // Only a plan with writes is "work": an idle poll must not flip Reconciling back and forth.
        // Not awaited: the writes need not wait a round trip for it; the status writes stay in order.
        if (report && p.changes.length > 0) this.writeStatus({ phase: 'reconciling', message: `applying ${p.changes.length} change(s) of ${desired.revision}` }, []).catch(() => undefined);
      },
      now: this.now,
      log: this.opts.log,
    });
    this.applyOk = r.outcome.outcome === 'ok';
    return r;
  }

  /** The ObservedState of the watcher's caches, once they hold every write this controller made
   *  (a plan from caches missing an own write could hand out an address it just gave away);
   *  null when they are not synced or do not catch up in time, and the caller lists instead. */
  private async observeCache(): Promise<ObservedState | null> {
    const watcher = this.watcher;
    if (this.opts.observeFromCache === false || !watcher?.synced) return null;
    // A write whose echo a re-list folded away never shows: give up on it after a while.
    this.unseen.prune(UNSEEN_MAX_AGE_MS);
    if (this.unseen.size > 0) this.unseen.settleFrom((kind, namespace, name) => watcher.cachedVersion(kind, namespace, name));
    if (this.unseen.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.caughtUpWaiters.push(resolve);
        timer = setTimeout(resolve, CACHE_WAIT_MS);
      });
      clearTimeout(timer);
      if (this.unseen.size > 0) {
        this.opts.log?.debug({ op: 'observe', reason: 'cache-behind', pending: this.unseen.size }, 'the watch caches lag own writes; listing');
        return null;
      }
    }
    const snap = watcher.snapshot();
    if (!snap.ok) return null;
    this.cachedObservations++;
    return snap.observed;
  }

  /** Notes an own write: its echo is to be ignored, and the caches must show it before a plan from them. */
  private noteWrite(kind: string, namespace: string, name: string, rv: string): void {
    this.own.record(kind, namespace, name, rv);
    // The echo can overtake the write's response, and a write racing the first list comes in the list, with no event.
    const cached = this.watcher?.cachedVersion(kind, namespace, name);
    if (rv === '' ? cached === undefined && this.watcher?.synced : cached === rv) return;
    this.unseen.record(kind, namespace, name, rv);
  }

  /** Reads revisionApplied back from this instance's ReconcilerStatus once, so a restart does not
   *  report "nothing applied" (the cluster still holds what that revision wrote). */
  private async restoreApplied(): Promise<void> {
    if (this.restored || !this.opts.status) return;
    const prior = await this.opts.status.readApplied();
    if (prior === null) return; // unreadable now: try again next run
    this.restored = true;
    if (this.applied || !prior.revisionApplied) return;
    this.applied = { revision: prior.revisionApplied, at: prior.lastAppliedTime ?? this.now().toISOString() };
    this.opts.metrics?.setAppliedRevision(prior.revisionApplied);
  }

  /** While the newest revision cannot be used, the last applied one stays in force: cluster
   *  changes (a new Service, a node going away) are still served from it, under the same disruption rule. */
  private async keepInForce(fromCache: boolean): Promise<void> {
    if (!this.isLeader()) return;
    if (!this.lastGood) await this.reloadApplied();
    if (!this.lastGood) return;
    const r = await this.applyDesired(this.lastGood, false, fromCache);
    if (r.outcome.outcome !== 'ok') this.opts.log?.warn({ op: 'reconcile', revision: this.lastGood.revision, outcome: r.outcome.outcome }, 'could not keep the revision in force up to date');
  }

  /** After a restart only the id of the applied revision is known (read back from the status):
   *  loads its config from the source, when the source has history, so it can be kept in force.
   *  On failure nothing is kept in force (new Services wait for a valid revision), as before. */
  private async reloadApplied(): Promise<void> {
    const revision = this.applied?.revision;
    if (!revision) return;
    const key = `${revision}|${this.seen ?? ''}`;
    if (this.reloadTried === key) return;
    const reading = this.source.readAt(revision);
    if (!reading) return;
    this.reloadTried = key;
    const r = await reading;
    if (r.ok && r.config.ok) {
      this.lastGood = r.config.value;
      this.opts.log?.info({ op: 'reload', revision }, 'loaded the applied revision again; it is kept in force');
      return;
    }
    const reason = r.ok ? `it no longer loads: ${firstError(r.config.diagnostics)}` : r.message;
    this.opts.log?.warn({ op: 'reload', revision, reason }, 'cannot load the applied revision again; new Services wait for a valid revision');
  }

  private inForce(): string {
    return this.applied ? `revision ${this.applied.revision} stays in force` : 'nothing was applied yet';
  }

  /** Writes the status as the facts are now; writes land in the order asked for. */
  private writeStatus(state: StatusPhase, errors: ConfigError[]): Promise<void> {
    const facts: StatusFacts = {
      leader: this.isLeader(),
      revisionSeen: this.seen,
      revisionApplied: this.applied?.revision ?? null,
      lastAppliedTime: this.applied?.at ?? null,
      errors,
      state,
    };
    const written = this.statusWrites.then(async () => {
      await this.opts.status?.update(facts);
    });
    // update() logs its own failures; a rejection here must not stop the writes after it.
    this.statusWrites = written.catch(() => undefined);
    return written;
  }
}

/** Triggers that come from the cluster, not from the source. */
const CLUSTER_REASONS: ReadonlySet<string> = new Set(['cluster', 'lease']);

/** An own write whose echo has not come after this long will not come (the watch folded it). */
const OWN_WRITE_MAX_AGE_MS = 60_000;

/** How long a cluster-triggered run waits for the caches to show its own writes before listing. */
const CACHE_WAIT_MS = 1000;

/** An own write not in the caches after this long never will be (a re-list folded it): stop waiting for it. */
const UNSEEN_MAX_AGE_MS = 10_000;

function toConfigError(d: Diagnostic): ConfigError {
  // A diagnostic without a file (an empty tree) still names the rule; 1:1 keeps the schema's 1-based positions.
  return { file: d.loc?.file ?? '.', line: d.loc?.line ?? 1, col: d.loc?.col ?? 1, rule: d.rule, message: d.message };
}

/** The first error of a load, located, for a status message or a log line. */
function firstError(diagnostics: Diagnostic[]): string {
  const first = diagnostics.filter((d) => d.severity === 'error').map(toConfigError)[0];
  return first ? `${first.file}:${first.line}:${first.col}: ${first.message}` : 'no detail';
}

/** What makes two runs' log lines the same. */
function logKey(o: RunOutcome): string {
  return `${o.outcome}|${o.revision ?? ''}|${reasonOf(o) ?? ''}`;
}

function reasonOf(o: RunOutcome): string | undefined {
  switch (o.outcome) {
    case 'source-failed':
      return o.reason;
    case 'invalid':
      return o.errors[0] ? `${o.errors[0].file}:${o.errors[0].line}:${o.errors[0].col} ${o.errors[0].rule ?? ''}`.trim() : undefined;
    case 'refused':
      return o.refused[0]?.reason;
    case 'conflict':
    case 'error':
      return o.message;
    default:
      return undefined;
  }
}
