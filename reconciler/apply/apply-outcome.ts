// What applying a plan came to. A union so callers handle each case: `gitlb apply` retries a
// 'conflict' after re-observing and re-planning, prints a 'refused' list, exits 1 on 'failed'.

/** A disruptive change refused without allowDisruption: which Services it hurts and why. */
export interface RefusedChange {
  target: string;
  /** namespace/name of the Services that would lose or move an address. */
  services: string[];
  reason: string;
}

/** One change that could not be made. */
export interface ChangeProblem {
  target: string;
  message: string;
}

/** Counts of what was done. */
export interface ApplyCounts {
  /** Changes written (a change may take one or two writes). */
  written: number;
  /** Changes the cluster already matched (the same plan applied twice). */
  unchanged: number;
  /** Events created. */
  events: number;
}

/** The outcome of applyPlan. */
export type ApplyOutcome =
  | ({ outcome: 'ok' } & ApplyCounts)
  | { outcome: 'refused'; refused: RefusedChange[] }
  /** The cluster moved on since the plan was made: re-observe and re-plan; nothing was overwritten. */
  | ({ outcome: 'conflict'; conflicts: ChangeProblem[] } & ApplyCounts)
  /** Writes failed for another reason (unreachable, forbidden, invalid) after retries. */
  | ({ outcome: 'failed'; failures: ChangeProblem[] } & ApplyCounts);
