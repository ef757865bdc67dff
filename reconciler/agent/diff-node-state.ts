// The agent's pure decide step: desired vs observed → ordered operations. No I/O, no clock.
//
// Ownership (DESIGN.md §7): the agent may remove
//   - any address on the dummy interface, except kernel-made IPv6 link-local ones;
//   - an address on the local interface only when it lies inside a managed range AND carries
//     gitlb's IFA_PROTO mark. The mark matters: a local pool's managed range is the node
//     subnet, which also holds the node's own address; without the mark a stale-address sweep
//     could remove the node's primary IP.
// Nothing else (other interfaces, foreign addresses, routes) is ever touched.
//
// Order: create the dummy interface, set links up, add, then delete (make before break:
// an address moving between interfaces or prefix lengths is never absent in between).
import type { AddressInfo, IpFamily } from '../netlink/netlink-port.js';
import { familyOf } from '../netlink/address-codec.js';
import { AddressBook } from './address-book.js';
import { CidrSet } from './cidr-set.js';
import { GITLB_ADDRESS_PROTO, type DesiredNodeState, type NodeOperation, type ObservedNodeState } from './node-state.js';

/** The diff's answer: operations in apply order, plus desired addresses that cannot be placed yet. */
export interface NodeDiff {
  operations: NodeOperation[];
  /** Local addresses waiting for a local interface that does not exist (reported, not an error). */
  unplaced: string[];
  /** The placed desired addresses by interface index (-1/-2 for a dummy/local interface not created yet). */
  wanted: AddressBook;
}

function isLinkLocal6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

function familyRank(f: IpFamily): number {
  return f === 'ipv4' ? 0 : 1;
}

/** Compares address texts numerically within a family (so 10.0.0.9 sorts before 10.0.0.10). */
function compareAddress(a: string, b: string): number {
  if (!a.includes(':') && !b.includes(':')) {
    const pa = a.split('.');
    const pb = b.split('.');
    for (let i = 0; i < 4; i++) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d !== 0) return d;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOps(a: NodeOperation & { address: string; family: IpFamily; interface: string; prefixLength: number },
  b: NodeOperation & { address: string; family: IpFamily; interface: string; prefixLength: number }): number {
  return a.interface.localeCompare(b.interface) || familyRank(a.family) - familyRank(b.family)
    || compareAddress(a.address, b.address) || a.prefixLength - b.prefixLength;
}

/** Computes the ordered operations that make the observed node match the desired state. */
export function diffNodeState(desired: DesiredNodeState, observed: ObservedNodeState): NodeDiff {
  const operations: NodeOperation[] = [];
  const unplaced: string[] = [];
  const byName = new Map(observed.links.map((l) => [l.name, l]));
  const dummy = byName.get(desired.dummyInterface);
  const local = desired.localInterface === undefined ? undefined : byName.get(desired.localInterface);

  if (!dummy) operations.push({ op: 'createDummy', interface: desired.dummyInterface });
  if (!dummy || !dummy.up) operations.push({ op: 'setLinkUp', interface: desired.dummyInterface });

  // Index numbers stand in for interfaces; the desired side uses pseudo-indexes when an
  // interface does not exist yet (nothing observed can sit on it).
  const dummyIndex = dummy?.index ?? -1;
  const localIndex = local?.index ?? -2;
  type AddOp = Extract<NodeOperation, { op: 'addAddress' }>;
  type DelOp = Extract<NodeOperation, { op: 'deleteAddress' }>;
  // Index what is wanted first; duplicates in the desired list are dropped here.
  const wanted = new AddressBook();
  const placed: DesiredNodeState['addresses'] = [];
  for (const d of desired.addresses) {
    const ifname = d.kind === 'remote' ? desired.dummyInterface : desired.localInterface;
    if (ifname === undefined) {
      unplaced.push(`${d.address}/${d.prefixLength}`);
      continue;
    }
    if (wanted.add(d.kind === 'remote' ? dummyIndex : localIndex, d.address, d.prefixLength)) placed.push(d);
  }
  const deletes: DelOp[] = [];
  const reasonFor = (index: number, a: AddressInfo): DelOp['reason'] => {
    if (wanted.hasAddress(index, a.address)) return 'wrong-prefix';
    const other = index === dummyIndex ? localIndex : dummyIndex;
    return wanted.hasAddress(other, a.address) ? 'wrong-interface' : 'stale';
  };
  const managed = new CidrSet(desired.managedRanges);
  let found = 0; // observed addresses that are wanted: when all are there, nothing is missing
  for (const a of observed.addresses) {
    if (dummy && a.index === dummyIndex) {
      if (wanted.has(dummyIndex, a.address, a.prefixLength)) {
        found++;
        continue;
      }
      if (a.family === 'ipv6' && isLinkLocal6(a.address)) continue;
      deletes.push({ op: 'deleteAddress', interface: dummy.name, family: a.family, address: a.address, prefixLength: a.prefixLength, reason: reasonFor(dummyIndex, a) });
    } else if (local && a.index === localIndex && local.name !== desired.dummyInterface) {
      if (wanted.has(localIndex, a.address, a.prefixLength)) {
        found++;
        continue;
      }
      if (a.proto !== GITLB_ADDRESS_PROTO) continue;
      if (!managed.contains(a.address)) continue;
      deletes.push({ op: 'deleteAddress', interface: local.name, family: a.family, address: a.address, prefixLength: a.prefixLength, reason: reasonFor(localIndex, a) });
    }
  }

  const adds: AddOp[] = [];
  if (found < placed.length) {
    const held = new AddressBook();
    for (const a of observed.addresses) {
      if (a.index === dummyIndex || a.index === localIndex) held.add(a.index, a.address, a.prefixLength);
    }
    for (const d of placed) {
      const index = d.kind === 'remote' ? dummyIndex : localIndex;
      if (held.has(index, d.address, d.prefixLength)) continue;
      const family = familyOf(d.address);
      adds.push({
        op: 'addAddress', interface: d.kind === 'remote' ? desired.dummyInterface : (desired.localInterface ?? ''), family,
        address: d.address, prefixLength: d.prefixLength, kind: d.kind,
        nodad: family === 'ipv6' && (d.kind === 'remote' || desired.skipIPv6DAD),
      });
    }
  }
  adds.sort(compareOps);
  deletes.sort(compareOps);
  return { operations: [...operations, ...adds, ...deletes], unplaced, wanted };
}
