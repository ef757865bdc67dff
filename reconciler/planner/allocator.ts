// The in-memory address allocator (MetalLB's internal/allocator model): no API, no clock, just
// maps from Services to addresses and back, so every decision is a step a table test can replay.
// An address is held either by one Service, or by several that carry the same sharing key, the
// same externalTrafficPolicy, and no clashing port/protocol.
import type { Family } from '../config/model.js';
import type { ServicePortModel } from '../cluster/observed.js';
import { addrKey, addrOf, type Addr } from './ip-math.js';
import { findPool, reservedReason, type PoolIndex, type PoolSlot } from './pool-index.js';

/** What a Service asks the allocator for. */
export interface AllocRequest {
  /** namespace/name. */
  key: string;
  namespace: string;
  group: string;
  /** Families wanted, in the Service's ipFamilies order; every one must be served. */
  families: Family[];
  sharingKey: string | null;
  ports: ServicePortModel[];
  externalTrafficPolicy: 'Cluster' | 'Local';
}

/** An address the allocator handed out, with its pool. */
export interface AllocatedAddress {
  addr: Addr;
  slot: PoolSlot;
}

/** Why the allocator refused a request. */
export type RefusalReason =
  | 'group-not-found'
  | 'namespace-not-allowed'
  | 'no-pool-for-family'
  | 'pool-exhausted'
  | 'address-not-in-pool'
  | 'address-reserved'
  | 'address-in-use'
  | 'sharing-mismatch'
  | 'port-clash'
  | 'family-not-requested';

/** The outcome of a request: the addresses (in family order), or a refusal with a reason. */
export type AllocResult =
  | { ok: true; addresses: AllocatedAddress[] }
  | { ok: false; reason: RefusalReason; message: string };

/** The addresses one Service key holds. */
export interface Holding {
  addresses: AllocatedAddress[];
}

/** Who holds one address. */
interface AddressUse {
  slot: PoolSlot;
  sharingKey: string | null;
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** The holders and their ports: an array, since almost every address has one holder (a Map each would cost ~10× more at 100k). */
  holders: Array<{ key: string; ports: ServicePortModel[] }>;
}

/** The allocator: feed it requests in the planning order; it never mutates its inputs. */
export class Allocator {
  /** service key → its holding (requests are not kept: nothing reads them back). A holding,
   *  once created, stays (empty after a release), so a caller may keep it as a handle. */
  private readonly byService = new Map<string, Holding>();
  /** addrKey(address) → who holds it. */
  private readonly byAddress = new Map<number | string, AddressUse>();
  /** pool id → the lowest address that may still be free (everything below it is held or reserved). */
  private readonly cursor = new Map<number, bigint>();
  /** pool id → addresses held (a number: a pool never holds 2^53 Services). */
  private readonly usedCount: number[];
  /** pool id → sharing key → addrKey → value, for the addresses held with that key in the pool. */
  private readonly keyed = new Map<number, Map<string, Map<number | string, bigint>>>();

  constructor(private readonly index: PoolIndex) {
    this.usedCount = index.slots.map(() => 0);
  }

  /** The addresses a Service holds (empty when none). */
  addressesOf(key: string): AllocatedAddress[] {
    return this.byService.get(key)?.addresses ?? [];
  }

  /** How many Service keys have a holding (created by holdingOf or an allocation). */
  get holdingCount(): number {
    return this.byService.size;
  }

  /** The live holding of a key: what addressesOf(key) returns, read through a handle kept by the
   *  caller instead of a map lookup per read (IPAM reads each Service's twice). */
  holdingOf(key: string): Readonly<Holding> {
    let h = this.byService.get(key);
    if (!h) this.byService.set(key, (h = { addresses: [] }));
    return h;
  }

  /** The Services holding an address, sorted. */
  holdersOf(family: Family, value: bigint): string[] {
    return (this.byAddress.get(addrKey(family, value))?.holders ?? []).map((h) => h.key).sort();
  }

  /** Free addresses left in a pool. */
  freeCount(slot: PoolSlot): bigint {
    return slot.pool.last - slot.pool.first + 1n - slot.reservedCount - BigInt(this.usedCount[slot.id] ?? 0);
  }

