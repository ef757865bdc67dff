// The node's links and addresses kept current from rtnetlink events after one dump, like a
// Kubernetes informer (list once, then watch). A pass that follows a spec change reads this
// instead of dumping 10k addresses again. It may briefly lag the kernel (events still queued);
// that is safe because every write is idempotent (EEXIST/EADDRNOTAVAIL are no-ops) and the
// lagging event triggers another pass. Lost events (ENOBUFS) invalidate it: next pass dumps.
import type { AddressInfo, LinkInfo, NetlinkEvent } from '../netlink/netlink-port.js';

/** Links and addresses as last dumped plus every event since. */
export class ObservedMirror {
  private valid = false;
  private readonly linkByIndex = new Map<number, LinkInfo>();
  // index -> `${address}/${prefix}` -> address
  private readonly addrByIndex = new Map<number, Map<string, AddressInfo>>();

  /** Whether the mirror can stand in for a dump. */
  get fresh(): boolean {
    return this.valid;
  }

  /** Replaces everything with a dump's result. */
  load(links: LinkInfo[], addresses: AddressInfo[]): void {
    this.linkByIndex.clear();
    this.addrByIndex.clear();
    for (const l of links) this.linkByIndex.set(l.index, l);
    for (const a of addresses) this.put(a);
    this.valid = true;
  }

  /** Forgets the content (events were lost). */
  invalidate(): void {
    this.valid = false;
  }

  /** Applies one kernel event. */
  apply(e: NetlinkEvent): void {
    if (!this.valid) return;
    if ('address' in e) {
      if (e.type === 'newaddr') this.put(e.address);
      else this.addrByIndex.get(e.address.index)?.delete(`${e.address.address}/${e.address.prefixLength}`);
      return;
    }
    if (e.type === 'dellink') {
      this.linkByIndex.delete(e.link.index);
      this.addrByIndex.delete(e.link.index); // the kernel sends no DELADDR for a deleted link's addresses
    } else {
      this.linkByIndex.set(e.link.index, e.link);
    }
  }

  /** Current links. */
  links(): LinkInfo[] {
    return [...this.linkByIndex.values()];
  }

  /** Current addresses. */
  addresses(): AddressInfo[] {
    const out: AddressInfo[] = [];
    for (const m of this.addrByIndex.values()) for (const a of m.values()) out.push(a);
    return out;
  }

  private put(a: AddressInfo): void {
    let m = this.addrByIndex.get(a.index);
    if (!m) this.addrByIndex.set(a.index, (m = new Map()));
    m.set(`${a.address}/${a.prefixLength}`, a);
  }
}
