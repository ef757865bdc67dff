// The values the agent's decide step works on: what the node must hold, what it holds, and
// the operations that close the gap. Plain data, so diff and report stay pure and testable.
import type { AddressInfo, IpFamily, LinkInfo, RouteInfo } from '../netlink/netlink-port.js';

/** IFA_PROTO value gitlb stamps on every address it adds: the mark of an address it owns. */
export const GITLB_ADDRESS_PROTO = 0xb1;

/** One address the node must hold, with the role that decides where it goes. */
export interface DesiredAddress {
  address: string;
  prefixLength: number;
  /** local: on the local interface (GARP/NA); remote: on the dummy interface (BGP). */
  kind: 'local' | 'remote';
}

/** Everything the diff needs to know about what the node should look like. */
export interface DesiredNodeState {
  dummyInterface: string;
  /** The resolved local interface name; undefined when none matches (local addresses then wait). */
  localInterface: string | undefined;
  /** Sorted, deduplicated by (address, kind). */
  addresses: DesiredAddress[];
  /** CIDRs inside which stale gitlb addresses on the local interface may be removed. */
  managedRanges: string[];
  /** Add local IPv6 addresses with nodad. */
  skipIPv6DAD: boolean;
}

/** What the kernel reports right now. */
export interface ObservedNodeState {
  links: LinkInfo[];
  addresses: AddressInfo[];
  routes: RouteInfo[];
}

/** One step that brings the node closer to its desired state, in apply order. */
export type NodeOperation =
  | { op: 'createDummy'; interface: string }
  | { op: 'setLinkUp'; interface: string }
  | {
    op: 'addAddress'; interface: string; family: IpFamily; address: string; prefixLength: number;
    kind: 'local' | 'remote'; nodad: boolean;
  }
  | {
    op: 'deleteAddress'; interface: string; family: IpFamily; address: string; prefixLength: number;
    reason: 'stale' | 'wrong-prefix' | 'wrong-interface';
  };