  /** Gives the Service exactly these addresses (kept or requested ones): all of them, or none. */
  assign(req: AllocRequest, wanted: Addr[]): AllocResult {
    const groupCheck = this.checkGroup(req);
    if (groupCheck) return groupCheck;
    // Sized up front: it becomes the Service's holding, which lives as long as the plan (an
    // array grown from empty by push reserves 17 slots).
    const out = new Array<AllocatedAddress>(wanted.length);
    for (let i = 0; i < wanted.length; i++) {
      const a = wanted[i]!;
      if (!req.families.includes(a.family)) {
        return refuse('family-not-requested', `${a.text} is IPv${a.family}, but the Service asks for ${familiesText(req.families)}`);
      }
      const slot = findPool(this.index, a.family, a.value);
      if (!slot || slot.group.name !== req.group) {
        return refuse('address-not-in-pool', `${a.text} is not in any pool of ServiceGroup ${req.group}`);
      }
      const reserved = reservedReason(slot, a.value);
      if (reserved) return refuse('address-reserved', `${a.text} cannot be handed out: ${reserved}`);
      const clash = this.checkSharing(req, a);
      if (clash) return clash;
      out[i] = { addr: a, slot };
    }
    this.replace(req, out);
    return { ok: true, addresses: out };
  }

  /** Gives the Service one address per wanted family: what it already holds, else the next free (or sharable) one. */
  allocate(req: AllocRequest): AllocResult {
    const groupCheck = this.checkGroup(req);
    if (groupCheck) return groupCheck;
    const entry = this.index.byGroup.get(req.group)!;
    const held = this.addressesOf(req.key);
    const out = new Array<AllocatedAddress>(req.families.length); // sized up front, as in assign
    for (let i = 0; i < req.families.length; i++) {
      const family = req.families[i]!;
      const keep = held.find((h) => h.addr.family === family && h.slot.group.name === req.group);
      if (keep && !this.checkSharing(req, keep.addr)) {
        out[i] = keep;
        continue;
      }
      const slots = family === 4 ? entry.v4 : entry.v6;
      if (slots.length === 0) {
        return refuse('no-pool-for-family', `ServiceGroup ${req.group} has no IPv${family} pool`);
      }
      const found = this.pickFrom(req, slots, family);
      if (!found) {
        return refuse('pool-exhausted', `no free IPv${family} address left in ServiceGroup ${req.group} (${slots.map((s) => s.pool.pool).join(', ')})`);
      }
      out[i] = found;
    }
    this.replace(req, out);
    return { ok: true, addresses: out };
  }

  /** Releases every address the Service holds (no-op when it holds none). */
  release(key: string): void {
    const cur = this.byService.get(key);
    if (!cur) return;
    for (const a of cur.addresses) this.unhold(key, a);
    cur.addresses = [];
  }

  private checkGroup(req: AllocRequest): AllocResult | null {
    const entry = this.index.byGroup.get(req.group);
    if (!entry) return refuse('group-not-found', `ServiceGroup ${req.group} does not exist`);
    const ns = entry.group.namespaces;
    if (ns !== null && !ns.includes(req.namespace)) {
      return refuse('namespace-not-allowed', `ServiceGroup ${req.group} does not serve namespace ${req.namespace} (namespaces: ${ns.join(', ')})`);
    }
    return null;
  }

  /** Whether the Service may hold the address alongside its current holders; null when it may. */
  private checkSharing(req: AllocRequest, a: Addr): AllocResult | null {
    const use = this.byAddress.get(addrKey(a.family, a.value));
    if (!use) return null;
    const others = use.holders.map((h) => h.key).filter((k) => k !== req.key);
    if (others.length === 0) return null;
    const who = others.sort().join(', ');
    if (req.sharingKey === null || use.sharingKey === null || req.sharingKey !== use.sharingKey) {
      return refuse('address-in-use', `${a.text} is already used by ${who}` + (use.sharingKey ? ` (sharing key ${use.sharingKey})` : ''));
    }
    if (req.externalTrafficPolicy !== use.externalTrafficPolicy) {
      return refuse('sharing-mismatch', `${a.text} is shared by ${who} with externalTrafficPolicy ${use.externalTrafficPolicy}, this Service has ${req.externalTrafficPolicy}`);
    }
    for (const { key: other, ports } of use.holders) {
      if (other === req.key) continue;
      for (const p of req.ports) {
        if (ports.some((q) => q.port === p.port && q.protocol === p.protocol)) {
          return refuse('port-clash', `${a.text}: port ${p.port}/${p.protocol} is already used by ${other}`);
        }
      }
    }
    return null;
  }

