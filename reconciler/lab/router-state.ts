// What the lab router knows: its BGP sessions (from birdc) and the routes BIRD installed in its
// kernel table (from `ip -j route`), each with its next hops: the ECMP the lab is there to show.
import { ipIn, run } from './shell.js';

/** One BGP session of the router. */
export interface RouterSession {
  name: string;
  state: string;
  info: string;
}

/** One route BIRD installed, with its next hops (gateway addresses), sorted. */
export interface RouterRoute {
  dst: string;
  nextHops: string[];
}

/** `birdc show protocols`, BGP rows only. */
export async function routerSessions(socket: string): Promise<RouterSession[]> {
  const out = await run('birdc', ['-s', socket, 'show', 'protocols'], 5000);
  const rows: RouterSession[] = [];
  for (const line of out.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // name proto table state since info...
    if (cols[1] !== 'BGP' || cols.length < 4) continue;
    rows.push({ name: cols[0] ?? '', state: cols[3] ?? '', info: cols.slice(5).join(' ') });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface IpRoute {
  dst: string;
  gateway?: string;
  protocol?: string;
  nexthops?: Array<{ gateway?: string }>;
}

/** Routes installed by BIRD in the router namespace. */
export async function routerRoutes(ns: string): Promise<RouterRoute[]> {
  const routes = JSON.parse(await ipIn(ns, '-j', 'route', 'show', 'proto', 'bird')) as IpRoute[];
  return routes.map((r) => ({
    dst: r.dst,
    nextHops: (r.nexthops ? r.nexthops.map((h) => h.gateway ?? '') : [r.gateway ?? '']).filter(Boolean).sort(),
  })).sort((a, b) => (a.dst < b.dst ? -1 : 1));
}
