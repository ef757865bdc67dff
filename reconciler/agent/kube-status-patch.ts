// Pure: what the agent writes to NodeAnnouncement.status. The status is written only when it
// changed, as a JSON merge patch (RFC 7386) holding just the difference; conditions keep the
// lastTransitionTime already stored while their status holds — also across agent restarts,
// whose fresh engine would otherwise stamp every condition with "now".
import type { NodeAnnouncementStatus } from '../config/generated/nodeannouncement.generated.js';

/** A JSON value as a merge patch carries it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** `next` with the stored lastTransitionTime of every condition whose status did not change. */
export function carryTransitionTimes(next: NodeAnnouncementStatus, stored: NodeAnnouncementStatus | undefined): NodeAnnouncementStatus {
  if (!next.conditions || !stored?.conditions) return next;
  const conditions = next.conditions.map((c) => {
    const before = stored.conditions?.find((s) => s.type === c.type);
    return before && before.status === c.status && before.lastTransitionTime ? { ...c, lastTransitionTime: before.lastTransitionTime } : c;
  });
  return { ...next, conditions };
}

/** The merge patch turning `before` into `after`; undefined when they are equal. */
export function mergePatchFor(before: unknown, after: unknown): JsonValue | undefined {
  if (isObject(before) && isObject(after)) {
    const patch: { [k: string]: JsonValue } = {};
    for (const key of Object.keys(before)) if (!(key in after) || after[key] === undefined) patch[key] = null;
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      const sub = mergePatchFor(before[key], value);
      if (sub !== undefined) patch[key] = sub;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  }
  // Arrays and scalars are replaced whole (RFC 7386 has no array merge).
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : toJson(after);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toJson(v: unknown): JsonValue {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as JsonValue);
}