  /** The address to hand out in these pools: by pool order (balancePools: most free first), lowest free or sharable. */
  private pickFrom(req: AllocRequest, slots: PoolSlot[], family: Family): AllocatedAddress | null {
    const order = slots[0]!.group.balancePools
      ? [...slots].sort((a, b) => {
          const fa = this.freeCount(a);
          const fb = this.freeCount(b);
          return fa > fb ? -1 : fa < fb ? 1 : a.id - b.id;
        })
      : slots;
    for (const slot of order) {
      const shared = this.lowestSharable(req, slot, family);
      const free = this.lowestFree(slot, family, shared ?? slot.pool.last + 1n);
      const value = shared !== null && (free === null || shared < free) ? shared : free;
      if (value !== null) return { addr: addrOf(family, value), slot };
    }
    return null;
  }

  private lowestSharable(req: AllocRequest, slot: PoolSlot, family: Family): bigint | null {
    if (req.sharingKey === null) return null;
    const values = this.keyed.get(slot.id)?.get(req.sharingKey);
    if (!values) return null;
    let best: bigint | null = null;
    for (const v of values.values()) {
      if ((best === null || v < best) && !this.checkSharing(req, addrOf(family, v))) best = v;
    }
    return best;
  }

  /** Lowest free address below `limit`, advancing the pool's cursor past held and reserved ones. */
  private lowestFree(slot: PoolSlot, family: Family, limit: bigint): bigint | null {
    let v = this.cursor.get(slot.id) ?? slot.pool.first;
    while (v <= slot.pool.last && v < limit && (this.byAddress.has(addrKey(family, v)) || reservedReason(slot, v) !== null)) v++;
    this.cursor.set(slot.id, v);
    return v <= slot.pool.last && v < limit ? v : null;
  }

  private replace(req: AllocRequest, addresses: AllocatedAddress[]): void {
    this.release(req.key);
    const h = this.byService.get(req.key);
    if (h) h.addresses = addresses;
    else this.byService.set(req.key, { addresses });
    for (const a of addresses) this.hold(req, a);
  }

  private hold(req: AllocRequest, a: AllocatedAddress): void {
    const key = addrKey(a.addr.family, a.addr.value);
    let use = this.byAddress.get(key);
    if (!use) {
      // Born with its first holder (an array grown from empty by push reserves 17 slots).
      use = { slot: a.slot, sharingKey: req.sharingKey, externalTrafficPolicy: req.externalTrafficPolicy, holders: [{ key: req.key, ports: req.ports }] };
      this.byAddress.set(key, use);
      this.usedCount[a.slot.id]!++;
      if (req.sharingKey !== null) {
        let byKey = this.keyed.get(a.slot.id);
        if (!byKey) this.keyed.set(a.slot.id, (byKey = new Map()));
        let held = byKey.get(req.sharingKey);
        if (!held) byKey.set(req.sharingKey, (held = new Map()));
        held.set(key, a.addr.value);
      }
      return;
    }
    const mine = use.holders.find((h) => h.key === req.key);
    if (mine) mine.ports = req.ports;
    else use.holders.push({ key: req.key, ports: req.ports });
  }

  private unhold(key: string, a: AllocatedAddress): void {
    const addr = addrKey(a.addr.family, a.addr.value);
    const use = this.byAddress.get(addr);
    if (!use) return;
    use.holders = use.holders.filter((h) => h.key !== key);
    if (use.holders.length > 0) return;
    this.byAddress.delete(addr);
    this.usedCount[a.slot.id]!--;
    if (use.sharingKey !== null) this.keyed.get(a.slot.id)?.get(use.sharingKey)?.delete(addr);
    const c = this.cursor.get(a.slot.id);
    if (c !== undefined && a.addr.value < c) this.cursor.set(a.slot.id, a.addr.value);
  }
}

function refuse(reason: RefusalReason, message: string): AllocResult {
  return { ok: false, reason, message };
}

function familiesText(families: Family[]): string {
  return families.map((f) => `IPv${f}`).join(' and ');
}
