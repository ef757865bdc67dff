// Fast membership of addresses in a small set of CIDRs (the managed ranges).
import ipaddr from 'ipaddr.js';

/** A parsed list of CIDRs answering "is this address inside one of them?". */
export class CidrSet {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  constructor(cidrs: readonly string[]) {
    this.ranges = [];
    for (const c of cidrs) {
      try {
        this.ranges.push(ipaddr.parseCIDR(c));
      } catch {
        // An unparsable range owns nothing: the safe reading for an ownership rule.
      }
    }
  }

  /** Whether the address lies inside any of the CIDRs. */
  contains(address: string): boolean {
    let a: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      a = ipaddr.parse(address);
    } catch {
      return false;
    }
    for (const [net, bits] of this.ranges) {
      if (net.kind() === a.kind() && a.match(net, bits)) return true;
    }
    return false;
  }
}
