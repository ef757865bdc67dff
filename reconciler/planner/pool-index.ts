// The pools of every ServiceGroup as allocatable ranges: which addresses a pool may never hand
// out (network/broadcast for local pools, .0/.255 with avoidBuggyIPs), and a lookup from an
// address to the pool that contains it (pools never overlap: the config rejects overlaps).
import type { DesiredState, Family, PoolModel, ServiceGroupModel } from '../config/model.js';
import { lastOf, parseCidr } from './ip-math.js';

/** One pool with what allocation needs to know about it. */
export interface PoolSlot {
  /** Position in the index, stable for a given DesiredState. */
  id: number;
  group: ServiceGroupModel;
  pool: PoolModel;
  family: Family;
  /** Network and last address of the pool's subnet (local pools skip both for IPv4, the network for IPv6). */
  subnetNetwork: bigint;
  subnetLast: bigint;
  /** How many addresses of the range may never be handed out. */
  reservedCount: bigint;
}

/** All pools, by group and by address. */
export interface PoolIndex {
  slots: PoolSlot[];
  /** group name → its pools of each family, in the order listed. */
  byGroup: Map<string, { group: ServiceGroupModel; v4: PoolSlot[]; v6: PoolSlot[] }>;
  /** Per family, pools sorted by first address, for binary search. */
  sorted: Record<Family, PoolSlot[]>;
}

/** Builds the pool index of a desired state. */
export function buildPoolIndex(groups: DesiredState['groups']): PoolIndex {
  const slots: PoolSlot[] = [];
  const byGroup: PoolIndex['byGroup'] = new Map();
  for (const group of groups) {
    const entry = { group, v4: [] as PoolSlot[], v6: [] as PoolSlot[] };
    byGroup.set(group.name, entry);
    for (const pool of [...group.v4pools, ...group.v6pools]) {
      const subnet = parseCidr(pool.subnet);
      const slot: PoolSlot = {
        id: slots.length,
        group,
        pool,
        family: pool.family,
        subnetNetwork: subnet ? subnet.network : -1n,
        subnetLast: subnet ? lastOf(subnet) : -1n,
        reservedCount: 0n,
      };
      slot.reservedCount = countReserved(slot);
      slots.push(slot);
      (pool.family === 4 ? entry.v4 : entry.v6).push(slot);
    }
  }
  const sortByFirst = (a: PoolSlot, b: PoolSlot): number => (a.pool.first < b.pool.first ? -1 : a.pool.first > b.pool.first ? 1 : 0);
  return {
    slots,
    byGroup,
    sorted: { 4: slots.filter((s) => s.family === 4).sort(sortByFirst), 6: slots.filter((s) => s.family === 6).sort(sortByFirst) },
  };
}

/** The pool containing the address, or null. */
export function findPool(index: PoolIndex, family: Family, value: bigint): PoolSlot | null {
  const list = index.sorted[family];
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (value < s.pool.first) hi = mid - 1;
    else if (value > s.pool.last) lo = mid + 1;
    else return s;
  }
  return null;
}

/** Why the pool may never hand out this address, or null when it may. */
export function reservedReason(slot: PoolSlot, value: bigint): string | null {
  if (slot.group.type === 'local') {
    if (value === slot.subnetNetwork) return `it is the network address of subnet ${slot.pool.subnet}`;
    if (slot.family === 4 && value === slot.subnetLast) return `it is the broadcast address of subnet ${slot.pool.subnet}`;
  }
  if (slot.group.avoidBuggyIPs && slot.family === 4) {
    const last = Number(value & 0xffn);
    if (last === 0 || last === 255) return 'it ends in .0 or .255 and the group sets avoidBuggyIPs';
  }
  return null;
}

/** How many addresses in the pool's range are reserved. */
function countReserved(slot: PoolSlot): bigint {
  const { first, last } = slot.pool;
  let n = 0n;
  if (slot.group.avoidBuggyIPs && slot.family === 4) n += countMod(first, last, 0n) + countMod(first, last, 255n);
  if (slot.group.type === 'local') {
    const edges = slot.family === 4 ? [slot.subnetNetwork, slot.subnetLast] : [slot.subnetNetwork];
    for (const e of new Set(edges)) {
      const buggy = slot.group.avoidBuggyIPs && slot.family === 4 && ((e & 0xffn) === 0n || (e & 0xffn) === 255n);
      if (e >= first && e <= last && !buggy) n++;
    }
  }
  return n;
}

/** Count of x in [first, last] with x mod 256 == r. */
function countMod(first: bigint, last: bigint, r: bigint): bigint {
  const upTo = (x: bigint): bigint => (x < r ? 0n : (x - r) / 256n + 1n);
  return upTo(last) - (first === 0n ? 0n : upTo(first - 1n));
}
