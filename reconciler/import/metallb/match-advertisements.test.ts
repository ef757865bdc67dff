import { describe, expect, it } from 'vitest';
import { advertisesPool } from './match-advertisements.js';
import type { IPAddressPool } from './metallb-types.js';

const pool: IPAddressPool = { metadata: { name: 'public', labels: { exposure: 'internet', tier: 'gold' } }, spec: { addresses: ['203.0.113.0/26'] } };

describe('advertisesPool (MetalLB rules)', () => {
  it.each([
    ['no pools and no selectors: every pool', {}, true],
    ['named', { ipAddressPools: ['other', 'public'] }, true],
    ['another pool named', { ipAddressPools: ['other'] }, false],
    ['matchLabels selector', { ipAddressPoolSelectors: [{ matchLabels: { exposure: 'internet' } }] }, true],
    ['selector that does not match', { ipAddressPoolSelectors: [{ matchLabels: { exposure: 'lan' } }] }, false],
    ['matchExpressions selector', { ipAddressPoolSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['gold'] }] }] }, true],
    ['a name or a selector', { ipAddressPools: ['other'], ipAddressPoolSelectors: [{ matchLabels: { tier: 'gold' } }] }, true],
  ])('%s', (_why, spec, expected) => {
    expect(advertisesPool({ spec }, pool)).toBe(expected);
  });
});
