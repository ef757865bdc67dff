// applyPlan: executes a Plan's changes through a ClusterWriter. It never re-diffs: each change is
// written as planned, after checking the object still matches the plan's `before` (or already
// matches `after`: applying the same plan twice is harmless). Anything else is a conflict, and
// the caller re-observes and re-plans; nothing is ever overwritten blindly.
//
// Order, so nothing that works is lost: (A) announcements gain new addresses (an update that
// also drops some first writes a transitional spec holding both); (B) Services release, then
// Services gain, addresses; (C) announcements drop what no Service uses any more, deleted last.
import type { Logger } from 'pino';
import type { Change, Plan } from '../planner/plan.js';
import type { ServiceStatusValue } from '../planner/service-status.js';
import { jsonEqual } from '../planner/canonical-json.js';
import type { ApplyCounts, ApplyOutcome, ChangeProblem } from './apply-outcome.js';
import type { AnnouncementKind, ClusterWriter, ServiceEvent, ServiceSnapshot, WriteFailure } from './cluster-writer.js';
import { addressesOf, addressKey, transitionalSpec } from './announcement-spec.js';
import { refusedChanges } from './refused-changes.js';
import { runLimited } from './run-limited.js';
import { addressAssignedEvent, addressReleasedEvent, allocationFailedEvent } from './service-events.js';

/** What applyPlan needs besides the plan. */
export interface ApplyDeps {
  writer: ClusterWriter;
  /** Apply disruptive changes too (otherwise the whole plan is refused and nothing is written). */
  allowDisruption?: boolean;
  /** The clock for Event timestamps. */
  now?: () => Date;
  /** Writes in flight at once within a phase (default 16). */
  concurrency?: number;
  /**
   * Change target → identity of the Service the plan was made from. With it, a Service is
   * written with the observed resourceVersion, without a read first: the write succeeds only
   * if nothing changed since observation (so `before`, computed from that very object, still
   * holds; and so does what else the plan read of it, like a requested address). A 409 then
   * re-reads to tell "already applied" from "stale". Without it, each Service is read and
   * checked against `before` first.
   */
  observed?: ReadonlyMap<string, ObservedIdentity>;
  log?: Logger;
}

/** The identity of an observed object: what a write without a prior read needs. */
export interface ObservedIdentity {
  uid: string;
  resourceVersion: string;
}

/** One write of an announcement: from `expected` (null: absent) to `write` (null: delete); `final` is the change's end state. */
interface AnnouncementStep {
  change: Change;
  kind: AnnouncementKind;
  name: string;
  expected: unknown;
  write: unknown;
  final: unknown;
}

/** Applies the plan; see the file comment for the order and the conflict rules. */
export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyOutcome> {
  if (!deps.allowDisruption) {
    const refused = refusedChanges(plan);
    if (refused.length > 0) return { outcome: 'refused', refused };
  }
  return new ApplyRun(plan, deps).run();
}

class ApplyRun {
  private readonly writer: ClusterWriter;
  private readonly now: () => Date;
  private readonly limit: number;
  private readonly written = new Set<string>();
  private readonly touched = new Set<string>();
  private readonly conflicts: ChangeProblem[] = [];
  private readonly failures: ChangeProblem[] = [];
  private events = 0;

  constructor(private readonly plan: Plan, private readonly deps: ApplyDeps) {
    this.writer = deps.writer;
    this.now = deps.now ?? (() => new Date());
    this.limit = deps.concurrency ?? 16;
  }

  async run(): Promise<ApplyOutcome> {
    const early: AnnouncementStep[] = [];
    const late: AnnouncementStep[] = [];
    const releasing: Change[] = [];
    const gaining: Change[] = [];
    for (const c of this.plan.changes) {
      const kind = c.target.slice(0, c.target.indexOf('/'));
      if (kind === 'Service') {
        const b = c.before as ServiceStatusValue;
        const a = c.after as ServiceStatusValue;
        (b.ingress.some((x) => !a.ingress.includes(x)) ? releasing : gaining).push(c);
      } else if (kind === 'NodeAnnouncement' || kind === 'SharedAnnouncement') {
        this.stepsOf(c, kind, early, late);
      } else {
        this.failures.push({ target: c.target, message: `apply does not know kind ${kind}` });
      }
    }
    const phases: Array<() => Promise<void>> = [
      () => this.each(early, (s) => this.applyAnnouncement(s)),
      () => this.each(releasing, (c) => this.applyService(c)),
      () => this.each(gaining, (c) => this.applyService(c)),
      () => this.allocationFailures(),
      () => this.each(late, (s) => this.applyAnnouncement(s)),
    ];
    for (const phase of phases) {
      if (this.stopped()) break;
      await phase();
    }
    const counts: ApplyCounts = { written: this.written.size, unchanged: this.touched.size - this.written.size, events: this.events };
    if (this.conflicts.length > 0) return { outcome: 'conflict', conflicts: this.conflicts, ...counts };
    if (this.failures.length > 0) return { outcome: 'failed', failures: this.failures, ...counts };
    return { outcome: 'ok', ...counts };
  }

