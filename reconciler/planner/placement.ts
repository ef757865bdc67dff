// Placement (DESIGN.md §5): which node holds each address, on which interface, with which prefix.
// Local address: the one eligible node, among those whose local-interface subnet contains it,
// with the smallest sha256(nodeName + "#" + address) (PureLB's election, so a migration moves
// nothing) — except that an address stays on the node holding it now while that node is still
// a candidate: after a failover the node that comes back does not take it back (a move breaks
// the address's connections, and it would be a disruptive change the reconciler refuses). Remote address: the dummy interface of every eligible node (one shared entry), or
// only of nodes with a ready endpoint for externalTrafficPolicy: Local.
import { createHash, hash } from 'node:crypto';
import type { Family, NodeAgentModel } from '../config/model.js';
import type { PlannedAddress, PlanWarning } from './plan.js';
import type { NodeEligibility } from './eligibility.js';
import type { PoolIndex, PoolSlot } from './pool-index.js';
import { compareText, networkOf, parseAddr, parseCidrWithHost, sortByAddress, type Addr } from './ip-math.js';

/** One allocated address with everything placement needs about its owners. */
export interface AddressToPlace {
  addr: Addr;
  slot: PoolSlot;
  /** Owning Services as namespace/name, sorted. */
  services: string[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** Some owner carries gitlb.io/allow-local. */
  allowLocal: boolean;
  /** Nodes with a ready endpoint of any owner (only read for externalTrafficPolicy: Local). */
  endpointNodes: ReadonlySet<string>;
}

/** Where every address goes. */
export interface Placement {
  /** node name → addresses only that node holds, sorted by address. */
  perNode: Map<string, PlannedAddress[]>;
  /** Remote addresses every eligible node holds, sorted by address. */
  shared: PlannedAddress[];
  /** The addresses of `shared` as integers, index for index (so shards need no re-parsing). */
  sharedValues: Addr[];
  /** Per input address, index for index: its `node,interface,address` entries (`*` for every
   *  eligible node). A Service's announcing list is the entries of its addresses, sorted (a
   *  per-Service map cost ~100 ms and a list per Service at 100k). */
  announcing: string[][];
  warnings: PlanWarning[];
}

interface Candidate {
  node: string;
  iface: string;
}

const NO_CANDIDATES: readonly Candidate[] = [];

/** The candidate nodes of each local subnet, built once so an election never looks at all nodes. */
export class SubnetCandidates {
  /** subnetKey(family, network, prefix) → candidates with a local-interface address in that subnet. */
  private readonly bySubnet = new Map<number | string, Candidate[]>();
  /** family → the prefix lengths present in bySubnet. */
  private readonly prefixes: Record<Family, number[]> = { 4: [], 6: [] };

  constructor(nodes: NodeEligibility[], index: PoolIndex, agent: NodeAgentModel) {
    const localSubnets = index.slots.filter((s) => s.group.type === 'local');
    for (const n of nodes) {
      if (!n.eligible) continue;
      const report = n.node.agent;
      if (report) {
        for (const itf of report.interfaces) {
          if (itf.role !== 'local') continue;
          for (const a of itf.addresses) {
            const c = parseCidrWithHost(a);
            if (c) this.add(c.cidr.family, c.cidr.network, c.cidr.prefix, { node: n.node.name, iface: itf.name });
          }
        }
      } else {
        // No report yet: an InternalIP inside a local pool's subnet stands in for that subnet.
        for (const ipText of n.node.internalIPs) {
          const ip = parseAddr(ipText);
          if (!ip) continue;
          for (const s of localSubnets) {
            if (s.family === ip.family && networkOf(ip.family, ip.value, s.pool.subnetPrefix) === s.subnetNetwork) {
              this.add(s.family, s.subnetNetwork, s.pool.subnetPrefix, { node: n.node.name, iface: agent.localInterface });
            }
          }
        }
      }
    }
  }

  /** Eligible nodes whose local subnet contains the address (one entry per node); read only. */
  candidatesFor(addr: Addr): readonly Candidate[] {
    const prefixes = this.prefixes[addr.family];
    // One prefix length (the usual case): that subnet's list is the answer, already one entry per node.
    if (prefixes.length === 1) return this.bySubnet.get(subnetKey(addr.family, addr.value, prefixes[0]!)) ?? NO_CANDIDATES;
    const found: Candidate[] = [];
    const seen = new Set<string>();
    for (const p of prefixes) {
      const list = this.bySubnet.get(subnetKey(addr.family, addr.value, p));
      if (!list) continue;
      for (const c of list) {
        if (!seen.has(c.node)) {
          seen.add(c.node);
          found.push(c);
        }
      }
    }
    return found;
  }

