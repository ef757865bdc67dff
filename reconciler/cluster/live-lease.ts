// Agent heartbeat freshness (DESIGN.md §5): a node's agent is alive while its Lease
// `gitlb-agent-<node>` was renewed less than leaseDurationSeconds ago. Pure: the clock is passed in.
import type { ObservedNode } from './observed.js';
import type { LeaseLocation } from './live-resources.js';

/** Node name → whether its agent's Lease is fresh at `now`; nodes without a Lease are absent. */
export function agentLeaseFreshness(leases: readonly unknown[], where: LeaseLocation, now: Date): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const l of leases) {
    if (l === null || typeof l !== 'object') continue;
    const meta = (l as { metadata?: { name?: unknown } }).metadata;
    const name = typeof meta?.name === 'string' ? meta.name : '';
    if (!name.startsWith(where.prefix)) continue;
    const spec = (l as { spec?: { renewTime?: unknown; leaseDurationSeconds?: unknown } }).spec ?? {};
    const renewed = typeof spec.renewTime === 'string' ? Date.parse(spec.renewTime) : NaN;
    const seconds = typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : NaN;
    out.set(name.slice(where.prefix.length), Number.isFinite(renewed) && Number.isFinite(seconds) && renewed + seconds * 1000 > now.getTime());
  }
  return out;
}

/** The nodes with leaseFresh judged: a node with no Lease has no live agent, so it is not fresh. */
export function judgeLeases(nodes: readonly ObservedNode[], fresh: ReadonlyMap<string, boolean>): ObservedNode[] {
  return nodes.map((n) => ({ ...n, leaseFresh: fresh.get(n.name) ?? false }));
}
