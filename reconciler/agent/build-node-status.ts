// Pure: the facts of the last sync pass → a NodeAnnouncementStatus. Conditions keep their
// lastTransitionTime while their status holds, so an unchanged node yields an identical
// object and the status is only written on change. BGP sessions that could not be read from
// BIRD are reported as Unknown, with a BirdReachable=False condition saying why, never as the
// last state BIRD printed.
import type { Condition, NodeAnnouncementStatus } from '../config/generated/nodeannouncement.generated.js';
import type { AddressInfo, LinkInfo } from '../netlink/netlink-port.js';

/** A BGP session as the status reports it. */
export interface SessionStatus {
  neighbor: string;
  state: string;
  since?: string;
  /** Set when gitlb, not BIRD, gave the state (SESSION_STATE_UNKNOWN): why BIRD could not be asked. */
  reason?: string;
}

/** The state of a session while BIRD cannot be asked: its last reading may no longer hold. */
export const SESSION_STATE_UNKNOWN = 'Unknown';

/** The condition saying whether the session states come from BIRD (present while there are sessions). */
export const BIRD_REACHABLE = 'BirdReachable';

/** What the status is made of. */
export interface NodeStatusFacts {
  generation?: number;
  links: LinkInfo[];
  addresses: AddressInfo[];
  dummyInterface: string;
  localInterface: string | undefined;
  defaultInterface: string | undefined;
  sessions: SessionStatus[];
  driftRepairs: number;
  lastRepair?: Date;
  outcome: 'ok' | 'retry' | 'fatal';
  /** Short human reason when outcome is not ok or addresses are unplaced. */
  problem?: string;
}

function condition(type: string, status: Condition['status'], reason: string, message: string, now: Date,
  prev: Condition[] | undefined, generation: number | undefined): Condition {
  const before = prev?.find((c) => c.type === type);
  const c: Condition = {
    type, status, reason, message,
    lastTransitionTime: before && before.status === status ? (before.lastTransitionTime ?? now.toISOString()) : now.toISOString(),
  };
  if (generation !== undefined) c.observedGeneration = generation;
  return c;
}

/** Builds the status from the last pass; `prev` carries the previous conditions' transition times. */
export function buildNodeStatus(facts: NodeStatusFacts, now: Date, prev?: NodeAnnouncementStatus): NodeAnnouncementStatus {
  const roles: { name: string; role: 'local' | 'dummy' }[] = [];
  if (facts.localInterface !== undefined && facts.localInterface !== facts.dummyInterface) roles.push({ name: facts.localInterface, role: 'local' });
  roles.push({ name: facts.dummyInterface, role: 'dummy' });
  const interfaces = roles.flatMap(({ name, role }) => {
    const link = facts.links.find((l) => l.name === name);
    if (!link) return [];
    const addresses = facts.addresses
      .filter((a) => a.index === link.index && !(a.family === 'ipv6' && /^fe[89ab]/i.test(a.address)))
      .map((a) => `${a.address}/${a.prefixLength}`)
      .sort();
    return [{ name, role, default: name === facts.defaultInterface, addresses }];
  });
  const ok = facts.outcome === 'ok' && facts.problem === undefined;
  const message = facts.problem ?? (ok ? 'node matches its NodeAnnouncement' : `last sync: ${facts.outcome}`);
  const conditions = [
    condition('Ready', ok ? 'True' : 'False', ok ? 'Synced' : facts.outcome === 'fatal' ? 'SyncFailed' : 'Converging', message, now, prev?.conditions, facts.generation),
    condition('Reconciling', facts.outcome === 'retry' ? 'True' : 'False', facts.outcome === 'retry' ? 'Retrying' : 'Idle', message, now, prev?.conditions, facts.generation),
    condition('Stalled', facts.outcome === 'fatal' ? 'True' : 'False', facts.outcome === 'fatal' ? 'SyncFailed' : 'Progressing', message, now, prev?.conditions, facts.generation),
  ];
  // Not part of Ready: a node whose BIRD is down still holds its addresses, and the routers
  // drop its routes when the sessions time out; what must not happen is a stale Established.
  if (facts.sessions.length > 0) {
    const unread = facts.sessions.find((s) => s.reason !== undefined);
    conditions.push(unread
      ? condition(BIRD_REACHABLE, 'False', 'BirdUnreachable', unread.reason ?? '', now, prev?.conditions, facts.generation)
      : condition(BIRD_REACHABLE, 'True', 'SessionsRead', 'BGP session states read from BIRD', now, prev?.conditions, facts.generation));
  }
  const status: NodeAnnouncementStatus = {
    interfaces,
    sessions: facts.sessions.map((s) => ({ ...s })),
    drift: { repairs: facts.driftRepairs, ...(facts.lastRepair ? { lastRepair: facts.lastRepair.toISOString() } : {}) },
    conditions,
  };
  if (facts.generation !== undefined) status.observedGeneration = facts.generation;
  return status;
}
