// Drift: what a node's agent reports holding versus what it was told to hold (its current
// NodeAnnouncement spec, plus the current shards when it holds the shared sets). Compared with
// what the agent was told, not with this plan, so a change still on its way is not called drift.
import type { NodeAnnouncement } from '../config/generated/nodeannouncement.generated.js';
import type { ObservedNode } from '../cluster/observed.js';
import { compareAddrText, parseAddr } from './ip-math.js';
import { findPool, type PoolIndex } from './pool-index.js';

/** Addresses (address/prefix) the agent should hold but does not, and holds but should not. */
export interface NodeDrift {
  missing: string[];
  extra: string[];
}

/** The drift of one node; null when there is none or it cannot be judged (no report, agent behind). */
export function nodeDrift(
  node: ObservedNode,
  na: NodeAnnouncement | undefined,
  sharedTold: ReadonlySet<string>,
  index: PoolIndex,
): NodeDrift | null {
  const report = node.agent;
  if (!report || !na) return null;
  const generation = na.metadata.generation;
  // The agent has not caught up with the spec yet: what it holds is in transit, not drift.
  if (generation !== undefined && report.observedGeneration !== null && report.observedGeneration < generation) return null;
  const own = new Set<string>();
  for (const a of na.spec.addresses) own.add(`${a.address}/${a.prefixLength}`);
  const holdsShared = na.spec.holdsShared;
  const nodeIPs = new Set(node.internalIPs);
  const extra: string[] = [];
  let matchedOwn = 0;
  let matchedShared = 0;
  for (const itf of report.interfaces) {
    for (const text of itf.addresses) {
      const host = text.split('/')[0] ?? '';
      const ip = parseAddr(host);
      if (!ip) continue;
      // Only addresses gitlb manages count: anything on the dummy interface, and on the local
      // interface those inside a local pool (never the node's own addresses).
      if (itf.role !== 'dummy') {
        if (nodeIPs.has(ip.text)) continue;
        const slot = findPool(index, ip.family, ip.value);
        if (!slot || slot.group.type !== 'local') continue;
      }
      const key = `${ip.text}/${text.split('/')[1] ?? ''}`;
      if (own.has(key)) matchedOwn++;
      else if (holdsShared && sharedTold.has(key)) matchedShared++;
      else extra.push(key);
    }
  }
  const missing: string[] = [];
  if (matchedOwn < own.size || (holdsShared && matchedShared < sharedTold.size)) {
    const held = new Set<string>();
    for (const itf of report.interfaces) {
      for (const text of itf.addresses) {
        const ip = parseAddr(text.split('/')[0] ?? '');
        if (ip) held.add(`${ip.text}/${text.split('/')[1] ?? ''}`);
      }
    }
    for (const k of own) if (!held.has(k)) missing.push(k);
    if (holdsShared) for (const k of sharedTold) if (!held.has(k)) missing.push(k);
  }
  if (missing.length === 0 && extra.length === 0) return null;
  return { missing: [...new Set(missing)].sort(compareAddrText), extra: [...new Set(extra)].sort(compareAddrText) };
}
