// The reconcile loop: on a source poll, a cluster change or a periodic resync it reads the
// config, and when the revision is valid and this instance leads, observes, plans and applies.
// Runs are single-flight: triggers during a run coalesce into one more run, so a burst of
// Service events costs at most two plans. An invalid or unreadable revision changes nothing in
// the cluster; what was applied last stays in force and the status says why the new one was not.
import { EventEmitter } from 'node:events';
import type * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ConfigError } from '../config/generated/reconcilerstatus.generated.js';
import type { Diagnostic } from '../config/diagnostic.js';
import type { DesiredState } from '../config/model.js';
import { observeCluster } from '../cluster/live-observer.js';
import { LiveWatcher, type LiveWatcherOptions } from '../cluster/live-watcher.js';
import type { LeaseLocation } from '../cluster/live-resources.js';
import { applyWithReplan, type ApplyWithReplanResult } from '../apply/apply-with-replan.js';
import type { RefusedChange } from '../apply/apply-outcome.js';
import type { ClusterWriter } from '../apply/cluster-writer.js';
import { kubeClusterWriter } from '../apply/kube-cluster-writer.js';
import { leaderOnly } from './leader-only-writer.js';
import type { LeaderElector } from '../kube/leader-election.js';
import type { ConfigSource } from './config-source.js';
import type { ControllerMetrics } from './metrics.js';
import type { ReconcilerStatusWriter, StatusFacts, StatusPhase } from './reconciler-status.js';

/** What one run came to. */
export type RunOutcome =
  | { outcome: 'ok'; revision: string; written: number }
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
  /** Triggers within this window make one run (default 100 ms). */
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
  now?: () => Date;
  log?: Logger;
}

