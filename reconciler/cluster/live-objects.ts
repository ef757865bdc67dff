// Turns raw objects read from the API server into an ObservedState with the same decoder and
// assembler the state-file reader uses, so live mode and `--state` plan from identical input.
import type { RawObject } from '../kube/raw-json.js';
import { decodeObjects } from './decode-objects.js';
import { assembleObserved } from './assemble-observed.js';
import { agentLeaseFreshness, judgeLeases } from './live-lease.js';
import type { LeaseLocation, LiveResource } from './live-resources.js';
import type { ObservedState } from './observed.js';

/** The ObservedState, or the objects that could not be decoded (a value: the command reports them). */
export type AssembleLiveResult = { ok: true; observed: ObservedState } | { ok: false; errors: string[] };

/** An item as kubectl prints it: with its apiVersion and kind (list items carry neither) and without managedFields. */
export function asStateItem(item: RawObject, resource: LiveResource): RawObject {
  const meta = item.metadata !== null && typeof item.metadata === 'object' ? { ...(item.metadata as RawObject) } : {};
  delete meta.managedFields;
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = item;
  void _a;
  void _k;
  void _m;
  return { apiVersion: resource.apiVersion, kind: resource.kind, metadata: meta, ...rest };
}

/** Decodes and assembles state items, then judges each node's agent Lease at `now`. */
export function assembleLive(items: readonly RawObject[], leases: readonly RawObject[], where: LeaseLocation, now: Date): AssembleLiveResult {
  const decoded = decodeObjects([...items]);
  if (decoded.errors.length > 0) {
    return {
      ok: false,
      errors: decoded.errors.map((e) => {
        const o = items[e.index];
        const meta = (o?.metadata ?? {}) as { namespace?: unknown; name?: unknown };
        const id = [meta.namespace, meta.name].filter((x) => typeof x === 'string').join('/');
        return `${String(o?.kind ?? 'object')} ${id}: ${e.message}`;
      }),
    };
  }
  const observed = assembleObserved(decoded.objects);
  return { ok: true, observed: { ...observed, nodes: judgeLeases(observed.nodes, agentLeaseFreshness(leases, where, now)) } };
}