  private add(family: Family, network: bigint, prefix: number, c: Candidate): void {
    const key = subnetKey(family, network, prefix);
    let list = this.bySubnet.get(key);
    if (!list) {
      this.bySubnet.set(key, (list = []));
      if (!this.prefixes[family].includes(prefix)) this.prefixes[family].push(prefix);
    }
    if (!list.some((x) => x.node === c.node)) list.push(c);
  }
}

/** The map key of the subnet of `prefix` bits holding the address: a number for IPv4 (hashed far
 *  faster than a string, and no BigInt arithmetic per lookup), a string for IPv6. */
function subnetKey(family: Family, value: bigint, prefix: number): number | string {
  if (family === 6) return `${networkOf(6, value, prefix)}/${prefix}`;
  const size = 2 ** (32 - prefix);
  return (Math.floor(Number(value) / size) * size) * 64 + prefix;
}

/** sha256 as hex; the one-shot crypto.hash (Node ≥ 20.12) is about a third cheaper than createHash. */
const sha256Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex');

/** The election: the candidate with the smallest sha256(nodeName + "#" + address); null with no candidate. */
export function electNode<T extends { node: string }>(candidates: readonly T[], address: string): T | null {
  // A single candidate wins whatever its hash: no digest needed.
  if (candidates.length === 1) return candidates[0]!;
  let best: T | null = null;
  let bestHash = '';
  for (const c of candidates) {
    const h = sha256Hex(`${c.node}#${address}`);
    if (best === null || h < bestHash) {
      best = c;
      bestHash = h;
    }
  }
  return best;
}

const NO_HOLDERS: ReadonlyMap<string, readonly string[]> = new Map();

/** Local address → the nodes whose NodeAnnouncement spec holds it now (normally one). */
export function currentLocalHolders(specs: ReadonlyArray<{ metadata: { name: string }; spec: { addresses: ReadonlyArray<{ address: string; kind: string }> } }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const na of specs) {
    for (const a of na.spec.addresses) {
      if (a.kind !== 'local') continue;
      const list = out.get(a.address);
      if (list) list.push(na.metadata.name);
      else out.set(a.address, [na.metadata.name]);
    }
  }
  return out;
}

/** Places every address; pure. `holders`: see currentLocalHolders. */
export function placeAddresses(addresses: AddressToPlace[], nodes: NodeEligibility[], index: PoolIndex, agent: NodeAgentModel,
  holders: ReadonlyMap<string, readonly string[]> = NO_HOLDERS): Placement {
  const candidates = new SubnetCandidates(nodes, index, agent);
  const eligible = nodes.filter((n) => n.eligible).map((n) => n.node.name);
  const eligibleSet = new Set(eligible);
  const perNode = new Map<string, PlannedAddress[]>();
  const shared: PlannedAddress[] = [];
  const sharedValues: Addr[] = [];
  const announcing: string[][] = new Array<string[]>(addresses.length);
  const warnings: PlanWarning[] = [];
  const warnAll = (a: AddressToPlace, reason: string, message: string): void => {
    for (const s of a.services) warnings.push({ message, reason, target: `Service/${s}` });
  };
  const put = (node: string, pa: PlannedAddress): void => {
    let list = perNode.get(node);
    if (!list) perNode.set(node, (list = []));
    list.push(pa);
  };

  // Walking addresses in order leaves every output list sorted by address.
  const ordered = sortByAddress(addresses.map((_, i) => i), (i) => addresses[i]!.addr);
  // Indexed: this loop runs once per address, mostly before the JIT optimizes it, and an
  // unoptimized for-of allocates an iterator result per element.
  for (let k = 0; k < ordered.length; k++) {
    const i = ordered[k]!;
    const a = addresses[i]!;
    announcing[i] = [];
    const text = a.addr.text;
    if (a.slot.group.type === 'local') {
      let pool = candidates.candidatesFor(a.addr);
      const inSubnet = pool.length;
      if (a.externalTrafficPolicy === 'Local') {
        if (a.allowLocal) {
          pool = pool.filter((c) => a.endpointNodes.has(c.node));
        } else {
          warnAll(a, 'local-policy-needs-allow-local', `${text} is a local address and externalTrafficPolicy is Local without gitlb.io/allow-local: it is announced as Cluster (add the annotation to keep Local)`);
        }
      }
      // The current holder keeps it while it is a candidate (several holders: elect among them).
      const held = holders.get(text);
      const winner = (held ? electNode(pool.filter((c) => held.includes(c.node)), text) : null) ?? electNode(pool, text);
      if (!winner) {
        const why = inSubnet === 0
          ? `no eligible node has a local interface in ${a.slot.pool.subnet}`
          : `none of the ${inSubnet} eligible node(s) in ${a.slot.pool.subnet} has a ready endpoint (externalTrafficPolicy: Local)`;
        warnAll(a, 'not-announced', `${text} is allocated but never announced: ${why}`);
        continue;
      }
      put(winner.node, { address: text, interface: winner.iface, kind: 'local', prefixLength: a.slot.pool.aggregation, services: a.services });
      announcing[i] = [`${winner.node},${winner.iface},${text}`];
      continue;
    }
    const remote: PlannedAddress = { address: text, interface: agent.dummyInterface, kind: 'remote', prefixLength: a.slot.pool.aggregation, services: a.services };
    if (a.externalTrafficPolicy === 'Local') {
      // Walk the few endpoint nodes, not every eligible node.
      const holders = [...a.endpointNodes].filter((n) => eligibleSet.has(n)).sort(compareText);
      if (holders.length === 0) {
        warnAll(a, 'not-announced', `${text} is allocated but never announced: no eligible node has a ready endpoint (externalTrafficPolicy: Local)`);
        continue;
      }
      for (const n of holders) put(n, { ...remote });
      // Sorted as entries, not as node names ("a!" sorts before "a" once a comma follows "a").
      announcing[i] = holders.map((n) => `${n},${agent.dummyInterface},${text}`).sort(compareText);
      continue;
    }
    if (eligible.length === 0) {
      warnAll(a, 'not-announced', `${text} is allocated but never announced: no node is eligible`);
    }
    shared.push(remote);
    sharedValues.push(a.addr);
    announcing[i] = [`*,${agent.dummyInterface},${text}`];
  }

  return { perNode, shared, sharedValues, announcing, warnings };
}
