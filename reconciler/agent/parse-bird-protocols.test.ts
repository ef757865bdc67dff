import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBirdProtocols } from './parse-bird-protocols.js';

// Captured from `birdc show protocols all` of BIRD 2.0.12 (first part verbatim; the Established
// block follows the same format with the session details BIRD adds once up).
const fixture = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'show-protocols-all.txt'), 'utf8');

describe('parseBirdProtocols', () => {
  it('reads every BGP protocol with neighbour, state and since, and skips the others', () => {
    expect(parseBirdProtocols(fixture)).toEqual([
      { protocol: 'gitlb_172_31_0_1', neighbor: '172.31.0.1', state: 'Active', since: '09:11:54.017' },
      { protocol: 'gitlb_192_168_10_1', neighbor: '192.168.10.1', state: 'Established', since: '09:12:01.442' },
    ]);
  });

  it('accepts ISO dates in the since column and reply codes kept by a non-tty birdc', () => {
    const text = ['0001 BIRD 2.0.12 ready.', '2002-Name       Proto      Table      State  Since         Info',
      '1002-p1         BGP        ---        up     2026-11-25 09:12:01  Established',
      '1006-  BGP state:          Established', '      Neighbor address: fd00::1', ''].join('\n');
    expect(parseBirdProtocols(text)).toEqual([{ protocol: 'p1', neighbor: 'fd00::1', state: 'Established', since: '2026-11-25 09:12:01' }]);
  });

  it('returns nothing for output without BGP protocols', () => {
    expect(parseBirdProtocols('BIRD 2.0.12 ready.\nName Proto Table State Since Info\ndevice1    Device     ---        up     09:11:54.017\n')).toEqual([]);
  });
});
