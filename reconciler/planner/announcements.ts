// The desired runtime objects: one NodeAnnouncement spec per node and the SharedAnnouncement
// shards, built from the placement. Specs are complete, so apply writes them without re-planning.
import type { DesiredState } from '../config/model.js';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncementSpec } from '../config/generated/sharedannouncement.generated.js';
import type { PlannedAddress } from './plan.js';
import { compareAddrText, compareText, formatCidr, parseAddr, parseCidr } from './ip-math.js';
import { shardOf } from './shards.js';

/** The ranges every node's spec carries: all pools' subnets (managed) and the remote ones (exported). */
export function rangesOf(desired: DesiredState): { managedRanges: string[]; exportRanges: string[] } {
  const managed = new Set<string>();
  const exported = new Set<string>();
  for (const g of desired.groups) {
    for (const p of [...g.v4pools, ...g.v6pools]) {
      const c = parseCidr(p.subnet);
      const text = c ? formatCidr(c) : p.subnet;
      managed.add(text);
      if (g.type === 'remote') exported.add(text);
    }
  }
  return { managedRanges: [...managed].sort(compareAddrText), exportRanges: [...exported].sort(compareAddrText) };
}

/** Builds one node's NodeAnnouncement spec. */
export function buildNodeSpec(
  desired: DesiredState,
  managedRanges: string[],
  holdsShared: boolean,
  addresses: PlannedAddress[],
  bgp: NodeAnnouncementSpec['bgp'],
): NodeAnnouncementSpec {
  const a = desired.nodeAgent;
  // Keys in sorted order: the plan's JSON is printed as built (see render-plan-json.ts).
  return {
    // The planned address objects themselves: the plan is immutable data, and copies cost memory at 100k.
    addresses,
    ...(bgp ? { bgp } : {}),
    dummyInterface: a.dummyInterface,
    garp: { count: a.garp.count, enabled: a.garp.enabled, intervalMs: a.garp.intervalMs },
    holdsShared,
    localInterface: a.localInterface,
    managedRanges: [...managedRanges],
    revision: desired.revision,
    ...(desired.groups.some((g) => g.type === 'local' && g.skipIPv6DAD) ? { skipIPv6DAD: true } : {}),
  };
}

/** Splits the shared addresses into SharedAnnouncement shards: shard name → spec, names sorted. */
export function buildSharedSpecs(revision: string, shared: PlannedAddress[], values: ReadonlyArray<{ family: 4 | 6; value: bigint }>): Map<string, SharedAnnouncementSpec> {
  const byName = new Map<string, SharedAnnouncementSpec>();
  let lastBlock = -1n;
  let lastFamily = 0;
  let spec: SharedAnnouncementSpec | undefined;
  shared.forEach((pa, i) => {
    const a = values[i] ?? parseAddr(pa.address)!;
    // Addresses arrive sorted, so consecutive ones mostly share a block: name it once per block.
    if (a.family !== lastFamily || a.value >> 7n !== lastBlock) {
      const { name, block } = shardOf(a.family, a.value);
      spec = byName.get(name);
      if (!spec) byName.set(name, (spec = { addresses: [], block, revision }));
      lastBlock = a.value >> 7n;
      lastFamily = a.family;
    }
    spec!.addresses.push({ address: pa.address, prefixLength: pa.prefixLength, services: pa.services });
  });
  return new Map([...byName.entries()].sort((x, y) => compareText(x[0], y[0])));
}
