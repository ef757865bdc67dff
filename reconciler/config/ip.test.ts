import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cidrContains, cidrContainsRange, formatAddress, formatCidr, parseAddress, parseCidr, parsePool, parseRange, rangeSize, rangesOverlap } from './ip.js';

describe('parseAddress', () => {
  it.each([
    ['192.168.10.1', 4, 0xc0a80a01n],
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::', 6, 0n],
    ['fd00:10::1', 6, 0xfd000010000000000000000000000001n],
    [' 10.0.0.1 ', 4, 0x0a000001n],
  ])('%s', (text, family, value) => {
    expect(parseAddress(text)).toEqual({ family, value });
  });

  it.each(['', '10.1', '010.0.0.1', '256.0.0.1', '1.2.3.4.5', 'fd00::zz', 'fe80::1%eth0', 'host', '1.2.3.4/32'])('rejects %j', (text) => {
    expect(parseAddress(text)).toBeNull();
  });

  it('round-trips through formatAddress for every IPv4 and IPv6 value', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (v) => parseAddress(formatAddress(4, v))?.value === v));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => parseAddress(formatAddress(6, v))?.value === v));
  });

  it('formats IPv6 canonically (RFC 5952)', () => {
    expect(formatAddress(6, parseAddress('FD00:0:0:0::0001')?.value ?? 0n)).toBe('fd00::1');
  });
});

describe('parseCidr', () => {
  it('clears host bits and says so', () => {
    const c = parseCidr('192.168.10.5/24');
    expect(c).toEqual({ family: 4, network: 0xc0a80a00n, prefix: 24, hostBitsSet: true });
    expect(c && formatCidr(c)).toBe('192.168.10.0/24');
    expect(parseCidr('fd00:10::/64')?.hostBitsSet).toBe(false);
  });

  it.each(['192.168.10.0', '192.168.10.0/33', 'fd00::/129', '10.0.0.0/-1', '10.0.0.0/a', '/24'])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });
});

describe('ranges and pools', () => {
  it('parses ranges with optional spaces, and CIDR pools', () => {
    expect(parseRange('10.0.0.1 - 10.0.0.9')).toEqual({ family: 4, first: 0x0a000001n, last: 0x0a000009n });
    expect(parseRange('10.0.0.1-fd00::1')).toBeNull();
    expect(parsePool('10.200.0.0/24')).toEqual({ family: 4, first: 0x0ac80000n, last: 0x0ac800ffn });
    expect(rangeSize({ family: 6, first: 0n, last: 255n })).toBe(256n);
    expect(rangeSize({ family: 4, first: 9n, last: 1n })).toBe(0n);
  });

  it('answers containment and overlap', () => {
    const subnet = parseCidr('192.168.10.0/24');
    const pool = parsePool('192.168.10.240-192.168.10.250');
    if (!subnet || !pool) throw new Error('parse');
    expect(cidrContainsRange(subnet, pool)).toBe(true);
    expect(cidrContainsRange(subnet, { family: 4, first: pool.first, last: pool.last + 10n })).toBe(false);
    expect(cidrContains(subnet, { family: 4, value: 0xc0a80b01n })).toBe(false);
    expect(cidrContains(subnet, { family: 4, value: 0xc0a80affn })).toBe(true);
    expect(rangesOverlap(pool, { family: 4, first: pool.last, last: pool.last + 1n })).toBe(true);
    expect(rangesOverlap(pool, { family: 6, first: pool.first, last: pool.last })).toBe(false);
  });

  it('agrees with a brute-force check that a CIDR covers exactly its range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 20, max: 32 }), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (addr, prefix, probe) => {
        const c = parseCidr(`${formatAddress(4, addr)}/${prefix}`);
        const r = c && parsePool(`${formatAddress(4, addr)}/${prefix}`);
        if (!c || !r) return false;
        const inside = probe >= r.first && probe <= r.last;
        return cidrContains(c, { family: 4, value: probe }) === inside && rangeSize(r) === 1n << BigInt(32 - prefix);
      }),
    );
  });
});
