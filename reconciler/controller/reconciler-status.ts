// The ReconcilerStatus object a controller writes about itself: which revision it saw, which
// is in force, the located errors of a refused revision, and kstatus conditions. Written only
// when something changed, so a controller that polls every few seconds does not churn the API.
import * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Condition, ConfigError, ReconcilerStatusStatus } from '../config/generated/reconcilerstatus.generated.js';
import { statusCode } from '../kube/leader-election.js';
import { makeKeepAliveClient } from '../kube/keep-alive.js';

/** What the controller is doing, as the conditions state it. */
export type StatusPhase =
  /** Writing a plan; Reconciling True. */
  | { phase: 'reconciling'; message: string }
  /** The last run applied revisionSeen; Ready True. */
  | { phase: 'ready'; message: string }
  /** Cannot make progress without a human (source failed, invalid revision, disruption refused); Stalled True. */
  | { phase: 'stalled'; reason: string; message: string }
  /** A transient failure (API error, conflicts after retries); retried on the next trigger. */
  | { phase: 'retrying'; reason: string; message: string }
  /** Not the leader: observes only. */
  | { phase: 'standby'; message: string };

/** Everything the status says. */
export interface StatusFacts {
  leader: boolean;
  revisionSeen: string | null;
  revisionApplied: string | null;
  lastAppliedTime: string | null;
  errors: ConfigError[];
  state: StatusPhase;
}

/** Where and as whom to write. */
export interface ReconcilerStatusOptions {
  name: string;
  source: string;
  leaderElection: boolean;
  now?: () => Date;
  log?: Logger;
}

const GROUP = 'gitlb.io';
const VERSION = 'v1';
const PLURAL = 'reconcilerstatuses';

/** The kstatus conditions for a phase; exactly one of Ready/Reconciling/Stalled is True (none for a standby). */
export function conditionsFor(state: StatusPhase): Array<Pick<Condition, 'type' | 'status' | 'reason' | 'message'>> {
  const c = (type: string, on: boolean, reason: string, message: string): Pick<Condition, 'type' | 'status' | 'reason' | 'message'> => ({ type, status: on ? 'True' : 'False', reason, message });
  switch (state.phase) {
    case 'ready':
      return [c('Ready', true, 'Applied', state.message), c('Reconciling', false, 'Applied', ''), c('Stalled', false, 'Applied', '')];
    case 'reconciling':
      return [c('Ready', false, 'Reconciling', state.message), c('Reconciling', true, 'Progressing', state.message), c('Stalled', false, 'Progressing', '')];
    case 'stalled':
      return [c('Ready', false, state.reason, state.message), c('Reconciling', false, state.reason, ''), c('Stalled', true, state.reason, state.message)];
    case 'retrying':
      return [c('Ready', false, state.reason, state.message), c('Reconciling', true, state.reason, state.message), c('Stalled', false, state.reason, '')];
    case 'standby':
      return [c('Ready', false, 'Standby', state.message), c('Reconciling', false, 'Standby', ''), c('Stalled', false, 'Standby', '')];
  }
}

/** Creates the instance's ReconcilerStatus once and merge-patches its status when the facts change. */
export class ReconcilerStatusWriter {
  private readonly api: k8s.CustomObjectsApi;
  private readonly merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  private readonly now: () => Date;
  private generation: number | null = null;
  private lastKey = '';
  private lastConditions: Condition[] = [];
  private prior: { revisionApplied: string | null; lastAppliedTime: string | null } = { revisionApplied: null, lastAppliedTime: null };

  constructor(kc: k8s.KubeConfig, private readonly opts: ReconcilerStatusOptions) {
    this.api = makeKeepAliveClient(kc, k8s.CustomObjectsApi);
    this.now = opts.now ?? (() => new Date());
  }

  /** Writes the facts unless they equal the last ones written; returns whether it wrote. A failed write is logged and retried next time. */
  async update(facts: StatusFacts, retried = false): Promise<boolean> {
    const key = JSON.stringify(facts);
    if (key === this.lastKey) return false;
    try {
      const generation = await this.ensureObject();
      const at = this.now().toISOString();
      const conditions: Condition[] = conditionsFor(facts.state).map((c) => {
        const before = this.lastConditions.find((p) => p.type === c.type);
        // kstatus: the transition time moves only when the status flips.
        return { ...c, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : at, observedGeneration: generation };
      });
      const status: ReconcilerStatusStatus = {
        observedGeneration: generation,
        leader: facts.leader,
        ...(facts.revisionSeen ? { revisionSeen: facts.revisionSeen } : {}),
        ...(facts.revisionApplied ? { revisionApplied: facts.revisionApplied } : {}),
        ...(facts.lastAppliedTime ? { lastAppliedTime: facts.lastAppliedTime } : {}),
        errors: facts.errors,
        conditions,
      };
      await this.api.patchClusterCustomObjectStatus({ group: GROUP, version: VERSION, plural: PLURAL, name: this.opts.name, body: { status } }, this.merge);
      this.lastKey = key;
      this.lastConditions = conditions;
      return true;
    } catch (err: unknown) {
      if (statusCode(err) === 404 && !retried) {
        // The object is gone (deleted by someone, or an API server that lost its data): create it again.
        this.generation = null;
        return this.update(facts, true);
      }
      this.opts.log?.warn({ op: 'status', reason: 'write-failed', code: statusCode(err) }, `cannot write ReconcilerStatus ${this.opts.name}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** The revision applied and when, as this instance's object says (from before a restart);
   *  nulls when it has none, null when the API cannot be read now. */
  async readApplied(): Promise<{ revisionApplied: string | null; lastAppliedTime: string | null } | null> {
    try {
      await this.ensureObject();
      return this.prior;
    } catch (err: unknown) {
      this.opts.log?.warn({ op: 'status', reason: 'read-failed', code: statusCode(err) }, `cannot read ReconcilerStatus ${this.opts.name}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  private async ensureObject(): Promise<number> {
    if (this.generation !== null) return this.generation;
    const body = { apiVersion: `${GROUP}/${VERSION}`, kind: 'ReconcilerStatus', metadata: { name: this.opts.name }, spec: { source: this.opts.source, leaderElection: this.opts.leaderElection } };
    let obj: { metadata?: { generation?: number }; status?: { conditions?: Condition[]; revisionApplied?: string; lastAppliedTime?: string } };
    try {
      obj = (await this.api.createClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, body })) as typeof obj;
    } catch (err: unknown) {
      if (statusCode(err) !== 409) throw err;
      // A restarted pod with the same name: keep the object, its spec follows the command line.
      obj = (await this.api.patchClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, name: this.opts.name, body: { spec: body.spec } }, this.merge)) as typeof obj;
      this.lastConditions = obj.status?.conditions ?? [];
      this.prior = { revisionApplied: obj.status?.revisionApplied ?? null, lastAppliedTime: obj.status?.lastAppliedTime ?? null };
    }
    this.generation = obj.metadata?.generation ?? 1;
    return this.generation;
  }
}
