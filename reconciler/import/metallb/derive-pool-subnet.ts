// MetalLB pools have no subnet; gitlb pools need one (it bounds the pool, gives local addresses
// their prefix length and, for local pools, the network/broadcast addresses never handed out).
// The subnet is a node subnet the user named (--node-subnet) when one contains the pool, else
// the smallest CIDR covering it, widened to the BGP aggregation so that prefix stays valid.
import { familyBits, formatCidr, parseCidr, prefixMask, type IpCidr, type IpRange } from '../../config/ip.js';

/** A derived subnet and how it was found (printed as a comment in the output). */
export interface DerivedSubnet {
  subnet: string;
  prefix: number;
  source: 'node-subnet' | 'covering' | 'aggregation';
}

/** The smallest CIDR that contains the whole range. */
export function coveringCidr(r: IpRange): IpCidr {
  let prefix = familyBits(r.family);
  while (prefix > 0 && (r.first & prefixMask(r.family, prefix)) !== (r.last & prefixMask(r.family, prefix))) prefix--;
  return { family: r.family, network: r.first & prefixMask(r.family, prefix), prefix, hostBitsSet: false };
}

/** The subnet for a pool range: a containing node subnet, else the covering CIDR (at most /maxPrefix wide). */
export function derivePoolSubnet(r: IpRange, nodeSubnets: readonly string[], maxPrefix?: number): DerivedSubnet {
  // The most specific node subnet wins when several contain the pool.
  const containing = nodeSubnets
    .map((s) => parseCidr(s))
    .filter((c): c is IpCidr => c !== null && c.family === r.family)
    .filter((c) => (r.first & prefixMask(c.family, c.prefix)) === c.network && (r.last & prefixMask(c.family, c.prefix)) === c.network)
    .sort((a, b) => b.prefix - a.prefix);
  const node = containing[0];
  if (node) return { subnet: formatCidr(node), prefix: node.prefix, source: 'node-subnet' };
  const cover = coveringCidr(r);
  if (maxPrefix !== undefined && maxPrefix < cover.prefix) {
    const wide: IpCidr = { family: r.family, network: r.first & prefixMask(r.family, maxPrefix), prefix: maxPrefix, hostBitsSet: false };
    return { subnet: formatCidr(wide), prefix: maxPrefix, source: 'aggregation' };
  }
  return { subnet: formatCidr(cover), prefix: cover.prefix, source: 'covering' };
}
