import { describe, expect, it } from 'vitest';
import { parsePool } from '../../config/ip.js';
import { coveringCidr, derivePoolSubnet } from './derive-pool-subnet.js';

const range = (s: string) => {
  const r = parsePool(s);
  if (!r) throw new Error(`bad pool ${s}`);
  return r;
};

describe('coveringCidr', () => {
  it.each([
    ['192.168.10.240-192.168.10.250', '192.168.10.240/28'],
    ['192.168.10.250-192.168.10.254', '192.168.10.248/29'],
    ['192.168.10.255-192.168.11.0', '192.168.10.0/23'],
    ['203.0.113.0/26', '203.0.113.0/26'],
    ['10.0.0.7-10.0.0.7', '10.0.0.7/32'],
    ['fd00:10::240-fd00:10::250', 'fd00:10::240/123'],
  ])('%s → %s', (pool, cidr) => {
    const c = coveringCidr(range(pool));
    expect(derivePoolSubnet(range(pool), []).subnet).toBe(cidr);
    expect(c.hostBitsSet).toBe(false);
  });
});

describe('derivePoolSubnet', () => {
  it('takes the most specific node subnet that contains the whole pool', () => {
    expect(derivePoolSubnet(range('192.168.10.240-192.168.10.250'), ['10.0.0.0/8', '192.168.0.0/16', '192.168.10.0/24'])).toEqual({ subnet: '192.168.10.0/24', prefix: 24, source: 'node-subnet' });
  });

  it('ignores node subnets that hold only part of the pool or are of the other family', () => {
    expect(derivePoolSubnet(range('192.168.10.250-192.168.11.5'), ['192.168.10.0/24', 'fd00::/64']).source).toBe('covering');
  });

  it('widens the covering CIDR to the BGP aggregation, which may not be shorter than the subnet', () => {
    expect(derivePoolSubnet(range('203.0.113.10-203.0.113.20'), [], 24)).toEqual({ subnet: '203.0.113.0/24', prefix: 24, source: 'aggregation' });
    expect(derivePoolSubnet(range('203.0.113.0/26'), [], 32)).toEqual({ subnet: '203.0.113.0/26', prefix: 26, source: 'covering' });
  });
});
