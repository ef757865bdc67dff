// The stable address → SharedAnnouncement shard assignment: one aligned block of 128 addresses
// (IPv4 /25, IPv6 /121) per shard, named after the block, so an address never changes shard.
import type { Family } from '../config/model.js';
import { formatAddr } from './ip-math.js';

/** Prefix length of a shard's block per family (128 addresses). */
export const SHARD_PREFIX: Record<Family, number> = { 4: 25, 6: 121 };

/** The shard holding an address: its object name and block CIDR. */
export function shardOf(family: Family, value: bigint): { name: string; block: string } {
  const network = (value >> 7n) << 7n;
  const text = formatAddr(family, network);
  const prefix = SHARD_PREFIX[family];
  return { name: `shared-${text.replace(/[.:]/g, '-')}-${prefix}`, block: `${text}/${prefix}` };
}
