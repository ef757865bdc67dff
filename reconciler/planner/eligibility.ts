// Which nodes may announce addresses (DESIGN.md §5): Ready, agent Lease fresh (when judged),
// NodeAnnouncement Ready condition not False, and matching the LBNodeAgent nodeSelector.
import type { NodeAgentModel } from '../config/model.js';
import type { ObservedNode } from '../cluster/observed.js';
import { matchesSelector } from './label-selector.js';

/** A node's eligibility, with the reason when it is not eligible. */
export interface NodeEligibility {
  node: ObservedNode;
  eligible: boolean;
  /** Why the node may not announce; null when eligible. */
  reason: string | null;
  /** The agent has not reported yet: InternalIPs stand in for its local subnets. */
  waitingForAgent: boolean;
}

/** Judges every node, in the observed (sorted) order. */
export function judgeEligibility(nodes: ObservedNode[], agent: NodeAgentModel): NodeEligibility[] {
  return nodes.map((node) => {
    const reason = ineligibleReason(node, agent);
    return { node, eligible: reason === null, reason, waitingForAgent: node.agent === null };
  });
}

function ineligibleReason(node: ObservedNode, agent: NodeAgentModel): string | null {
  if (!node.ready) return 'node is not Ready';
  if (node.leaseFresh === false) return 'the agent Lease is stale';
  if (node.agent?.ready === 'False') return 'its NodeAnnouncement Ready condition is False';
  if (!matchesSelector(agent.nodeSelector, node.labels)) return `it does not match the nodeSelector of LBNodeAgent ${agent.name}`;
  return null;
}
