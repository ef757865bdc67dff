// A NetlinkPort decorator that counts write requests sent to the kernel, so tests and
// benchmarks can prove "a resync of a correct node sends zero writes".
import type { NetlinkPort } from './netlink-port.js';

/** Write-request counters, by operation. */
export interface WriteCounts {
  addAddress: number;
  deleteAddress: number;
  createDummyLink: number;
  setLinkUp: number;
}

/** Wraps a port; `counts` grows with every write request, whatever the kernel answers. */
export function countWrites(port: NetlinkPort): { port: NetlinkPort; counts: WriteCounts; total(): number } {
  const counts: WriteCounts = { addAddress: 0, deleteAddress: 0, createDummyLink: 0, setLinkUp: 0 };
  const wrapped: NetlinkPort = {
    listLinks: () => port.listLinks(),
    listAddresses: (f) => port.listAddresses(f),
    listRoutes: (f) => port.listRoutes(f),
    addAddress: (r) => { counts.addAddress++; return port.addAddress(r); },
    deleteAddress: (r) => { counts.deleteAddress++; return port.deleteAddress(r); },
    addAddresses: (rs) => { counts.addAddress += rs.length; return port.addAddresses(rs); },
    deleteAddresses: (rs) => { counts.deleteAddress += rs.length; return port.deleteAddresses(rs); },
    createDummyLink: (n) => { counts.createDummyLink++; return port.createDummyLink(n); },
    setLinkUp: (i) => { counts.setLinkUp++; return port.setLinkUp(i); },
    subscribe: (on, err) => port.subscribe(on, err),
    close: () => port.close(),
  };
  return { port: wrapped, counts, total: () => counts.addAddress + counts.deleteAddress + counts.createDummyLink + counts.setLinkUp };
}
