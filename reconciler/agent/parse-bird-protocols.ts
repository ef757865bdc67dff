// Pure: `birdc show protocols all` text → BGP sessions. BIRD prints one header line per
// protocol (name, proto, table, state, since, info) followed by indented details; for BGP the
// details hold "BGP state:" and "Neighbor address:".
import type { SessionStatus } from './build-node-status.js';

const header = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?|\d\d:\d\d:\d\d(?:\.\d+)?)\s*(.*)$/;

/** A BGP protocol as BIRD reports it, with its protocol name. */
export interface BirdSession extends SessionStatus {
  protocol: string;
}

/** Extracts every BGP protocol's neighbour, state and since from `show protocols all` output. */
export function parseBirdProtocols(text: string): BirdSession[] {
  const sessions: BirdSession[] = [];
  let current: BirdSession | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\d{4}[- ]/, ''); // birdc may keep reply codes (e.g. "1002-") when not on a tty
    if (!/^\s/.test(line)) {
      current = undefined;
      const m = header.exec(line);
      if (m && m[2] === 'BGP') {
        current = { protocol: m[1] ?? '', neighbor: '', state: (m[6] ?? '').split(/\s+/)[0] || (m[4] ?? ''), since: m[5] ?? '' };
        sessions.push(current);
      }
      continue;
    }
    if (!current) continue;
    const kv = /^\s+(BGP state|Neighbor address|Description):\s+(.*)$/.exec(line);
    if (!kv) continue;
    if (kv[1] === 'BGP state') current.state = (kv[2] ?? '').trim();
    else if (kv[1] === 'Neighbor address') current.neighbor = (kv[2] ?? '').trim();
    else if (!current.neighbor) current.neighbor = (kv[2] ?? '').trim();
  }
  return sessions;
}
