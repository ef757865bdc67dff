// Ordered step tables against one allocator (MetalLB style): each row is a step, checked in
// order, and after every step the request objects given to the allocator are unchanged.
import { describe, expect, it } from 'vitest';
import { Allocator, type AllocRequest } from './allocator.js';
import { buildPoolIndex } from './pool-index.js';
import { group, pool } from './test-builders.js';
import { parseAddr, type Addr } from './ip-math.js';

const groups = [
  group('local', 'local', [pool('192.168.10.0-192.168.10.3', '192.168.10.0/30')]),
  group('remote', 'remote', [pool('10.0.0.0/30', '10.0.0.0/24', 32), pool('10.0.1.0/31', '10.0.1.0/24', 32)]),
  group('balanced', 'remote', [pool('10.1.0.0/30', '10.1.0.0/24'), pool('10.1.1.0/29', '10.1.1.0/24')], { balancePools: true }),
  group('buggy', 'remote', [pool('10.2.0.254-10.2.1.1', '10.2.0.0/16')], { avoidBuggyIPs: true }),
  group('team', 'remote', [pool('10.3.0.0/30', '10.3.0.0/24')], { namespaces: ['team-a'] }),
  group('dual', 'remote', [pool('10.4.0.0/31', '10.4.0.0/24'), pool('fd00::10-fd00::11', 'fd00::/64')]),
];

