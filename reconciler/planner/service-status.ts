// What gitlb writes on a Service: status.loadBalancer.ingress and its own annotations. The
// value uses merge-patch semantics (an annotation set to null is removed), so apply can send it
// as is; gitlb never touches a Service's spec (Argo CD / Flux own it).
import type { ObservedService } from '../cluster/observed.js';
import type { ServiceValue } from '../config/generated/plan.generated.js';
import type { ServiceAllocation } from './ipam.js';
import { ALLOCATED_BY_VALUE, WRITTEN_ANNOTATION_KEYS } from './service-annotations.js';

/** A Service's gitlb-owned fields: ingress addresses and annotations (null: remove the key);
 *  the `before`/`after` of a Service change in plan.schema.json. */
export type ServiceStatusValue = ServiceValue;

/** The Service's gitlb-owned fields as observed (only keys present). */
export function currentServiceStatus(svc: ObservedService): ServiceStatusValue {
  const annotations: Record<string, string | null> = {};
  for (const k of WRITTEN_ANNOTATION_KEYS) {
    const v = svc.annotations[k];
    if (v !== undefined) annotations[k] = v;
  }
  // The observed list itself, not a copy: the plan is read-only data (like the observed state),
  // and a copy per Service costs memory at 100k.
  return { annotations, ingress: svc.ingress };
}

/** The Service's gitlb-owned fields after apply; null when gitlb has nothing to say about it. */
export function desiredServiceStatus(a: ServiceAllocation, announcing: string[] | undefined): ServiceStatusValue | null {
  if (a.addresses.length > 0) {
    const poolType = a.addresses[0]!.slot.group.type;
    return {
      // Keys in sorted order: the plan's JSON is printed as built (see render-plan-json.ts).
      // Written out rather than computed from WRITTEN_ANNOTATIONS: an object literal with
      // constant keys is created from a template, computed keys cost a runtime call each
      // (~10% of planning a 10k-Service world); a test checks they are the same keys.
      annotations: {
        'gitlb.io/allocated-by': ALLOCATED_BY_VALUE,
        'gitlb.io/allocated-from': a.group,
        // Space-separated `node,interface,address` entries; `*` is every eligible node.
        'gitlb.io/announcing': announcing && announcing.length > 0 ? announcing.join(' ') : null,
        'gitlb.io/pool-type': poolType,
      },
      ingress: a.addresses.map((x) => x.addr.text),
    };
  }
  // No address: clear what a served Service (or one gitlb used to serve) still shows.
  if (!a.served && a.refusal === null) return null;
  const annotations: Record<string, string | null> = {};
  for (const k of WRITTEN_ANNOTATION_KEYS) annotations[k] = null;
  return { annotations, ingress: [] };
}

/** Whether applying `desired` over `current` changes nothing. */
export function sameServiceStatus(current: ServiceStatusValue, desired: ServiceStatusValue): boolean {
  if (current.ingress.length !== desired.ingress.length || current.ingress.some((x, i) => x !== desired.ingress[i])) return false;
  // for-in, not Object.entries: no [key, value] arrays per Service (the objects are plain literals).
  for (const k in desired.annotations) {
    if ((current.annotations[k] ?? null) !== desired.annotations[k]) return false;
  }
  return true;
}

/** Applies a desired value over a Service (merge-patch semantics): the post-apply Service. */
export function applyServiceStatus(svc: ObservedService, value: ServiceStatusValue): ObservedService {
  const annotations = { ...svc.annotations };
  for (const [k, v] of Object.entries(value.annotations)) {
    if (v === null) delete annotations[k];
    else annotations[k] = v;
  }
  return { ...svc, annotations, ingress: [...value.ingress] };
}
