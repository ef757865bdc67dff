import { describe, expect, it } from 'vitest';
import { encodeAddressMessage, familyOf, formatAddressBytes, parseAddressMessage } from './address-codec.js';
import { toNetlinkError } from './netlink-error.js';

describe('address codec', () => {
  const rows = [
    { name: 'IPv4 /32 with proto and noprefixroute', req: { index: 7, address: '10.200.0.1', prefixLength: 32, proto: 0xb1, flags: { noprefixroute: true } } },
    { name: 'IPv6 with nodad and lifetimes', req: { index: 3, address: 'fd00:200::1', prefixLength: 64, flags: { nodad: true }, validLifetime: 600, preferredLifetime: 300 } },
    { name: 'IPv4 without options', req: { index: 1, address: '192.168.10.50', prefixLength: 24 } },
  ];
  for (const { name, req } of rows) {
    it(`round-trips ${name}`, () => {
      const parsed = parseAddressMessage(encodeAddressMessage(req, true));
      expect(parsed).toMatchObject({ index: req.index, address: req.address, prefixLength: req.prefixLength, proto: req.proto ?? 0, family: familyOf(req.address) });
      expect(parsed?.flags.nodad ?? false).toBe(req.flags?.nodad ?? false);
      expect(parsed?.flags.noprefixroute ?? false).toBe(req.flags?.noprefixroute ?? false);
      expect(parsed?.validLifetime).toBe(req.validLifetime);
      expect(parsed?.preferredLifetime).toBe(req.preferredLifetime);
    });
  }

  it('a delete request carries no options', () => {
    const del = encodeAddressMessage({ index: 7, address: '10.200.0.1', prefixLength: 32, proto: 0xb1, flags: { nodad: true } }, false);
    expect(parseAddressMessage(del)).toMatchObject({ proto: 0, flags: {} });
    expect(del.length).toBe(8 + 8 + 8); // ifaddrmsg + IFA_LOCAL + IFA_ADDRESS
  });

  it('parses inside a larger buffer by offsets and ignores unknown families', () => {
    const msg = encodeAddressMessage({ index: 2, address: '10.0.0.1', prefixLength: 8 }, true);
    const big = Buffer.concat([Buffer.alloc(12, 0xff), msg, Buffer.alloc(4, 0xff)]);
    expect(parseAddressMessage(big, 12, 12 + msg.length)?.address).toBe('10.0.0.1');
    const weird = Buffer.from(msg);
    weird[0] = 17; // AF_PACKET
    expect(parseAddressMessage(weird)).toBeUndefined();
  });

  it('formats IPv6 canonically (RFC 5952)', () => {
    expect(formatAddressBytes(Buffer.from([0xfd, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x50]))).toBe('fd00:10::50');
  });
});

describe('toNetlinkError', () => {
  it.each([
    ['Request rejected: EEXIST', 'EEXIST'], ['Request rejected: EADDRNOTAVAIL', 'EADDRNOTAVAIL'], ['Request rejected: ENODEV', 'ENODEV'],
    ['Request rejected: EOPNOTSUPP', 'EOPNOTSUPP'], ['Timeout has been reached', 'ETIMEDOUT'], ['something odd', 'OTHER'],
  ])('maps %s to %s', (message, code) => {
    expect(toNetlinkError(new Error(message), 'op').code).toBe(code);
  });
});
