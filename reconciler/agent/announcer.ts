// Announcing a newly held local address to the segment (gratuitous ARP / unsolicited NA) is an
// edge: the sync engine only says what to announce, an Announcer does it.

/** How to announce, from the NodeAnnouncement's garp settings. */
export interface AnnounceConfig {
  count: number;
  intervalMs: number;
}

/** One local address that was just added and must be announced. */
export interface Announcement {
  interface: string;
  address: string;
  family: 'ipv4' | 'ipv6';
  /** Added without duplicate address detection (IPv6 only). */
  nodad?: boolean;
}

/** Sends gratuitous ARP / unsolicited NA; resolves with the number of packets sent. */
export interface Announcer {
  /** Called before local addresses are added to `ifname` (a kernel-assisted announcer arms itself here). */
  prepare?(ifname: string): Promise<void>;
  announce(a: Announcement, cfg: AnnounceConfig): Promise<number>;
}
