// Hand-rolled encoding of RTM_NEWADDR/RTM_DELADDR payloads and parsing of address dumps.
// Why not netlink's own formatter: it refuses unknown attributes (IFA_PROTO, our ownership
// marker) and its object-per-attribute parser costs more than the kernel's own work on a
// 10k-address resync. Layout: struct ifaddrmsg (8 bytes) then 4-byte aligned attributes,
// all in host byte order (netlink is host-endian).
import { endianness } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { AddressFlags, AddressInfo, AddressRequest, IpFamily } from './netlink-port.js';

const LE = endianness() === 'LE';
const AF_INET = 2;
const AF_INET6 = 10;
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const IFA_CACHEINFO = 6;
const IFA_FLAGS = 8;
const IFA_PROTO = 11;
const F_SECONDARY = 0x01;
const F_NODAD = 0x02;
const F_DADFAILED = 0x08;
const F_TENTATIVE = 0x40;
const F_PERMANENT = 0x80;
const F_NOPREFIXROUTE = 0x200;
const FOREVER = 0xffffffff;

/** Maps our family names to AF_* numbers. */
export function familyNumber(family: IpFamily): number {
  return family === 'ipv4' ? AF_INET : AF_INET6;
}

/** Which family an address text belongs to. */
export function familyOf(address: string): IpFamily {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

/** Address text to its network-order bytes. */
export function addressBytes(address: string): Buffer {
  return Buffer.from(ipaddr.parse(address).toByteArray());
}

/** Network-order bytes to canonical text (dotted quad, or RFC 5952 for IPv6). */
export function formatAddressBytes(b: Buffer): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  return ipaddr.fromByteArray([...b]).toString();
}

function u16(buf: Buffer, value: number, off: number): void {
  if (LE) buf.writeUInt16LE(value, off); else buf.writeUInt16BE(value, off);
}
function u32(buf: Buffer, value: number, off: number): void {
  if (LE) buf.writeUInt32LE(value >>> 0, off); else buf.writeUInt32BE(value >>> 0, off);
}
function r16(buf: Buffer, off: number): number {
  return LE ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
}
function r32(buf: Buffer, off: number): number {
  return LE ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
}

/** Encodes an ifaddrmsg plus attributes for RTM_NEWADDR (withOptions) or RTM_DELADDR. */
export function encodeAddressMessage(req: AddressRequest, withOptions: boolean): Buffer {
  const family = familyOf(req.address);
  const addr = addressBytes(req.address);
  const attrLen = (n: number) => 4 + ((n + 3) & ~3);
  const lifetimes = withOptions && (req.validLifetime !== undefined || req.preferredLifetime !== undefined);
  const proto = withOptions && req.proto !== undefined && req.proto !== 0;
  const size = 8 + 2 * attrLen(addr.length) + (withOptions ? attrLen(4) : 0) + (lifetimes ? attrLen(16) : 0) + (proto ? attrLen(1) : 0);
  const buf = Buffer.alloc(size);
  let flags = 0;
  if (withOptions && req.flags?.nodad) flags |= F_NODAD;
  if (withOptions && req.flags?.noprefixroute) flags |= F_NOPREFIXROUTE;
  buf[0] = family === 'ipv4' ? AF_INET : AF_INET6;
  buf[1] = req.prefixLength;
  buf[2] = flags & 0xff;
  buf[3] = 0; // RT_SCOPE_UNIVERSE; the kernel picks host scope for 127/8 itself
  u32(buf, req.index, 4);
  let off = 8;
  const put = (type: number, data: Buffer) => {
    u16(buf, 4 + data.length, off);
    u16(buf, type, off + 2);
    data.copy(buf, off + 4);
    off += attrLen(data.length);
  };
  put(IFA_LOCAL, addr);
  put(IFA_ADDRESS, addr);
  if (withOptions) {
    // IFA_FLAGS carries bits above 0xff (noprefixroute); the kernel then ignores ifa_flags.
    const f = Buffer.alloc(4);
    u32(f, flags, 0);
    put(IFA_FLAGS, f);
  }
  if (lifetimes) {
    const c = Buffer.alloc(16);
    u32(c, req.preferredLifetime ?? FOREVER, 0);
    u32(c, req.validLifetime ?? FOREVER, 4);
    put(IFA_CACHEINFO, c);
  }
  if (proto) put(IFA_PROTO, Buffer.from([req.proto ?? 0]));
  return buf;
}

/** Parses one RTM_NEWADDR/RTM_DELADDR payload; undefined for families the agent ignores. */
export function parseAddressMessage(buf: Buffer, start = 0, end = buf.length): AddressInfo | undefined {
  if (end - start < 8) return undefined;
  const af = buf[start];
  if (af !== AF_INET && af !== AF_INET6) return undefined;
  const prefixLength = buf[start + 1] ?? 0;
  let rawFlags = buf[start + 2] ?? 0;
  const index = r32(buf, start + 4);
  // offsets of IFA_LOCAL / IFA_ADDRESS payloads (no Buffer views: this runs 10k times a resync)
  let local = -1;
  let address = -1;
  let proto = 0;
  let valid: number | undefined;
  let preferred: number | undefined;
  let off = start + 8;
  const alen = af === AF_INET ? 4 : 16;
  while (off + 4 <= end) {
    const len = r16(buf, off);
    const type = r16(buf, off + 2) & 0x3fff;
    if (len < 4 || off + len > end) break;
    const data = off + 4;
    const dlen = len - 4;
    if (type === IFA_LOCAL && dlen === alen) local = data;
    else if (type === IFA_ADDRESS && dlen === alen) address = data;
    else if (type === IFA_FLAGS && dlen >= 4) rawFlags = r32(buf, data);
    else if (type === IFA_PROTO && dlen >= 1) proto = buf[data] ?? 0;
    else if (type === IFA_CACHEINFO && dlen >= 8) {
      preferred = r32(buf, data);
      valid = r32(buf, data + 4);
    }
    off += (len + 3) & ~3;
  }
  // IPv4 reports the interface's own address in IFA_LOCAL (IFA_ADDRESS is the peer on
  // point-to-point links); IPv6 usually sends only IFA_ADDRESS.
  const at = local >= 0 ? local : address;
  if (at < 0) return undefined;
  const text = af === AF_INET
    ? `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`
    : formatAddressBytes(buf.subarray(at, at + 16));
  const flags: AddressFlags = {};
  if (rawFlags & F_NODAD) flags.nodad = true;
  if (rawFlags & F_NOPREFIXROUTE) flags.noprefixroute = true;
  if (rawFlags & F_SECONDARY) flags.secondary = true;
  if (rawFlags & F_TENTATIVE) flags.tentative = true;
  if (rawFlags & F_DADFAILED) flags.dadfailed = true;
  if (rawFlags & F_PERMANENT) flags.permanent = true;
  const info: AddressInfo = {
    family: af === AF_INET ? 'ipv4' : 'ipv6',
    index,
    address: text,
    prefixLength,
    flags,
    proto,
  };
  if (valid !== undefined && valid !== FOREVER) info.validLifetime = valid;
  if (preferred !== undefined && preferred !== FOREVER) info.preferredLifetime = preferred;
  return info;
}
