// Turns the agent's inputs (its NodeAnnouncement spec, the shared shards while it holds them,
// and the node's links and routes) into the resolved DesiredNodeState the diff works on.
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncementSpec } from '../config/generated/sharedannouncement.generated.js';
import type { DesiredAddress, DesiredNodeState, ObservedNodeState } from './node-state.js';
import { resolveLocalInterface } from './resolve-local-interface.js';

/** The desired-state input of the agent: plain values, however they were fetched. */
export interface NodeDesiredInput {
  spec: NodeAnnouncementSpec;
  /** SharedAnnouncement specs; used only while spec.holdsShared is true. */
  shared: SharedAnnouncementSpec[];
  /** metadata.generation of the NodeAnnouncement, echoed as status.observedGeneration. */
  generation?: number;
}

/** The union of own and (if holdsShared) shared addresses, deduplicated by (address, kind). */
export function collectDesiredAddresses(input: NodeDesiredInput): DesiredAddress[] {
  const { spec } = input;
  // address -> kinds already taken (bit 1 local, bit 2 remote): first occurrence wins
  const seen = new Map<string, number>();
  const addresses: DesiredAddress[] = [];
  const add = (a: DesiredAddress) => {
    const bit = a.kind === 'local' ? 1 : 2;
    const kinds = seen.get(a.address) ?? 0;
    if (kinds & bit) return;
    seen.set(a.address, kinds | bit);
    addresses.push(a);
  };
  for (const a of spec.addresses) add({ address: a.address, prefixLength: a.prefixLength, kind: a.kind });
  if (spec.holdsShared) {
    for (const shard of input.shared) {
      for (const a of shard.addresses) add({ address: a.address, prefixLength: a.prefixLength, kind: 'remote' });
    }
  }
  return addresses;
}

/** Builds the resolved desired state; `addresses` may be passed in when already collected for this input. */
export function desiredNodeState(input: NodeDesiredInput, observed: Pick<ObservedNodeState, 'links' | 'routes'>,
  addresses: DesiredAddress[] = collectDesiredAddresses(input)): DesiredNodeState {
  const { spec } = input;
  const dummyInterface = spec.dummyInterface || 'kube-lb0';
  return {
    dummyInterface,
    localInterface: resolveLocalInterface(spec.localInterface, observed.links, observed.routes, dummyInterface),
    addresses,
    managedRanges: [...spec.managedRanges],
    skipIPv6DAD: spec.skipIPv6DAD === true,
  };
}
