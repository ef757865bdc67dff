// Pure: the NodeAnnouncement's bgp section plus what the node knows (its own addresses, the
// resolved passwords) → the BirdModel that renderBirdConfig renders.
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { BirdModel } from './render-bird.js';

/** Session timers for every neighbour (tests and labs want them fast). */
export interface BirdTimers {
  connectRetryTime?: number;
  errorWaitTime?: { min: number; max: number };
}

/** Builds the BIRD model; undefined when the spec has no bgp or no router id can be chosen. */
export function birdModelFromSpec(spec: NodeAnnouncementSpec, nodeAddresses: string[],
  passwords: ReadonlyMap<string, string> = new Map(), timers: BirdTimers = {}): BirdModel | undefined {
  const bgp = spec.bgp;
  if (!bgp) return undefined;
  // Default router id: the node's first IPv4 address (DESIGN.md §3 BGPConfiguration).
  const routerId = bgp.routerID ?? nodeAddresses.find((a) => !a.includes(':'));
  if (routerId === undefined) return undefined;
  const sameFamily = (peer: string) => nodeAddresses.find((a) => a.includes(':') === peer.includes(':'));
  return {
    routerId,
    asn: bgp.asn,
    dummyInterface: spec.dummyInterface || 'kube-lb0',
    exportRanges: [...bgp.exportRanges],
    ...timers,
    neighbors: bgp.neighbors.map((n) => {
      const password = passwords.get(n.address);
      // BIRD insists on an explicit source address for multihop sessions with BFD.
      const localAddress = n.ebgpMultihop !== undefined && n.bfd ? sameFamily(n.address) : undefined;
      return {
        address: n.address,
        peerASN: n.peerASN,
        ...(n.holdTime !== undefined ? { holdTime: n.holdTime } : {}),
        ...(n.keepaliveTime !== undefined ? { keepaliveTime: n.keepaliveTime } : {}),
        ...(n.ebgpMultihop !== undefined ? { ebgpMultihop: n.ebgpMultihop } : {}),
        ...(n.bfd ? { bfd: { ...n.bfd } } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(localAddress !== undefined ? { localAddress } : {}),
      };
    }),
  };
}
