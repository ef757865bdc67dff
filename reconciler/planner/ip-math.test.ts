// The planner's address parsing agrees with config/ip.ts, the one definition of a valid address.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAddress } from '../config/ip.js';
import { dottedQuadValue, parseAddr } from './ip-math.js';

/** What config/ip.ts says of a dotted quad: its value, or null when it is not a valid IPv4 address. */
function configValue(text: string): number | null {
  const a = parseAddress(text);
  return a && a.family === 4 && text === text.trim() ? Number(a.value) : null;
}

describe('dottedQuadValue', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.4.17', 0x0a000411],
    ['255.255.255.255', 0xffffffff],
    ['192.168.1.1', 0xc0a80101],
  ])('%s is %i', (text, value) => expect(dottedQuadValue(text)).toBe(value));

  it.each(['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.00', '256.0.0.1', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.4/32', '::1', '1.2.3.a', '1.2.3.1000'])(
    '%j is not a canonical dotted quad',
    (text) => expect(dottedQuadValue(text)).toBeNull(),
  );

  it('accepts exactly what config/ip.ts accepts as IPv4, with the same value', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '', 'x'));
    const quad = fc.array(octet, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
    const noise = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', ' ', ':', 'a'), maxLength: 16 });
    fc.assert(
      fc.property(fc.oneof(quad, noise), (text) => {
        expect(dottedQuadValue(text)).toBe(configValue(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseAddr', () => {
  it('keeps an IPv4 text as given and gives its value', () => {
    expect(parseAddr('10.1.2.3')).toEqual({ family: 4, value: 0x0a010203n, text: '10.1.2.3' });
  });

  it('canonicalizes IPv6 and refuses what is not an address', () => {
    expect(parseAddr('fd00:0::1')).toEqual({ family: 6, value: 0xfd000000000000000000000000000001n, text: 'fd00::1' });
    expect(parseAddr('010.1.2.3')).toBeNull();
    expect(parseAddr('10.1.2')).toBeNull();
  });
});
