// The agent's view of rtnetlink: plain values in, plain values out, no `netlink` types.
// The decide code (diff, render) and the sync engine depend on this interface only, so tests
// can run them against a fake and the real wrapper stays one swappable edge.

/** IP family of an address or route. */
export type IpFamily = 'ipv4' | 'ipv6';

/** One network interface as the kernel reports it. */
export interface LinkInfo {
  index: number;
  name: string;
  /** IFF_UP is set (administratively up). */
  up: boolean;
  /** Link kind from IFLA_INFO_KIND (e.g. 'veth', 'ifb', 'dummy'); undefined for physical or unknown. */
  kind?: string;
  /** MAC address as aa:bb:cc:dd:ee:ff, when the link has one. */
  mac?: string;
}

/** Address flags the agent reads or sets (a subset of IFA_F_*). */
export interface AddressFlags {
  nodad?: boolean;
  noprefixroute?: boolean;
  secondary?: boolean;
  tentative?: boolean;
  dadfailed?: boolean;
  permanent?: boolean;
}

/** One address on one interface as the kernel reports it. */
export interface AddressInfo {
  family: IpFamily;
  /** Interface index. */
  index: number;
  /** Canonical text form, no prefix (RFC 5952 for IPv6). */
  address: string;
  prefixLength: number;
  flags: AddressFlags;
  /** IFA_PROTO: who installed the address (kernel ≥ 6.1); 0 when unset. */
  proto: number;
  /** Valid lifetime in seconds; undefined = forever. */
  validLifetime?: number;
  /** Preferred lifetime in seconds; undefined = forever. */
  preferredLifetime?: number;
}

/** An address to add or delete. */
export interface AddressRequest {
  index: number;
  address: string;
  prefixLength: number;
  /** Only for add. */
  flags?: Pick<AddressFlags, 'nodad' | 'noprefixroute'>;
  /** Only for add: IFA_PROTO marker, so the owner can recognise its own addresses later. */
  proto?: number;
  /** Only for add: lifetimes in seconds (undefined = forever). */
  validLifetime?: number;
  preferredLifetime?: number;
}

/** One main-table unicast route as the kernel reports it. */
export interface RouteInfo {
  family: IpFamily;
  /** Destination as a CIDR; '0.0.0.0/0' or '::/0' for a default route. */
  destination: string;
  gateway?: string;
  /** Output interface index. */
  index?: number;
  /** RTA_PRIORITY, 0 when absent. */
  metric: number;
  table: number;
}

/** What add/delete did: idempotent calls report a no-op instead of failing. */
export type AddressOutcome = 'added' | 'exists' | 'deleted' | 'absent';

/** Which driver made the dummy interface: this kernel may lack `dummy`, then `ifb` stands in. */
export type DummyKind = 'dummy' | 'ifb';

/** A change notification from the kernel. */
export type NetlinkEvent =
  | { type: 'newaddr' | 'deladdr'; address: AddressInfo }
  | { type: 'newlink' | 'dellink'; link: LinkInfo };

/** A live event subscription; close() releases its socket. */
export interface NetlinkSubscription {
  close(): void;
}

/** The rtnetlink operations the node agent needs, idempotent and typed. */
export interface NetlinkPort {
  listLinks(): Promise<LinkInfo[]>;
  listAddresses(family?: IpFamily): Promise<AddressInfo[]>;
  /** Main-table unicast routes of one family (all the agent needs: the default routes). */
  listRoutes(family: IpFamily): Promise<RouteInfo[]>;
  /** Adds an address; an existing identical address is 'exists', not an error. */
  addAddress(req: AddressRequest): Promise<AddressOutcome>;
  /** Deletes an address; a missing one is 'absent', not an error. */
  deleteAddress(req: AddressRequest): Promise<AddressOutcome>;
  /** Adds many addresses in batched requests; one outcome (or the kernel's error) per request, in order. */
  addAddresses(reqs: AddressRequest[]): Promise<(AddressOutcome | Error)[]>;
  /** Deletes many addresses in batched requests; one outcome (or the kernel's error) per request, in order. */
  deleteAddresses(reqs: AddressRequest[]): Promise<(AddressOutcome | Error)[]>;
  /** Creates an address-holding interface as `dummy`, or `ifb` when the kernel lacks `dummy`. */
  createDummyLink(name: string): Promise<DummyKind>;
  setLinkUp(index: number): Promise<void>;
  /** Subscribes to address and link changes on a separate socket. */
  subscribe(onEvent: (event: NetlinkEvent) => void, onError?: (err: Error) => void): NetlinkSubscription;
  close(): void;
}
