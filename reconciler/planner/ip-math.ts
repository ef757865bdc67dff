// The planner's address arithmetic over bigint: addresses carried with their canonical text,
// CIDR math and orderings. Parsing is config/ip.ts's (one definition of a valid address);
// IPv4 formatting takes a hand-written fast path because the planner formats every address of
// a 100k-Service world, IPv6 goes through ipaddr.js for RFC 5952 text.
import ipaddr from 'ipaddr.js';
import type { Family } from '../config/model.js';
import { parseAddress } from '../config/ip.js';

/** An address as the planner handles it: family, integer value, canonical text. */
export interface Addr {
  family: Family;
  value: bigint;
  text: string;
}

/** A CIDR prefix: family, network address as an integer, prefix length. */
export interface Cidr {
  family: Family;
  network: bigint;
  prefix: number;
}

/** Bits in an address of the family. */
export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** Parses an IPv4 or IPv6 address (no prefix) into an Addr with canonical text; null when invalid. */
export function parseAddr(input: string): Addr | null {
  // Hot path (every ingress of a 100k-Service state): canonical dotted quads parse here with
  // the same strictness as config/ip.ts (no leading zeros); everything else goes through it.
  const v4 = dottedQuadValue(input);
  if (v4 !== null) return { family: 4, value: BigInt(v4), text: input };
  const a = parseAddress(input);
  return a ? { family: a.family, value: a.value, text: formatAddr(a.family, a.value) } : null;
}

/** The value of a canonical dotted quad (four decimal octets 0-255, no leading zeros: what
 *  config/ip.ts accepts); null for anything else. Read character by character: a regular
 *  expression allocated a match and four substrings per address. */
export function dottedQuadValue(text: string): number | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (digits === 0 || ++dots > 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return null; // a leading zero
      octet = octet * 10 + (c - 0x30);
      digits++;
      if (octet > 255) return null;
    } else {
      return null;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : null;
}

/** Formats an integer address of the family in canonical form (RFC 5952 for IPv6). */
export function formatAddr(family: Family, value: bigint): string {
  if (family === 4) return formatV4(Number(value));
  const bytes: number[] = new Array<number>(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function formatV4(v: number): string {
  return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

/** Builds an Addr from an integer value. */
export function addrOf(family: Family, value: bigint): Addr {
  return { family, value, text: formatAddr(family, value) };
}

/** Parses `address/prefix` into a Cidr (host bits cleared) plus the address itself; null when invalid. */
export function parseCidrWithHost(input: string): { cidr: Cidr; host: Addr } | null {
  const slash = input.indexOf('/');
  if (slash < 0) return null;
  const host = parseAddr(input.slice(0, slash));
  const prefixText = input.slice(slash + 1);
  if (!host || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > familyBits(host.family)) return null;
  return { cidr: { family: host.family, network: networkOf(host.family, host.value, prefix), prefix }, host };
}

/** Parses a CIDR (host bits cleared); null when invalid. */
export function parseCidr(input: string): Cidr | null {
  return parseCidrWithHost(input)?.cidr ?? null;
}

/** The network address of `value` under `prefix`. */
export function networkOf(family: Family, value: bigint, prefix: number): bigint {
  const hostBits = BigInt(familyBits(family) - prefix);
  return (value >> hostBits) << hostBits;
}

/** The last address of a prefix (the IPv4 broadcast address). */
export function lastOf(cidr: Cidr): bigint {
  const hostBits = BigInt(familyBits(cidr.family) - cidr.prefix);
  return cidr.network + (1n << hostBits) - 1n;
}

/** Whether the prefix contains the address. */
export function cidrContains(cidr: Cidr, addr: { family: Family; value: bigint }): boolean {
  return cidr.family === addr.family && networkOf(addr.family, addr.value, cidr.prefix) === cidr.network;
}

/** Canonical CIDR text. */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddr(cidr.family, cidr.network)}/${cidr.prefix}`;
}

/** A cheap Map key for an address: V8 hashes numbers and strings far faster than BigInts. */
export function addrKey(family: Family, value: bigint): number | string {
  return family === 4 ? Number(value) : `6:${value}`;
}

/** Sorts items by address (IPv4 before IPv6) without a BigInt comparison per step: IPv4 values fit a double exactly. */
export function sortByAddress<T>(items: readonly T[], addr: (x: T) => { family: Family; value: bigint }): T[] {
  const v4: Array<{ k: number; x: T }> = [];
  const v6: T[] = [];
  for (const x of items) {
    const a = addr(x);
    if (a.family === 4) v4.push({ k: Number(a.value), x });
    else v6.push(x);
  }
  v4.sort((p, q) => p.k - q.k);
  v6.sort((p, q) => compareAddr(addr(p), addr(q)));
  return [...v4.map((e) => e.x), ...v6];
}

/** Total order on addresses: IPv4 before IPv6, then by value. */
export function compareAddr(a: { family: Family; value: bigint }, b: { family: Family; value: bigint }): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Compares two address texts (optionally with /prefix) by family and value; unparsable text sorts last, by code units. */
export function compareAddrText(a: string, b: string): number {
  const pa = parseAddr(a.split('/')[0] ?? '');
  const pb = parseAddr(b.split('/')[0] ?? '');
  if (pa && pb) {
    const c = compareAddr(pa, pb);
    if (c !== 0) return c;
  } else if (pa) return -1;
  else if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit string order: locale-independent, so output never depends on the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
