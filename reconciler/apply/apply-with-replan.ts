// Observe → plan → apply, again after a conflict: the loop `gitlb apply` (and later the
// controller) runs. A conflict means the cluster moved on, so the fresh observation is planned
// anew; the stale plan is never forced through.
import type { Logger } from 'pino';
import type { DesiredState } from '../config/model.js';
import type { ObservedState } from '../cluster/observed.js';
import { plan as makePlan, type Plan } from '../planner/plan.js';
import type { ApplyOutcome } from './apply-outcome.js';
import { applyPlan } from './apply-plan.js';
import { observedIdentities } from './observed-identities.js';
import type { ClusterWriter } from './cluster-writer.js';

/** An observation or why there is none. */
export type Observation = { ok: true; observed: ObservedState } | { ok: false; message: string };

/** What the loop needs. */
export interface ApplyWithReplanDeps {
  desired: DesiredState;
  observe: () => Promise<Observation>;
  writer: ClusterWriter;
  allowDisruption?: boolean;
  /** Re-plans after a conflict, at most this many times. */
  maxRetries: number;
  /** Called with every plan before it is applied (the CLI prints it); awaited. */
  onPlan?: (plan: Plan, attempt: number) => void | Promise<void>;
  now?: () => Date;
  concurrency?: number;
  log?: Logger;
}

/** The last plan, what applying it came to, and how many plans were applied. */
export interface ApplyWithReplanResult {
  plan: Plan | null;
  outcome: ApplyOutcome | { outcome: 'unobservable'; message: string };
  attempts: number;
}

/** Observes, plans and applies until the outcome is not a conflict or the retries are spent. */
export async function applyWithReplan(deps: ApplyWithReplanDeps): Promise<ApplyWithReplanResult> {
  let last: ApplyWithReplanResult = { plan: null, outcome: { outcome: 'unobservable', message: 'not observed' }, attempts: 0 };
  for (let attempt = 1; attempt <= deps.maxRetries + 1; attempt++) {
    const seen = await deps.observe();
    if (!seen.ok) return { plan: last.plan, outcome: { outcome: 'unobservable', message: seen.message }, attempts: attempt - 1 };
    const plan = makePlan(deps.desired, seen.observed);
    await deps.onPlan?.(plan, attempt);
    const outcome = await applyPlan(plan, {
      writer: deps.writer,
      allowDisruption: deps.allowDisruption,
      observed: observedIdentities(seen.observed),
      now: deps.now,
      concurrency: deps.concurrency,
      log: deps.log,
    });
    last = { plan, outcome, attempts: attempt };
    if (outcome.outcome !== 'conflict') return last;
    deps.log?.warn({ op: 'apply', reason: 'conflict', attempt, conflicts: outcome.conflicts.length }, `conflict: ${outcome.conflicts[0]?.target ?? ''}: ${outcome.conflicts[0]?.message ?? ''}; re-observing and re-planning`);
  }
  return last;
}
