// The failover preview: the observed world as if some nodes were down (NotReady, agent not
// Ready), so `gitlb plan --what-if-node-down` shows where their addresses would go.
import type { ObservedState } from '../cluster/observed.js';

/** A copy of the observed state with the named nodes down; throws nothing, unknown names are returned. */
export function withNodesDown(observed: ObservedState, names: string[]): { observed: ObservedState; unknown: string[] } {
  const down = new Set(names);
  const known = new Set(observed.nodes.map((n) => n.name));
  return {
    observed: {
      ...observed,
      nodes: observed.nodes.map((n) => (down.has(n.name) ? { ...n, ready: false, agent: n.agent ? { ...n.agent, ready: 'False' } : null } : n)),
    },
    unknown: names.filter((n) => !known.has(n)),
  };
}
