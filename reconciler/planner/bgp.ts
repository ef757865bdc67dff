// BGP per node: the neighbours whose nodeSelector matches the node, and the prefixes its export
// filter allows (the remote pools' subnets), as written into its NodeAnnouncement.
import type { BgpModel, BgpNeighborModel } from '../config/model.js';
import type { AnnouncedNeighbor, NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { ObservedNode } from '../cluster/observed.js';
import { matchesSelector } from './label-selector.js';
import { compareAddrText } from './ip-math.js';

/** The node's BGP spec (undefined without a BGPConfiguration or when the node may not announce) and its peer addresses. */
export function planNodeBgp(
  bgp: BgpModel | null,
  node: ObservedNode,
  eligible: boolean,
  exportRanges: string[],
): { spec: NodeAnnouncementSpec['bgp']; peers: string[] } {
  // An ineligible node gets no sessions: that withdraws every route through it at once.
  if (!bgp || !eligible) return { spec: undefined, peers: [] };
  const neighbors = bgp.neighbors
    .filter((n) => matchesSelector(n.nodeSelector, node.labels))
    .map(toAnnounced)
    .sort((a, b) => compareAddrText(a.address, b.address) || a.peerASN - b.peerASN);
  // Keys in sorted order: the plan's JSON is printed as built (see render-plan-json.ts).
  const spec: NonNullable<NodeAnnouncementSpec['bgp']> = { asn: bgp.asn, exportRanges: [...exportRanges], neighbors, ...(bgp.routerID ? { routerID: bgp.routerID } : {}) };
  return { spec, peers: [...new Set(neighbors.map((n) => n.address))] };
}

/** The neighbour as written in a NodeAnnouncement: absent settings omitted, keys in sorted order. */
function toAnnounced(n: BgpNeighborModel): AnnouncedNeighbor {
  const ref = n.passwordSecretRef;
  return {
    address: n.address,
    ...(n.bfd ? { bfd: { minRxMs: n.bfd.minRxMs, minTxMs: n.bfd.minTxMs, multiplier: n.bfd.multiplier } } : {}),
    ...(n.ebgpMultihop !== null ? { ebgpMultihop: n.ebgpMultihop } : {}),
    ...(n.holdTime !== null ? { holdTime: n.holdTime } : {}),
    ...(n.keepaliveTime !== null ? { keepaliveTime: n.keepaliveTime } : {}),
    ...(ref ? { passwordSecretRef: { key: ref.key, name: ref.name, ...(ref.namespace !== null ? { namespace: ref.namespace } : {}) } } : {}),
    peerASN: n.peerASN,
  };
}
