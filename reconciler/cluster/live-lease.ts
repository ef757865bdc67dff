// Agent heartbeat freshness (DESIGN.md §5): a node's agent is alive while its Lease
// `gitlb-agent-<node>` was renewed less than leaseDurationSeconds ago and is held (an agent
// stopping cleanly clears holderIdentity, so its node goes at once, not a Lease duration later).
// Pure: the clock is passed in.
import type { ObservedNode } from './observed.js';
import type { LeaseLocation } from './live-resources.js';

/** One agent Lease as freshness sees it: its node, and when it stops being fresh (ms since the epoch, NaN when never fresh). */
interface AgentLease {
  node: string;
  expires: number;
}

function agentLeases(leases: readonly unknown[], where: LeaseLocation): AgentLease[] {
  const out: AgentLease[] = [];
  for (const l of leases) {
    if (l === null || typeof l !== 'object') continue;
    const meta = (l as { metadata?: { name?: unknown } }).metadata;
    const name = typeof meta?.name === 'string' ? meta.name : '';
    if (!name.startsWith(where.prefix)) continue;
    const spec = (l as { spec?: { renewTime?: unknown; leaseDurationSeconds?: unknown; holderIdentity?: unknown } }).spec ?? {};
    // Raw JSON has a string; client-node's typed V1Lease a Date (V1MicroTime).
    const renewed = typeof spec.renewTime === 'string' ? Date.parse(spec.renewTime) : spec.renewTime instanceof Date ? spec.renewTime.getTime() : NaN;
    const seconds = typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : NaN;
    // A released Lease (holderIdentity set to empty) has no live agent behind it; an absent field is an older writer.
    const released = spec.holderIdentity === '' || spec.holderIdentity === null;
    out.push({ node: name.slice(where.prefix.length), expires: released ? NaN : renewed + seconds * 1000 });
  }
  return out;
}

/** Node name → whether its agent's Lease is fresh at `now`; nodes without a Lease are absent. */
export function agentLeaseFreshness(leases: readonly unknown[], where: LeaseLocation, now: Date): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const l of agentLeases(leases, where)) out.set(l.node, Number.isFinite(l.expires) && l.expires > now.getTime());
  return out;
}

/** The earliest time (ms since the epoch) a Lease fresh at `now` stops being fresh, or null when none is fresh.
 *  A node's freshness can flip with no API event at all; this is when to look again. */
export function nextLeaseExpiry(leases: readonly unknown[], where: LeaseLocation, now: Date): number | null {
  let next: number | null = null;
  for (const l of agentLeases(leases, where)) {
    if (!Number.isFinite(l.expires) || l.expires <= now.getTime()) continue;
    if (next === null || l.expires < next) next = l.expires;
  }
  return next;
}

/** The nodes with leaseFresh judged: a node with no Lease has no live agent, so it is not fresh. */
export function judgeLeases(nodes: readonly ObservedNode[], fresh: ReadonlyMap<string, boolean>): ObservedNode[] {
  return nodes.map((n) => ({ ...n, leaseFresh: fresh.get(n.name) ?? false }));
}
