// The act step: executes a NodeOperation list through a NetlinkPort and never re-diffs.
// Address writes go as one batched call per phase (adds, then deletes): 10k sequential
// request/await round trips would double the time of a cold start.
import type { LinkInfo, NetlinkPort } from '../netlink/netlink-port.js';
import { NetlinkError, toNetlinkError } from '../netlink/netlink-error.js';
import { GITLB_ADDRESS_PROTO, type NodeOperation } from './node-state.js';

/** What applying did: kernel writes that changed something, failures, and local adds to announce. */
export interface ApplyResult {
  /** Operations that changed the kernel (an add that found the address already there is not one). */
  writes: number;
  errors: NetlinkError[];
  /** Local addresses that were added, for GARP / unsolicited NA. */
  addedLocal: { interface: string; address: string; family: 'ipv4' | 'ipv6'; nodad: boolean }[];
  /** Which driver made the dummy interface, when this apply created it. */
  dummyKind?: 'dummy' | 'ifb';
}

/** Applies operations in order (links, then adds, then deletes), collecting errors instead of stopping. */
export async function applyNodeOperations(operations: NodeOperation[], port: NetlinkPort, links: LinkInfo[]): Promise<ApplyResult> {
  const result: ApplyResult = { writes: 0, errors: [], addedLocal: [] };
  const indexOf = new Map(links.map((l) => [l.name, l.index]));
  let relist = false;
  for (const op of operations) {
    if (op.op !== 'createDummy') continue;
    try {
      result.dummyKind = await port.createDummyLink(op.interface);
      result.writes++;
      relist = true;
    } catch (err) {
      result.errors.push(toNetlinkError(err, 'createDummy'));
    }
  }
  if (relist) for (const l of await port.listLinks()) indexOf.set(l.name, l.index);
  for (const op of operations) {
    if (op.op !== 'setLinkUp') continue;
    const index = indexOf.get(op.interface);
    if (index === undefined) continue; // its creation failed and is already reported
    try {
      await port.setLinkUp(index);
      result.writes++;
    } catch (err) {
      result.errors.push(toNetlinkError(err, 'setLinkUp'));
    }
  }
  const phase = async (kind: 'addAddress' | 'deleteAddress') => {
    const ops = operations.filter((o): o is Extract<NodeOperation, { op: typeof kind }> => o.op === kind);
    const ready: typeof ops = [];
    for (const op of ops) {
      if (indexOf.has(op.interface)) ready.push(op);
      else result.errors.push(new NetlinkError('ENODEV', op.op, `${op.op}: no interface ${op.interface}`));
    }
    if (ready.length === 0) return;
    const reqs = ready.map((op) => ({
      index: indexOf.get(op.interface) ?? 0, address: op.address, prefixLength: op.prefixLength,
      ...(op.op === 'addAddress' ? { proto: GITLB_ADDRESS_PROTO, flags: { nodad: op.nodad } } : {}),
    }));
    let outcomes: (string | Error)[];
    try {
      outcomes = kind === 'addAddress' ? await port.addAddresses(reqs) : await port.deleteAddresses(reqs);
    } catch (err) {
      result.errors.push(toNetlinkError(err, kind));
      return;
    }
    ready.forEach((op, i) => {
      const o = outcomes[i];
      if (o instanceof Error) result.errors.push(toNetlinkError(o, op.op));
      else if (o === 'added' || o === 'deleted') {
        result.writes++;
        if (op.op === 'addAddress' && op.kind === 'local') result.addedLocal.push({ interface: op.interface, address: op.address, family: op.family, nodad: op.nodad });
      }
    });
  };
  await phase('addAddress');
  await phase('deleteAddress');
  return result;
}
