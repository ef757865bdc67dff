// The Services' identities (uid, resourceVersion) of an observation, keyed by change target, for
// applyPlan's write-without-read path.
import type { ObservedState } from '../cluster/observed.js';
import type { ObservedIdentity } from './apply-plan.js';

/** `Service/namespace/name` → uid and resourceVersion, for every observed Service that has both. */
export function observedIdentities(observed: ObservedState): Map<string, ObservedIdentity> {
  const out = new Map<string, ObservedIdentity>();
  for (const s of observed.services) if (s.resourceVersion && s.uid) out.set(`Service/${s.namespace}/${s.name}`, { resourceVersion: s.resourceVersion, uid: s.uid });
  return out;
}