/** The controller. Emits 'run' with each RunOutcome. */
export class Controller extends EventEmitter {
  private readonly now: () => Date;
  private readonly writer: ClusterWriter;
  private watcher: LiveWatcher | null = null;
  private timers: NodeJS.Timeout[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private stopped = true;
  private applied: { revision: string; at: string } | null = null;
  private seen: string | null = null;
  /** The config of `applied`, kept in force while newer revisions are refused. */
  private lastGood: DesiredState | null = null;
  /** The last run's outcome, null before the first. */
  last: RunOutcome | null = null;
  /** Runs completed. */
  runs = 0;

  constructor(private readonly opts: ControllerOptions) {
    super();
    this.now = opts.now ?? (() => new Date());
    this.writer = leaderOnly(opts.writer ?? kubeClusterWriter(opts.kc), () => this.isLeader());
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
    this.watcher.on('changed', () => this.trigger('cluster'));
    // Not awaited: an unreachable API must not stop the source polls or the status from saying so.
    this.watcher.start().catch((err: unknown) => this.opts.log?.warn({ op: 'watch', reason: 'start-failed' }, String(err)));
    this.timers.push(setInterval(() => this.trigger('poll'), this.opts.intervalMs));
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
    await this.running;
    await this.watcher?.stop();
    await this.opts.source.close?.();
  }

  /** Asks for a run; coalesces with a pending or running one. */
  trigger(why: string): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    if (this.debounce) return;
    this.opts.log?.debug({ op: 'trigger', reason: why }, 'reconcile requested');
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.running = this.loop().finally(() => (this.running = null));
    }, this.opts.debounceMs ?? 100);
  }

  private async loop(): Promise<void> {
    do {
      this.pending = false;
      const started = Date.now();
      let outcome: RunOutcome;
      try {
        outcome = await this.runOnce();
      } catch (err: unknown) {
        outcome = { outcome: 'error', revision: this.seen, message: err instanceof Error ? err.message : String(err) };
        await this.writeStatus({ phase: 'retrying', reason: 'Error', message: outcome.message }, []);
      }
      this.last = outcome;
      this.runs++;
      this.opts.metrics?.recordRun(outcome.outcome, (Date.now() - started) / 1000);
      const level = outcome.outcome === 'ok' || outcome.outcome === 'standby' ? 'info' : 'warn';
      this.opts.log?.[level]({ op: 'reconcile', revision: outcome.revision, outcome: outcome.outcome, reason: reasonOf(outcome) }, `reconcile: ${outcome.outcome}`);
      this.emit('run', outcome);
    } while (this.pending && !this.stopped);
  }

  private async runOnce(): Promise<RunOutcome> {
    const read = await this.opts.source.read();
    if (!read.ok) {
      if (read.revision) this.seen = read.revision;
      const reason = { unreachable: 'SourceUnreachable', unsigned: 'UnsignedCommit', 'missing-path': 'MissingPath' }[read.reason];
      await this.writeStatus({ phase: 'stalled', reason, message: `${read.message}; ${this.inForce()}` }, []);
      await this.keepInForce();
      return { outcome: 'source-failed', reason: read.reason, revision: read.revision, message: read.message };
    }
    this.seen = read.revision;
    if (!read.config.ok) {
      const errors = read.config.diagnostics.filter((d) => d.severity === 'error').map(toConfigError);
      const first = errors[0];
      const where = first ? `${first.file}:${first.line}:${first.col}: ${first.message}` : 'no detail';
      const message = `revision ${read.revision ?? '(unknown)'} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}, first ${where}); ${this.inForce()}`;
      await this.writeStatus({ phase: 'stalled', reason: 'InvalidRevision', message }, errors);
      await this.keepInForce();
      return { outcome: 'invalid', revision: read.revision, errors };
    }
    const desired = read.config.value;
    const revision = desired.revision;
    if (!this.isLeader()) {
      await this.writeStatus({ phase: 'standby', message: 'another instance holds the leader Lease; observing only' }, []);
      return { outcome: 'standby', revision };
    }
    const result = await this.applyDesired(desired, true);
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
        return { outcome: 'ok', revision, written: o.written };
      case 'refused': {
        const services = o.refused.flatMap((r) => r.services);
        const message = `revision ${revision} needs disruptive changes (${services.join(', ') || o.refused.map((r) => r.target).join(', ')}: ${o.refused[0]?.reason ?? ''}); run with --allow-disruption to apply them; ${this.inForce()}`;
        await this.writeStatus({ phase: 'stalled', reason: 'DisruptionRefused', message }, []);
        await this.keepInForce();
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

  /** Observes, plans and applies `desired`; `report` sets Reconciling when the plan has writes. */
  private applyDesired(desired: DesiredState, report: boolean): Promise<ApplyWithReplanResult> {
    return applyWithReplan({
      desired,
      observe: async () => {
        const r = await observeCluster(this.opts.kc, { leases: this.opts.leases, now: this.now });
        return r.ok ? { ok: true, observed: r.value.observed } : r;
      },
      writer: this.writer,
      allowDisruption: this.opts.allowDisruption,
      maxRetries: this.opts.maxRetries ?? 3,
      onPlan: async (p) => {
        this.opts.metrics?.recordPlan(desired, p);
        // Only a plan with writes is "work": an idle poll must not flip Reconciling back and forth.
        if (report && p.changes.length > 0) await this.writeStatus({ phase: 'reconciling', message: `applying ${p.changes.length} change(s) of ${desired.revision}` }, []);
      },
      now: this.now,
      log: this.opts.log,
    });
  }

  /** While the newest revision cannot be used, the last applied one stays in force: cluster
   *  changes (a new Service, a node going away) are still served from it, under the same disruption rule. */
  private async keepInForce(): Promise<void> {
    if (!this.lastGood || !this.isLeader()) return;
    const r = await this.applyDesired(this.lastGood, false);
    if (r.outcome.outcome !== 'ok') this.opts.log?.warn({ op: 'reconcile', revision: this.lastGood.revision, outcome: r.outcome.outcome }, 'could not keep the revision in force up to date');
  }

  private inForce(): string {
    return this.applied ? `revision ${this.applied.revision} stays in force` : 'nothing was applied yet';
  }

  private async writeStatus(state: StatusPhase, errors: ConfigError[]): Promise<void> {
    const facts: StatusFacts = {
      leader: this.isLeader(),
      revisionSeen: this.seen,
      revisionApplied: this.applied?.revision ?? null,
      lastAppliedTime: this.applied?.at ?? null,
      errors,
      state,
    };
    await this.opts.status?.update(facts);
  }
}

function toConfigError(d: Diagnostic): ConfigError {
  // A diagnostic without a file (an empty tree) still names the rule; 1:1 keeps the schema's 1-based positions.
  return { file: d.loc?.file ?? '.', line: d.loc?.line ?? 1, col: d.loc?.col ?? 1, rule: d.rule, message: d.message };
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
