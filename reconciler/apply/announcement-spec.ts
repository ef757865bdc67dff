// Reading the address lists out of announcement specs (plan values are `unknown` at this edge),
// and the transitional spec apply writes first when an update both adds and removes addresses.

/** An address entry of a NodeAnnouncement or SharedAnnouncement spec, as far as apply reads it. */
export interface SpecAddress {
  address: string;
  prefixLength: number;
  services: string[];
}

/** The `addresses` of a spec value; [] when it has none (or is null, for a create or delete). */
export function addressesOf(spec: unknown): SpecAddress[] {
  if (spec === null || typeof spec !== 'object') return [];
  const list = (spec as { addresses?: unknown }).addresses;
  if (!Array.isArray(list)) return [];
  return list.filter((a): a is SpecAddress => a !== null && typeof a === 'object' && typeof (a as SpecAddress).address === 'string').map((a) => ({
    address: a.address,
    prefixLength: a.prefixLength,
    services: Array.isArray(a.services) ? a.services : [],
  }));
}

/** `address/prefix`, the identity of an announced address. */
export function addressKey(a: { address: string; prefixLength: number }): string {
  return `${a.address}/${a.prefixLength}`;
}

/**
 * The spec to write before Services change, when an update both adds and removes addresses:
 * `after` plus the addresses (and managed ranges) it drops, so nothing announced stops working
 * before the Services that use it have been moved. Null when one write is enough.
 */
export function transitionalSpec(before: unknown, after: unknown): Record<string, unknown> | null {
  if (after === null || typeof after !== 'object' || before === null || typeof before !== 'object') return null;
  const afterKeys = new Set(addressesOf(after).map(addressKey));
  const beforeKeys = new Set(addressesOf(before).map(addressKey));
  const rawBefore = (before as { addresses?: unknown }).addresses;
  // Raw entries are kept whole (interface, kind, ...): the agent needs all of them.
  const removed = (Array.isArray(rawBefore) ? rawBefore : []).filter((a: unknown) => {
    const [parsed] = addressesOf({ addresses: [a] });
    return parsed !== undefined && !afterKeys.has(addressKey(parsed));
  });
  const added = [...afterKeys].some((k) => !beforeKeys.has(k));
  if (removed.length === 0 || !added) return null;
  const out: Record<string, unknown> = { ...(after as Record<string, unknown>) };
  out.addresses = [...((after as { addresses?: unknown[] }).addresses ?? []), ...removed];
  const ranges = (x: unknown): string[] => {
    const r = (x as { managedRanges?: unknown }).managedRanges;
    return Array.isArray(r) ? r.filter((v): v is string => typeof v === 'string') : [];
  };
  if ('managedRanges' in out) out.managedRanges = [...new Set([...ranges(after), ...ranges(before)])].sort();
  return out;
}
