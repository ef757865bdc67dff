import { describe, expect, it } from 'vitest';
import type { AddressInfo, LinkInfo } from '../netlink/netlink-port.js';
import { diffNodeState } from './diff-node-state.js';
import { GITLB_ADDRESS_PROTO, type DesiredNodeState, type ObservedNodeState } from './node-state.js';

const eth0: LinkInfo = { index: 2, name: 'eth0', up: true };
const lb0: LinkInfo = { index: 3, name: 'kube-lb0', up: true, kind: 'ifb' };
const eth1: LinkInfo = { index: 4, name: 'eth1', up: true };

function addr(index: number, address: string, prefixLength: number, proto = GITLB_ADDRESS_PROTO): AddressInfo {
  return { family: address.includes(':') ? 'ipv6' : 'ipv4', index, address, prefixLength, flags: {}, proto };
}

function desired(over: Partial<DesiredNodeState> = {}): DesiredNodeState {
  return {
    dummyInterface: 'kube-lb0', localInterface: 'eth0', addresses: [],
    managedRanges: ['192.168.10.0/24', '10.200.0.0/16', 'fd00:10::/64'], skipIPv6DAD: false, ...over,
  };
}

function observed(addresses: AddressInfo[], links: LinkInfo[] = [eth0, lb0, eth1]): ObservedNodeState {
  return { links, addresses, routes: [] };
}

const nodeIP = addr(2, '192.168.10.11', 24, 0); // the node's own address, inside the local pool's subnet

