// LBNodeAgent localInterface: 'default' means the interface of the lowest-metric default route
// (IPv4 first, then IPv6); anything else is a regex matched against interface names.
import type { LinkInfo, RouteInfo } from '../netlink/netlink-port.js';

/** The interface carrying the lowest-metric default route, IPv4 preferred; undefined if none. */
export function defaultRouteInterface(links: LinkInfo[], routes: RouteInfo[]): LinkInfo | undefined {
  const byIndex = new Map(links.map((l) => [l.index, l]));
  for (const family of ['ipv4', 'ipv6'] as const) {
    const defaults = routes
      .filter((r) => r.family === family && (r.destination === '0.0.0.0/0' || r.destination === '::/0'))
      .filter((r) => r.table === 254 && r.index !== undefined && byIndex.has(r.index))
      .sort((a, b) => a.metric - b.metric || (a.index ?? 0) - (b.index ?? 0));
    const first = defaults[0];
    if (first?.index !== undefined) return byIndex.get(first.index);
  }
  return undefined;
}

/** Resolves the LBNodeAgent localInterface selector to one interface name, or undefined. */
export function resolveLocalInterface(selector: string, links: LinkInfo[], routes: RouteInfo[], dummyInterface: string): string | undefined {
  if (selector === 'default' || selector === '') return defaultRouteInterface(links, routes)?.name;
  let re: RegExp;
  try {
    // Anchored: 'eth0' must not also match 'veth0'; users wanting a prefix write 'eth.*'.
    re = new RegExp(`^(?:${selector})$`);
  } catch {
    return undefined;
  }
  // Lowest index wins, so the answer is stable while interfaces come and go; the dummy
  // interface and loopback are never the local interface.
  return [...links]
    .filter((l) => l.name !== dummyInterface && l.name !== 'lo' && re.test(l.name))
    .sort((a, b) => a.index - b.index)[0]?.name;
}
