// Small IP math shared by the config rules and the planner: parsing with ipaddr.js, canonical
// text, bigint arithmetic, CIDRs and a-b ranges. Every parser returns null on bad input rather
// than throwing, because bad input is an expected outcome here (it becomes a diagnostic).
import ipaddr from 'ipaddr.js';
import type { Family } from './model.js';

/** An address as a family and an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  family: Family;
  value: bigint;
}

/** A CIDR: network address (host bits cleared) and prefix length. */
export interface IpCidr {
  family: Family;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
  /** True when the text had host bits set (e.g. 192.168.10.5/24). */
  hostBitsSet: boolean;
}

/** An inclusive address range. */
export interface IpRange {
  family: Family;
  first: bigint;
  last: bigint;
}

/** Number of bits in an address of the family. */
export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

// ipaddr.js accepts forms the kernel and Kubernetes do not (e.g. '10.1' or octal '010.0.0.1'
// in isValid/parse). We only take the four-part decimal IPv4 form and standard IPv6 text.
const STRICT_V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

// Rules parse the same pool and subnet texts several times: remember recent results. Results
// are frozen because they are shared; the cache is dropped when it grows, so it stays small.
const CACHE_LIMIT = 20_000;
const addressCache = new Map<string, IpAddress | null>();
const cidrCache = new Map<string, IpCidr | null>();
const poolCache = new Map<string, IpRange | null>();

function memo<T extends object>(cache: Map<string, T | null>, key: string, compute: (k: string) => T | null): T | null {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const v = compute(key);
  const frozen = v === null ? null : Object.freeze(v);
  cache.set(key, frozen);
  return frozen;
}

/** Parses an IPv4 or IPv6 address (no prefix, no zone); null when it is not one. */
export function parseAddress(s: string): IpAddress | null {
  return memo(addressCache, s, parseAddressUncached);
}

function parseAddressUncached(s: string): IpAddress | null {
  const text = s.trim();
  if (text.includes(':')) {
    // Zones (fe80::1%eth0) are not addresses of a pool or a subnet.
    if (text.includes('%') || !ipaddr.IPv6.isValid(text)) return null;
    const bytes = ipaddr.IPv6.parse(text).toByteArray();
    return { family: 6, value: bytesToBigint(bytes) };
  }
  if (!STRICT_V4.test(text)) return null;
  return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(text).toByteArray()) };
}

/** Formats an address integer in canonical text (RFC 5952 for IPv6). */
export function formatAddress(family: Family, value: bigint): string {
  const n = family === 4 ? 4 : 16;
  const bytes: number[] = new Array<number>(n);
  let v = value;
  for (let i = n - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  // fromByteArray gives canonical text for both families (RFC 5952 for IPv6).
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses 'address/prefix'; null when it is not a CIDR of a known family. */
export function parseCidr(s: string): IpCidr | null {
  return memo(cidrCache, s, parseCidrUncached);
}

function parseCidrUncached(s: string): IpCidr | null {
  const text = s.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > familyBits(addr.family)) return null;
  const network = addr.value & prefixMask(addr.family, prefix);
  return { family: addr.family, network, prefix, hostBitsSet: network !== addr.value };
}

/** Parses an inclusive 'a-b' range (spaces around '-' allowed); null when it is not one. */
export function parseRange(s: string): IpRange | null {
  const parts = s.split('-');
  if (parts.length !== 2) return null;
  const a = parseAddress(parts[0] ?? '');
  const b = parseAddress(parts[1] ?? '');
  if (!a || !b || a.family !== b.family) return null;
  return { family: a.family, first: a.value, last: b.value };
}

/** Parses a pool as written: a CIDR or an 'a-b' range; null when it is neither. */
export function parsePool(s: string): IpRange | null {
  return memo(poolCache, s, (text) => {
    if (!text.includes('/')) return parseRange(text);
    const c = parseCidr(text);
    return c ? cidrToRange(c) : null;
  });
}

/** The inclusive range of addresses a CIDR covers. */
export function cidrToRange(c: IpCidr): IpRange {
  return { family: c.family, first: c.network, last: c.network | hostMask(c.family, c.prefix) };
}

/** Canonical text of a CIDR, with host bits cleared ('192.168.10.0/24'). */
export function formatCidr(c: IpCidr): string {
  return `${formatAddress(c.family, c.network)}/${c.prefix}`;
}

/** Whether the range lies entirely inside the CIDR. */
export function cidrContainsRange(c: IpCidr, r: IpRange): boolean {
  const outer = cidrToRange(c);
  return c.family === r.family && r.first >= outer.first && r.last <= outer.last;
}

/** Whether the CIDR contains the address. */
export function cidrContains(c: IpCidr, a: IpAddress): boolean {
  return c.family === a.family && (a.value & prefixMask(c.family, c.prefix)) === c.network;
}

/** Whether two ranges of the same family share at least one address. */
export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** Number of addresses in a range (0 when first > last). */
export function rangeSize(r: IpRange): bigint {
  return r.last >= r.first ? r.last - r.first + 1n : 0n;
}

// Masks are precomputed: building them with bigint shifts dominated validation of big trees.
const MASKS: Record<Family, bigint[]> = { 4: buildMasks(32), 6: buildMasks(128) };
const ALL_ONES: Record<Family, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

function buildMasks(bits: number): bigint[] {
  const all = (1n << BigInt(bits)) - 1n;
  return Array.from({ length: bits + 1 }, (_, p) => (all << BigInt(bits - p)) & all);
}

/** The mask with the top `prefix` bits set. */
export function prefixMask(family: Family, prefix: number): bigint {
  return MASKS[family][prefix] ?? 0n;
}

/** The mask with the low host bits of a `prefix` set. */
export function hostMask(family: Family, prefix: number): bigint {
  return ALL_ONES[family] ^ prefixMask(family, prefix);
}

function bytesToBigint(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