  /** Splits an announcement change into its write(s), early or late. */
  private stepsOf(c: Change, kind: AnnouncementKind, early: AnnouncementStep[], late: AnnouncementStep[]): void {
    const name = c.target.slice(c.target.lastIndexOf('/') + 1);
    const step = (expected: unknown, write: unknown): AnnouncementStep => ({ change: c, kind, name, expected, write, final: c.after });
    if (c.action === 'create') early.push(step(null, c.after));
    else if (c.action === 'delete') late.push(step(c.before, null));
    else {
      const transitional = transitionalSpec(c.before, c.after);
      if (transitional) {
        early.push(step(c.before, transitional));
        late.push(step(transitional, c.after));
      } else {
        const afterKeys = new Set(addressesOf(c.after).map(addressKey));
        const drops = addressesOf(c.before).some((a) => !afterKeys.has(addressKey(a)));
        (drops ? late : early).push(step(c.before, c.after));
      }
    }
  }

  private stopped(): boolean {
    return this.conflicts.length > 0 || this.failures.length > 0;
  }

  private async each<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
    await runLimited(items, this.limit, task, () => this.stopped());
  }

  private conflict(target: string, message: string): void {
    this.conflicts.push({ target, message });
    this.deps.log?.warn({ op: 'apply', target, reason: 'conflict' }, message);
  }

  private problem(target: string, f: WriteFailure, what: string): void {
    if (f.reason === 'conflict') this.conflict(target, `${what}: the object changed since it was read or observed (409)`);
    else {
      this.failures.push({ target, message: `${what}: ${f.message}` });
      this.deps.log?.error({ op: 'apply', target, reason: f.reason, code: f.code }, f.message);
    }
  }

  private async applyAnnouncement(s: AnnouncementStep): Promise<void> {
    const target = s.change.target;
    this.touched.add(target);
    const done = (spec: unknown): boolean => (s.write !== null && jsonEqual(spec, s.write)) || (s.final !== null && jsonEqual(spec, s.final));
    if (s.expected === null) {
      const created = await this.writer.createAnnouncement(s.kind, s.name, s.write);
      if (created.ok) return this.wrote(target, 'create');
      if (created.reason !== 'already-exists') return this.problem(target, created, 'create');
      const existing = await this.writer.getAnnouncement(s.kind, s.name);
      if (existing.ok && done(existing.value.spec)) return;
      if (!existing.ok) return this.problem(target, existing, 'read');
      return this.conflict(target, `${s.kind} ${s.name} was created by someone else since the plan was made`);
    }
    const current = await this.writer.getAnnouncement(s.kind, s.name);
    if (!current.ok) {
      if (current.reason === 'not-found') {
        if (s.write === null) return; // already deleted
        return this.conflict(target, `${s.kind} ${s.name} is gone since the plan was made`);
      }
      return this.problem(target, current, 'read');
    }
    if (s.write !== null && done(current.value.spec)) return;
    if (!jsonEqual(current.value.spec, s.expected)) return this.conflict(target, `${s.kind} ${s.name} changed since the plan was made`);
    if (s.write === null) {
      const deleted = await this.writer.deleteAnnouncement(s.kind, s.name, current.value.resourceVersion);
      if (deleted.ok || deleted.reason === 'not-found') return this.wrote(target, 'delete');
      return this.problem(target, deleted, 'delete');
    }
    const replaced = await this.writer.replaceAnnouncement(s.kind, current.value, s.write);
    if (replaced.ok) return this.wrote(target, s.write === s.final ? 'update' : 'update (transitional)');
    return this.problem(target, replaced, 'update');
  }

  private async applyService(c: Change): Promise<void> {
    const [, namespace = '', name = ''] = c.target.split('/');
    const before = c.before as ServiceStatusValue;
    const after = c.after as ServiceStatusValue;
    this.touched.add(c.target);
    const known = this.deps.observed?.get(c.target);
    let cur: ServiceSnapshot;
    if (known) {
      // As observed: the plan's `before` is this object's value (checked by the resourceVersion on write).
      cur = { uid: known.uid, resourceVersion: known.resourceVersion, ingress: [...before.ingress], annotations: Object.fromEntries(Object.entries(before.annotations).filter((e): e is [string, string] => e[1] !== null)) };
    } else {
      const got = await this.writer.getService(namespace, name);
      if (!got.ok) {
        if (got.reason === 'not-found') return this.conflict(c.target, 'the Service is gone since the plan was made');
        return this.problem(c.target, got, 'read');
      }
      cur = got.value;
    }
    const ann = (k: string): string | null => cur.annotations[k] ?? null;
    const ingressDone = sameList(cur.ingress, after.ingress);
    const pending = Object.entries(after.annotations).filter(([k, v]) => ann(k) !== v);
    if (ingressDone && pending.length === 0) return; // already applied
    // Each part must be as planned from, or already as wanted (an earlier apply stopped half-way).
    const ingressOk = ingressDone || sameList(cur.ingress, before.ingress);
    const annotationsOk = pending.every(([k]) => ann(k) === (before.annotations[k] ?? null));
    if (!ingressOk || !annotationsOk) return this.conflict(c.target, 'gitlb\'s fields on the Service changed since the plan was made');

    const dropped = before.ingress.filter((x) => !after.ingress.includes(x));
    const added = after.ingress.filter((x) => !before.ingress.includes(x));
    // Annotations (allocated-from) mark an address as gitlb's: written before a new address
    // shows in status, removed only after a released one is gone from it.
    const releaseOnly = dropped.length > 0 && added.length === 0;
    let rv = cur.resourceVersion;
    let firstWrite = known !== undefined;
    const writeStatus = async (): Promise<boolean> => {
      if (ingressDone) return true;
      const r = await this.writer.patchServiceIngress(namespace, name, rv, after.ingress);
      if (!r.ok && firstWrite && (await this.alreadyApplied(c, r, namespace, name))) return false;
      firstWrite = false;
      if (!r.ok) {
        this.problem(c.target, r, 'status update');
        return false;
      }
      rv = r.value;
      return true;
    };
    const writeAnnotations = async (): Promise<boolean> => {
      if (pending.length === 0) return true;
      const r = await this.writer.patchServiceAnnotations(namespace, name, rv, Object.fromEntries(pending));
      if (!r.ok && firstWrite && (await this.alreadyApplied(c, r, namespace, name))) return false;
      firstWrite = false;
      if (!r.ok) {
        this.problem(c.target, r, 'annotation update');
        return false;
      }
      rv = r.value;
      return true;
    };
    const steps = releaseOnly ? [writeStatus, writeAnnotations] : [writeAnnotations, writeStatus];
    for (const s of steps) if (!(await s())) return;
    this.wrote(c.target, 'update');

    const subject = { namespace, name, uid: cur.uid, resourceVersion: rv };
    const time = this.now();
    if (dropped.length > 0) await this.event(addressReleasedEvent(subject, dropped, c.reason, time));
    if (added.length > 0) await this.event(addressAssignedEvent(subject, added, after.annotations['gitlb.io/allocated-from'] ?? null, time));
  }

  /**
   * After a 409 on a write made with the observed resourceVersion: true when the Service
   * already shows the change (this plan was applied before), so there is nothing to do.
   */
  private async alreadyApplied(c: Change, f: WriteFailure, namespace: string, name: string): Promise<boolean> {
    if (f.reason !== 'conflict') return false;
    const got = await this.writer.getService(namespace, name);
    if (!got.ok) return false;
    const after = c.after as ServiceStatusValue;
    return sameList(got.value.ingress, after.ingress) && Object.entries(after.annotations).every(([k, v]) => (got.value.annotations[k] ?? null) === v);
  }

  /** AllocationFailed Events for served Services the plan gives no address, with the plan's reasons. */
  private async allocationFailures(): Promise<void> {
    const addressed = new Set(this.plan.planned.services.map((s) => `Service/${s.namespace}/${s.name}`));
    const messages = new Map<string, string[]>();
    for (const w of this.plan.warnings) {
      if (!w.target.startsWith('Service/') || addressed.has(w.target)) continue;
      messages.set(w.target, [...(messages.get(w.target) ?? []), w.message]);
    }
    await this.each([...messages], async ([target, list]) => {
      const [, namespace = '', name = ''] = target.split('/');
      const got = await this.writer.getService(namespace, name);
      if (got.ok) await this.event(allocationFailedEvent({ ...got.value, namespace, name }, list.join('; '), this.now()));
    });
  }

  /** Events are best effort: a failed one is logged, never fails the apply. */
  private async event(e: ServiceEvent): Promise<void> {
    const r = await this.writer.createEvent(e);
    if (r.ok) this.events++;
    else if (r.reason !== 'already-exists') this.deps.log?.warn({ op: 'event', service: `${e.namespace}/${e.service.name}`, reason: e.reason }, `cannot record Event: ${r.message}`);
  }

  private wrote(target: string, action: string): void {
    this.written.add(target);
    this.deps.log?.debug({ op: 'apply', target, action }, 'written');
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
