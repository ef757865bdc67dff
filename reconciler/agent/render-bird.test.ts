import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderBirdConfig, type BirdModel } from './render-bird.js';
import { expectBirdParses, expectGolden } from '../../test/helpers/bird-config.js';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
/** Compares with golden/<name>.conf; UPDATE_GOLDEN=1 rewrites the file instead. */
const expectGoldenConf = (name: string, text: string): void => expectGolden(path.join(goldenDir, `${name}.conf`), text);

const base: BirdModel = {
  routerId: '192.168.10.11', asn: 65001, dummyInterface: 'kube-lb0',
  exportRanges: ['10.200.0.0/16'], neighbors: [{ address: '192.168.10.1', peerASN: 65000 }],
};

const cases: [string, BirdModel][] = [
  ['single-neighbor', base],
  ['two-neighbors-dual-stack', {
    ...base, exportRanges: ['fd00:200::/64', '10.201.0.0/24', '10.200.0.0/16'],
    neighbors: [{ address: 'fd00:10::1', peerASN: 65000, holdTime: 9, keepaliveTime: 3 }, { address: '192.168.10.2', peerASN: 65002, holdTime: 9, keepaliveTime: 3 }],
  }],
  ['multihop-password-bfd', {
    ...base, connectRetryTime: 1, errorWaitTime: { min: 1, max: 5 },
    neighbors: [{ address: '172.16.0.1', peerASN: 65100, localAddress: '192.168.10.11', ebgpMultihop: 3, password: 's3cret pass', bfd: { minRxMs: 50, minTxMs: 50, multiplier: 3 } },
      { address: '192.168.10.1', peerASN: 65000, bfd: {} }],
  }],
  ['no-export-ranges', { ...base, exportRanges: [] }],
];

describe('renderBirdConfig', () => {
  for (const [name, model] of cases) {
    it(`renders ${name} (golden, and bird -p accepts it)`, () => {
      const text = renderBirdConfig(model);
      expectGoldenConf(name, text);
      expectBirdParses(text);
    });
  }

  it('is deterministic whatever the input order', () => {
    const m = cases[1]![1];
    const shuffled = { ...m, exportRanges: [...m.exportRanges].reverse(), neighbors: [...m.neighbors].reverse() };
    expect(renderBirdConfig(shuffled)).toBe(renderBirdConfig(m));
  });

  it('refuses a password BIRD cannot quote instead of emitting a broken config', () => {
    expect(() => renderBirdConfig({ ...base, neighbors: [{ address: '192.168.10.1', peerASN: 65000, password: 'a"b' }] })).toThrow(/BGP password/);
  });

  it('exports only device routes inside the export ranges', () => {
    const text = renderBirdConfig(base);
    expect(text).toContain('if source != RTS_DEVICE then reject;');
    expect(text).toContain('if net ~ [ 10.200.0.0/16+ ] then accept;');
  });
});