function req(key: string, g: string, opts: Partial<AllocRequest> = {}): AllocRequest {
  return { key, namespace: key.split('/')[0]!, group: g, families: [4], sharingKey: null, ports: [{ port: 80, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', ...opts };
}
const ip = (s: string): Addr => parseAddr(s)!;

type Step =
  | { desc: string; op: 'allocate'; req: AllocRequest; want: string[] | { refused: string } }
  | { desc: string; op: 'assign'; req: AllocRequest; addrs: string[]; want: string[] | { refused: string } }
  | { desc: string; op: 'release'; key: string };

function run(steps: Step[]): void {
  const a = new Allocator(buildPoolIndex(groups));
  for (const s of steps) {
    if (s.op === 'release') {
      a.release(s.key);
      expect(a.addressesOf(s.key), s.desc).toEqual([]);
      continue;
    }
    const before = structuredClone(s.req);
    const r = s.op === 'allocate' ? a.allocate(s.req) : a.assign(s.req, s.addrs.map(ip));
    expect(s.req, `${s.desc}: request not mutated`).toEqual(before);
    if (Array.isArray(s.want)) {
      expect(r.ok ? r.addresses.map((x) => x.addr.text) : r, s.desc).toEqual(s.want);
      expect(a.addressesOf(s.req.key).map((x) => x.addr.text), `${s.desc}: held`).toEqual(s.want);
    } else {
      expect(r.ok ? r.addresses.map((x) => x.addr.text) : r.reason, s.desc).toEqual(s.want.refused);
    }
  }
}

describe('Allocator steps', () => {
  it('local pool: lowest free, idempotent, never network/broadcast, exhaustion, release frees', () => {
    run([
      { desc: 's1 gets the lowest usable (.1: .0 is the network address)', op: 'allocate', req: req('ns/s1', 'local'), want: ['192.168.10.1'] },
      { desc: 's1 idempotent reallocate', op: 'allocate', req: req('ns/s1', 'local'), want: ['192.168.10.1'] },
      { desc: 's2 gets the next', op: 'allocate', req: req('ns/s2', 'local'), want: ['192.168.10.2'] },
      { desc: 's3: .3 is the broadcast address, pool exhausted', op: 'allocate', req: req('ns/s3', 'local'), want: { refused: 'pool-exhausted' } },
      { desc: 's3 cannot grab the network address', op: 'assign', req: req('ns/s3', 'local'), addrs: ['192.168.10.0'], want: { refused: 'address-reserved' } },
      { desc: "s3 cannot grab s1's address", op: 'assign', req: req('ns/s3', 'local'), addrs: ['192.168.10.1'], want: { refused: 'address-in-use' } },
      { desc: 'release s1', op: 'release', key: 'ns/s1' },
      { desc: 's3 now gets the freed lowest', op: 'allocate', req: req('ns/s3', 'local'), want: ['192.168.10.1'] },
    ]);
  });

  it('pools in the order listed; a requested address outside the group is refused', () => {
    run([
      { desc: 'fills the first pool', op: 'allocate', req: req('ns/a', 'remote'), want: ['10.0.0.0'] },
      { desc: 'remote pools hand out every address', op: 'allocate', req: req('ns/b', 'remote'), want: ['10.0.0.1'] },
      { desc: '.2', op: 'allocate', req: req('ns/c', 'remote'), want: ['10.0.0.2'] },
      { desc: '.3', op: 'allocate', req: req('ns/d', 'remote'), want: ['10.0.0.3'] },
      { desc: 'then the second pool', op: 'allocate', req: req('ns/e', 'remote'), want: ['10.0.1.0'] },
      { desc: 'requested address of another group', op: 'assign', req: req('ns/f', 'remote'), addrs: ['192.168.10.2'], want: { refused: 'address-not-in-pool' } },
      { desc: 'requested address in no pool', op: 'assign', req: req('ns/f', 'remote'), addrs: ['172.16.0.1'], want: { refused: 'address-not-in-pool' } },
      { desc: 'requested free address', op: 'assign', req: req('ns/f', 'remote'), addrs: ['10.0.1.1'], want: ['10.0.1.1'] },
      { desc: 'all full', op: 'allocate', req: req('ns/g', 'remote'), want: { refused: 'pool-exhausted' } },
    ]);
  });

  it('balancePools: the pool with the most free addresses', () => {
    run([
      { desc: 'second pool has 8 free vs 4', op: 'allocate', req: req('ns/a', 'balanced'), want: ['10.1.1.0'] },
      { desc: '7 vs 4', op: 'allocate', req: req('ns/b', 'balanced'), want: ['10.1.1.1'] },
      { desc: '6 vs 4', op: 'allocate', req: req('ns/c', 'balanced'), want: ['10.1.1.2'] },
      { desc: '5 vs 4', op: 'allocate', req: req('ns/d', 'balanced'), want: ['10.1.1.3'] },
      { desc: 'tie 4 vs 4: the first listed', op: 'allocate', req: req('ns/e', 'balanced'), want: ['10.1.0.0'] },
      { desc: '3 vs 4', op: 'allocate', req: req('ns/f', 'balanced'), want: ['10.1.1.4'] },
    ]);
  });

  it('avoidBuggyIPs skips .255 and .0', () => {
    run([
      { desc: '.254 is fine', op: 'allocate', req: req('ns/a', 'buggy'), want: ['10.2.0.254'] },
      { desc: '.255 and .0 skipped', op: 'allocate', req: req('ns/b', 'buggy'), want: ['10.2.1.1'] },
      { desc: 'requesting .255 is refused', op: 'assign', req: req('ns/c', 'buggy'), addrs: ['10.2.0.255'], want: { refused: 'address-reserved' } },
      { desc: 'exhausted', op: 'allocate', req: req('ns/c', 'buggy'), want: { refused: 'pool-exhausted' } },
    ]);
  });

  it('namespaces and unknown groups', () => {
    run([
      { desc: 'allowed namespace', op: 'allocate', req: req('team-a/x', 'team'), want: ['10.3.0.0'] },
      { desc: 'other namespace refused', op: 'allocate', req: req('team-b/x', 'team'), want: { refused: 'namespace-not-allowed' } },
      { desc: 'unknown group', op: 'allocate', req: req('ns/x', 'nope'), want: { refused: 'group-not-found' } },
    ]);
  });

  it('sharing keys: same key, compatible ports and policy share; anything else is refused', () => {
    const shared = (key: string, port: number, opts: Partial<AllocRequest> = {}): AllocRequest =>
      req(key, 'remote', { sharingKey: 'k1', ports: [{ port, protocol: 'TCP' }], ...opts });
    run([
      { desc: 'a with key k1', op: 'allocate', req: shared('ns/a', 80), want: ['10.0.0.0'] },
      { desc: 'b, same key, other port: shares the lowest sharable', op: 'allocate', req: shared('ns/b', 443), want: ['10.0.0.0'] },
      { desc: 'c, same key, same port/protocol: clash, so the next free', op: 'allocate', req: shared('ns/c', 80), want: ['10.0.0.1'] },
      { desc: 'd asks for a\'s address with the same port', op: 'assign', req: shared('ns/d', 80), addrs: ['10.0.0.0'], want: { refused: 'port-clash' } },
      { desc: 'd, same port number over UDP is no clash', op: 'assign', req: shared('ns/d', 80, { ports: [{ port: 80, protocol: 'UDP' }] }), addrs: ['10.0.0.0'], want: ['10.0.0.0'] },
      { desc: 'e, same key, other policy', op: 'assign', req: shared('ns/e', 8080, { externalTrafficPolicy: 'Local' }), addrs: ['10.0.0.0'], want: { refused: 'sharing-mismatch' } },
      { desc: 'f, other key', op: 'assign', req: shared('ns/f', 8081, { sharingKey: 'k2' }), addrs: ['10.0.0.0'], want: { refused: 'address-in-use' } },
      { desc: 'g, no key', op: 'assign', req: req('ns/g', 'remote', { ports: [{ port: 9, protocol: 'TCP' }] }), addrs: ['10.0.0.0'], want: { refused: 'address-in-use' } },
      { desc: 'release a: b and d still hold it', op: 'release', key: 'ns/a' },
      { desc: 'h, no key, cannot take it yet', op: 'assign', req: req('ns/h', 'remote'), addrs: ['10.0.0.0'], want: { refused: 'address-in-use' } },
      { desc: 'release b', op: 'release', key: 'ns/b' },
      { desc: 'release d', op: 'release', key: 'ns/d' },
      { desc: 'h gets it once every holder is gone', op: 'assign', req: req('ns/h', 'remote'), addrs: ['10.0.0.0'], want: ['10.0.0.0'] },
    ]);
  });

  it('dual-stack: one address per family, all or nothing', () => {
    run([
      { desc: 'IPv4 then IPv6', op: 'allocate', req: req('ns/a', 'dual', { families: [4, 6] }), want: ['10.4.0.0', 'fd00::10'] },
      { desc: 'IPv6 first keeps the family order', op: 'allocate', req: req('ns/b', 'dual', { families: [6, 4] }), want: ['fd00::11', '10.4.0.1'] },
      { desc: 'both exhausted: nothing is held', op: 'allocate', req: req('ns/c', 'dual', { families: [4, 6] }), want: { refused: 'pool-exhausted' } },
      { desc: 'a family the Service did not ask for', op: 'assign', req: req('ns/c', 'dual', { families: [4] }), addrs: ['fd00::10'], want: { refused: 'family-not-requested' } },
      { desc: 'no IPv6 pool in the group', op: 'allocate', req: req('ns/d', 'remote', { families: [6] }), want: { refused: 'no-pool-for-family' } },
    ]);
  });
});
