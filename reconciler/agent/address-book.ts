// A set of (interface index, address, prefix length) triples without string concatenation:
// at 10k addresses, building `${index}|${address}/${prefix}` keys dominated a resync.

/** Set of addresses per interface index, keyed by address text then prefix length. */
export class AddressBook {
  // index -> address -> prefix length (the common case: one prefix per address)
  private readonly single = new Map<number, Map<string, number>>();
  // index -> address -> further prefix lengths (rare: same address twice with different prefixes)
  private readonly extra = new Map<number, Map<string, number[]>>();

  /** Adds one triple; false when it was already there. */
  add(index: number, address: string, prefixLength: number): boolean {
    let m = this.single.get(index);
    if (!m) this.single.set(index, (m = new Map()));
    const p = m.get(address);
    if (p === undefined) {
      m.set(address, prefixLength);
      return true;
    }
    if (p === prefixLength) return false;
    let x = this.extra.get(index);
    if (!x) this.extra.set(index, (x = new Map()));
    const list = x.get(address);
    if (!list) x.set(address, [prefixLength]);
    else if (list.includes(prefixLength)) return false;
    else list.push(prefixLength);
    return true;
  }

  /** Whether the triple is in the set. */
  has(index: number, address: string, prefixLength: number): boolean {
    const p = this.single.get(index)?.get(address);
    if (p === undefined) return false;
    if (p === prefixLength) return true;
    return this.extra.get(index)?.get(address)?.includes(prefixLength) ?? false;
  }

  /** Whether the address is in the set on that interface, with any prefix length. */
  hasAddress(index: number, address: string): boolean {
    return this.single.get(index)?.has(address) ?? false;
  }
}
