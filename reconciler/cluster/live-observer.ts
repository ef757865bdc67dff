// One-shot live observation for CLI commands (`gitlb plan --kubeconfig`, `gitlb state`,
// `gitlb apply`): lists the state-file kinds and the agent Leases, and builds the same
// ObservedState the state-file reader makes, with leaseFresh judged against the injected clock.
import type * as k8s from '@kubernetes/client-node';
import { listRawJson, RawRequestError, type RawObject } from '../kube/raw-json.js';
import { asStateItem, assembleLive } from './live-objects.js';
import { DEFAULT_LEASES, STATE_RESOURCES, leaseResource, type LeaseLocation } from './live-resources.js';
import type { ObservedState } from './observed.js';

/** Options of a live observation. */
export interface ObserveOptions {
  /** Where the agents' Leases are (default gitlb-system, gitlb-agent-<node>). */
  leases?: LeaseLocation;
  /** The clock Lease freshness is judged with. */
  now?: () => Date;
}

/** What was observed: the planning input, and the raw objects for a state file. */
export interface LiveObservation {
  observed: ObservedState;
  /** The state-file objects in kubectl's order, each with apiVersion and kind. */
  items: RawObject[];
}

/** The observation, or why it failed (unreachable server, forbidden, malformed objects). */
export type ObserveResult = { ok: true; value: LiveObservation } | { ok: false; message: string };

/** Reads the cluster once and returns its ObservedState and the raw objects behind it. */
export async function observeCluster(kc: k8s.KubeConfig, opts: ObserveOptions = {}): Promise<ObserveResult> {
  const where = opts.leases ?? DEFAULT_LEASES;
  let lists: RawObject[][];
  let leases: RawObject[];
  try {
    [lists, leases] = await Promise.all([
      Promise.all(STATE_RESOURCES.map(async (r) => (await listRawJson(kc, r.path)).items.map((i) => asStateItem(i, r)))),
      listLeases(kc, where),
    ]);
  } catch (err: unknown) {
    return { ok: false, message: `cannot read the cluster: ${err instanceof Error ? err.message : String(err)}` };
  }
  const items = lists.flat();
  const assembled = assembleLive(items, leases, where, (opts.now ?? (() => new Date()))());
  if (!assembled.ok) return { ok: false, message: `malformed objects in the cluster:\n  ${assembled.errors.join('\n  ')}` };
  return { ok: true, value: { observed: assembled.observed, items } };
}

/** The agents' Leases; a missing namespace means no agent has ever run (no Lease, none fresh). */
async function listLeases(kc: k8s.KubeConfig, where: LeaseLocation): Promise<RawObject[]> {
  try {
    return (await listRawJson(kc, leaseResource(where).path)).items;
  } catch (err: unknown) {
    if (err instanceof RawRequestError && err.code === 404) return [];
    throw err;
  }
}