describe('diffNodeState', () => {
  const rows: { name: string; d: DesiredNodeState; o: ObservedNodeState; ops: string[]; unplaced?: string[] }[] = [
    {
      name: 'empty node: create the dummy, bring it up, add both kinds',
      d: desired({ addresses: [{ address: '10.200.0.1', prefixLength: 32, kind: 'remote' }, { address: '192.168.10.50', prefixLength: 24, kind: 'local' }] }),
      o: observed([nodeIP], [eth0]),
      ops: ['createDummy kube-lb0', 'setLinkUp kube-lb0', 'add eth0 192.168.10.50/24', 'add kube-lb0 10.200.0.1/32'],
    },
    {
      name: 'already correct: nothing to do',
      d: desired({ addresses: [{ address: '10.200.0.1', prefixLength: 32, kind: 'remote' }, { address: '192.168.10.50', prefixLength: 24, kind: 'local' }] }),
      o: observed([nodeIP, addr(2, '192.168.10.50', 24), addr(3, '10.200.0.1', 32)]),
      ops: [],
    },
    {
      name: 'dummy exists but is down',
      d: desired(),
      o: observed([], [eth0, { ...lb0, up: false }]),
      ops: ['setLinkUp kube-lb0'],
    },
    {
      name: 'stale on the dummy is removed, whoever added it; link-local stays',
      d: desired({ addresses: [{ address: '10.200.0.1', prefixLength: 32, kind: 'remote' }] }),
      o: observed([addr(3, '10.200.0.1', 32), addr(3, '10.200.0.2', 32), addr(3, '172.16.0.1', 32, 0), addr(3, 'fe80::1', 64, 3)]),
      ops: ['del kube-lb0 10.200.0.2/32 stale', 'del kube-lb0 172.16.0.1/32 stale'],
    },
    {
      name: 'local interface: only marked addresses inside managed ranges go; node IP and foreign ones stay',
      d: desired(),
      o: observed([nodeIP, addr(2, '192.168.10.50', 24), addr(2, '192.168.10.51', 24, 0), addr(2, '192.168.11.5', 24), addr(2, 'fd00:10::5', 64), addr(2, 'fd00:11::5', 64)]),
      ops: ['del eth0 192.168.10.50/24 stale', 'del eth0 fd00:10::5/64 stale'],
    },
    {
      name: 'other interfaces are never touched, even inside managed ranges',
      d: desired(),
      o: observed([addr(4, '192.168.10.60', 24), addr(4, '10.200.0.9', 32)]),
      ops: [],
    },
    {
      name: 'wrong prefix on the dummy: add the right one first, then delete',
      d: desired({ addresses: [{ address: '10.200.0.1', prefixLength: 24, kind: 'remote' }] }),
      o: observed([addr(3, '10.200.0.1', 32)]),
      ops: ['add kube-lb0 10.200.0.1/24', 'del kube-lb0 10.200.0.1/32 wrong-prefix'],
    },
    {
      name: 'address moving from dummy to local interface',
      d: desired({ addresses: [{ address: '192.168.10.50', prefixLength: 24, kind: 'local' }] }),
      o: observed([addr(3, '192.168.10.50', 32)]),
      ops: ['add eth0 192.168.10.50/24', 'del kube-lb0 192.168.10.50/32 wrong-interface'],
    },
    {
      name: 'no local interface: local addresses wait, remote ones proceed',
      d: desired({ localInterface: undefined, addresses: [{ address: '192.168.10.50', prefixLength: 24, kind: 'local' }, { address: '10.200.0.1', prefixLength: 32, kind: 'remote' }] }),
      o: observed([], [lb0]),
      ops: ['add kube-lb0 10.200.0.1/32'],
      unplaced: ['192.168.10.50/24'],
    },
    {
      name: 'IPv6: remote is nodad, local follows skipIPv6DAD; sorted numerically, IPv4 first',
      d: desired({ skipIPv6DAD: false, addresses: [
        { address: 'fd00:20::1', prefixLength: 128, kind: 'remote' }, { address: '10.200.0.10', prefixLength: 32, kind: 'remote' },
        { address: '10.200.0.9', prefixLength: 32, kind: 'remote' }, { address: 'fd00:10::50', prefixLength: 64, kind: 'local' }] }),
      o: observed([]),
      ops: ['add eth0 fd00:10::50/64', 'add kube-lb0 10.200.0.9/32', 'add kube-lb0 10.200.0.10/32', 'add kube-lb0 fd00:20::1/128 nodad'],
    },
  ];

  for (const row of rows) {
    it(row.name, () => {
      const before = JSON.stringify([row.d, row.o]);
      const diff = diffNodeState(row.d, row.o);
      const text = diff.operations.map((op) => {
        switch (op.op) {
          case 'createDummy': return `createDummy ${op.interface}`;
          case 'setLinkUp': return `setLinkUp ${op.interface}`;
          case 'addAddress': return `add ${op.interface} ${op.address}/${op.prefixLength}${op.nodad ? ' nodad' : ''}`;
          case 'deleteAddress': return `del ${op.interface} ${op.address}/${op.prefixLength} ${op.reason}`;
        }
      });
      expect(text).toEqual(row.ops);
      expect(diff.unplaced).toEqual(row.unplaced ?? []);
      expect(JSON.stringify([row.d, row.o])).toBe(before); // pure: inputs untouched
      for (const a of row.d.addresses.filter((x) => x.kind === 'remote')) expect(diff.wanted.has(row.o.links.find((l) => l.name === 'kube-lb0')?.index ?? -1, a.address, a.prefixLength)).toBe(true);
    });
  }

  it('skipIPv6DAD makes local IPv6 adds nodad', () => {
    const diff = diffNodeState(desired({ skipIPv6DAD: true, addresses: [{ address: 'fd00:10::50', prefixLength: 64, kind: 'local' }] }), observed([]));
    expect(diff.operations).toEqual([{ op: 'addAddress', interface: 'eth0', family: 'ipv6', address: 'fd00:10::50', prefixLength: 64, kind: 'local', nodad: true }]);
  });

  it('is deterministic and idempotent: applying its operations leaves nothing to do', () => {
    const d = desired({ addresses: Array.from({ length: 50 }, (_, i) => ({ address: `10.200.1.${i}`, prefixLength: 32, kind: 'remote' as const })) });
    const o = observed([addr(3, '10.200.9.9', 32), ...Array.from({ length: 20 }, (_, i) => addr(3, `10.200.1.${i * 2}`, 32))]);
    const a = diffNodeState(d, o);
    expect(diffNodeState(d, o).operations).toEqual(a.operations);
    const after = [...o.addresses];
    for (const op of a.operations) {
      if (op.op === 'addAddress') after.push(addr(3, op.address, op.prefixLength));
      if (op.op === 'deleteAddress') after.splice(after.findIndex((x) => x.address === op.address && x.prefixLength === op.prefixLength), 1);
    }
    expect(diffNodeState(d, observed(after)).operations).toEqual([]);
  });
});
