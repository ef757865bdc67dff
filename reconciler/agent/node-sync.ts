// The agent's sync engine: fed plain desired-state values (however they were fetched), it keeps
// the node's addresses equal to them. One pass = read links/addresses/routes → desiredNodeState
// → diffNodeState → applyNodeOperations → report. Observed state is list-then-watch
// (ObservedMirror): the first pass, passes that wrote and the periodic pass dump the kernel;
// the others read the event-fed mirror. Passes are serialised and coalesced; rtnetlink events
// that contradict the desired state schedule a debounced pass, whose writes count as drift
// repairs. A new engine on an already-correct node writes nothing (no flap on restart).
import type { Logger } from 'pino';
import type { NodeAnnouncementStatus } from '../config/generated/nodeannouncement.generated.js';
import type { AddressInfo, LinkInfo, NetlinkEvent, NetlinkPort, NetlinkSubscription, RouteInfo } from '../netlink/netlink-port.js';
import { NetlinkError } from '../netlink/netlink-error.js';
import type { Announcement, Announcer, AnnounceConfig } from './announcer.js';
import { applyNodeOperations } from './apply-node-operations.js';
import { buildNodeStatus, type SessionStatus } from './build-node-status.js';
import { collectDesiredAddresses, desiredNodeState, type NodeDesiredInput } from './desired-node-state.js';
import { diffNodeState } from './diff-node-state.js';
import type { AgentMetrics } from './metrics.js';
import { GITLB_ADDRESS_PROTO, type DesiredNodeState, type NodeOperation } from './node-state.js';
import { defaultRouteInterface } from './resolve-local-interface.js';
import { AddressBook } from './address-book.js';
import { ObservedMirror } from './observed-mirror.js';

/** Why a pass ran: a new desired state, a kernel event, the periodic safety net, or a caller. */
export type SyncTrigger = 'spec' | 'event' | 'periodic' | 'manual';

/** Outcome of one pass (STYLE.md: a union, not booleans). */
export interface SyncResult {
  outcome: 'ok' | 'retry' | 'fatal';
  trigger: SyncTrigger;
  operations: NodeOperation[];
  /** Kernel writes that changed something. */
  writes: number;
  errors: string[];
  unplaced: string[];
}

/** Options for startNodeSync. */
export interface NodeSyncOptions {
  port: NetlinkPort;
  log?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  metrics?: AgentMetrics;
  /** Sends GARP / unsolicited NA for added local addresses when the spec enables it. */
  announcer?: Announcer;
  /** Current BGP sessions for the status (the BIRD adapter's last reading). */
  sessions?: () => SessionStatus[];
  now?: () => Date;
  /** Quiet time after a kernel event before the repair pass. */
  debounceMs?: number;
  /** Full resync period as a safety net for lost events; 0 disables. */
  resyncIntervalMs?: number;
  /** Delay before retrying a pass that hit transient errors. */
  retryDelayMs?: number;
}

/** A running sync engine. */
export interface NodeSync {
  /** Replaces the desired state and runs a pass. */
  setDesired(input: NodeDesiredInput): Promise<SyncResult>;
  /** Runs a pass now ('periodic' re-lists from the kernel; a no-op before any setDesired). */
  sync(trigger?: SyncTrigger): Promise<SyncResult>;
  /** The NodeAnnouncementStatus of the last pass. */
  status(): NodeAnnouncementStatus;
  /** Totals since start. */
  counters(): { passes: number; writes: number; driftRepairs: number; announcements: number };
  /** Resolves after the next pass that an event or timer started finishes (tests, diagnostics). */
  nextPass(): Promise<SyncResult>;
  /** Shutdown (SIGTERM): stops reacting to events, then removes every address from the dummy interface so routers stop sending traffic here. */
  withdrawRemote(): Promise<number>;
  /** Stops listening and timers; leaves the node as it is (a restart must not flap). */
  stop(): Promise<void>;
}

/** Subscribes to rtnetlink events and returns an engine waiting for its first desired state. */
export async function startNodeSync(opts: NodeSyncOptions): Promise<NodeSync> {
  const { port, log, metrics } = opts;
  const now = opts.now ?? (() => new Date());
  const debounceMs = opts.debounceMs ?? 20;
  const retryDelayMs = opts.retryDelayMs ?? 1000;

  let input: NodeDesiredInput | undefined;
  let specDirty = false;
  let desired: DesiredNodeState | undefined;
  // the collected addresses of the current input (10k of them are not re-collected every pass)
  let collected: { input: NodeDesiredInput; addresses: DesiredNodeState['addresses'] } | undefined;
  // what desiredKeys was built from, to rebuild it only when that changes
  let keysFrom: { addresses: DesiredNodeState['addresses']; dummy?: number; local?: number } | undefined;
  // every desired (interface index, address, prefix), for the event filter
  let desiredKeys = new AddressBook();
  let dummyIndex: number | undefined;
  let localIndex: number | undefined;
  let links: LinkInfo[] = [];
  let addresses: AddressInfo[] = [];
  let routes: RouteInfo[] = [];
  let routesStale = true;
  const mirror = new ObservedMirror();
  let lastStatus: NodeAnnouncementStatus = {};
  let lastOutcome: SyncResult = { outcome: 'ok', trigger: 'manual', operations: [], writes: 0, errors: [], unplaced: [] };
  const totals = { passes: 0, writes: 0, driftRepairs: 0, announcements: 0 };
  let lastRepair: Date | undefined;
  let stopped = false;

  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<SyncResult> | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  const waiters: ((r: SyncResult) => void)[] = [];

  async function readObserved(needRoutes: boolean, full: boolean): Promise<void> {
    if (full || !mirror.fresh) {
      const [l, a] = await Promise.all([port.listLinks(), port.listAddresses()]);
      mirror.load(l, a);
      links = l;
      addresses = a;
    } else {
      links = mirror.links();
      addresses = mirror.addresses();
    }
    if (needRoutes) {
      const [r4, r6] = await Promise.all([port.listRoutes('ipv4'), port.listRoutes('ipv6')]);
      routes = [...r4, ...r6];
    }
  }

  function refreshIndexes(fromDiff?: AddressBook): void {
    if (!desired) return;
    const byName = new Map(links.map((l) => [l.name, l.index]));
    dummyIndex = byName.get(desired.dummyInterface);
    localIndex = desired.localInterface === undefined ? undefined : byName.get(desired.localInterface);
    if (keysFrom && keysFrom.addresses === desired.addresses && keysFrom.dummy === dummyIndex && keysFrom.local === localIndex) return;
    keysFrom = { addresses: desired.addresses, dummy: dummyIndex, local: localIndex };
    if (fromDiff) {
      // The diff indexed the same addresses against these same interfaces: reuse it.
      desiredKeys = fromDiff;
      return;
    }
    const keys = new AddressBook();
    for (const d of desired.addresses) {
      const index = d.kind === 'remote' ? dummyIndex : localIndex;
      if (index !== undefined) keys.add(index, d.address, d.prefixLength);
    }
    desiredKeys = keys;
  }

  async function announce(added: Announcement[]): Promise<void> {
    const garp = input?.spec.garp;
    if (!opts.announcer || !garp?.enabled || added.length === 0) return;
    const cfg: AnnounceConfig = { count: Math.max(1, garp.count), intervalMs: Math.max(0, garp.intervalMs) };
    await Promise.all(added.map(async (a) => {
      try {
        const sent = await opts.announcer?.announce(a, cfg) ?? 0;
        totals.announcements += sent;
        metrics?.announcementsSent.inc({ family: a.family }, sent);
      } catch (err) {
        log?.warn({ op: 'announce', address: a.address, interface: a.interface, reason: (err as Error).message }, 'announcement failed');
      }
    }));
  }

  async function runPass(trigger: SyncTrigger): Promise<SyncResult> {
    const empty: SyncResult = { outcome: 'ok', trigger, operations: [], writes: 0, errors: [], unplaced: [] };
    if (!input || stopped) return empty; // never act before knowing the spec: it could only remove
    const consumedSpec = specDirty;
    specDirty = false;
    const current = input;
    let result: SyncResult;
    try {
      // Routes only decide which interface is 'default'. They are re-read on a spec change, a
      // link change and the periodic pass, not on every address repair: with 10k addresses a
      // route dump costs as much as the address dump.
      const wantsDefault = current.spec.localInterface === 'default' || current.spec.localInterface === '';
      const needRoutes = wantsDefault && (routesStale || trigger === 'spec' || trigger === 'periodic');
      // The periodic pass always re-lists (the safety net); others read the event mirror.
      await readObserved(needRoutes, trigger === 'periodic');
      if (needRoutes) routesStale = false;
      if (collected?.input !== current) collected = { input: current, addresses: collectDesiredAddresses(current) };
      desired = desiredNodeState(current, { links, routes }, collected.addresses);
      const diff = diffNodeState(desired, { links, addresses, routes });
      // Index the new desired state before writing, so the echoes of our own writes are
      // recognised as wanted and do not schedule a repair pass. The diff's index is valid
      // when both interfaces already exist (it uses placeholders for missing ones).
      const linksExist = links.some((l) => l.name === desired?.dummyInterface)
        && (desired.localInterface === undefined || links.some((l) => l.name === desired?.localInterface));
      refreshIndexes(linksExist ? diff.wanted : undefined);
      // Arm kernel-assisted announcements (IPv6 NA) before local addresses appear.
      if (input.spec.garp.enabled && opts.announcer?.prepare && desired.localInterface !== undefined
        && diff.operations.some((o) => o.op === 'addAddress' && o.kind === 'local')) {
        await opts.announcer.prepare(desired.localInterface);
      }
      const applied = diff.operations.length === 0 ? { writes: 0, errors: [], addedLocal: [] } : await applyNodeOperations(diff.operations, port, links);
      if ('dummyKind' in applied && applied.dummyKind) log?.info({ op: 'createDummy', interface: desired.dummyInterface, kind: applied.dummyKind }, 'created dummy interface');
      for (const e of applied.errors) {
        metrics?.netlinkErrors.inc({ op: e.op, code: e.code });
        log?.warn({ op: e.op, reason: e.code, err: e.message }, 'netlink operation failed');
      }
      if (applied.writes > 0) await readObserved(false, true); // the status reports what the kernel holds, not what we asked for
      refreshIndexes();
      await announce(applied.addedLocal);
      const fatal = applied.errors.some((e) => e.code === 'EPERM' || e.code === 'EACCES');
      result = {
        outcome: fatal ? 'fatal' : applied.errors.length > 0 ? 'retry' : 'ok',
        trigger, operations: diff.operations, writes: applied.writes,
        errors: applied.errors.map((e) => e.message), unplaced: diff.unplaced,
      };
      // Writes outside a spec change repair drift (an address removed or added by someone else).
      if (!consumedSpec && applied.writes > 0 && trigger !== 'spec') {
        totals.driftRepairs += applied.writes;
        lastRepair = now();
        metrics?.driftRepairs.inc(applied.writes);
        log?.info({ op: 'repair', writes: applied.writes, trigger }, 'repaired drift');
      }
    } catch (err) {
      const e = err instanceof NetlinkError ? err : new NetlinkError('OTHER', 'sync', (err as Error).message);
      metrics?.netlinkErrors.inc({ op: e.op, code: e.code });
      log?.error({ op: 'sync', reason: e.code, err: e.message }, 'sync pass failed');
      result = { outcome: 'retry', trigger, operations: [], writes: 0, errors: [e.message], unplaced: [] };
      if (consumedSpec) specDirty = true;
    }
    totals.passes++;
    totals.writes += result.writes;
    metrics?.syncs.inc({ outcome: result.outcome });
    lastOutcome = result;
    updateStatus();
    if (result.outcome === 'retry' && !stopped) {
      clearTimeout(retry);
      retry = setTimeout(() => void requestSync('periodic'), retryDelayMs);
      retry.unref();
    }
    return result;
  }

  function updateStatus(): void {
    if (!desired) return;
    const held = { local: 0, remote: 0 };
    if (lastOutcome.errors.length === 0 && lastOutcome.unplaced.length === 0) {
      // A clean pass holds exactly what is desired; skip a 10k-address recount.
      for (const d of desired.addresses) held[d.kind]++;
    } else {
      const present = new AddressBook();
      for (const a of addresses) if (a.index === dummyIndex || a.index === localIndex) present.add(a.index, a.address, a.prefixLength);
      for (const d of desired.addresses) {
        const index = d.kind === 'remote' ? dummyIndex : localIndex;
        if (index !== undefined && present.has(index, d.address, d.prefixLength)) held[d.kind]++;
      }
    }
    metrics?.addressesHeld.set({ kind: 'local' }, held.local);
    metrics?.addressesHeld.set({ kind: 'remote' }, held.remote);
    const sessions = opts.sessions?.() ?? [];
    metrics?.bgpSessionsUp.set(sessions.filter((s) => s.state === 'Established').length);
    const problem = lastOutcome.unplaced.length > 0
      ? `${lastOutcome.unplaced.length} local address(es) wait for a local interface matching '${input?.spec.localInterface}'`
      : lastOutcome.errors[0];
    // Built on demand (status()): sorting 10k address strings is not worth doing every pass.
    const facts = {
      generation: input?.generation,
      links, addresses,
      dummyInterface: desired.dummyInterface,
      localInterface: desired.localInterface,
      defaultInterface: defaultRouteInterface(links, routes)?.name,
      sessions,
      driftRepairs: totals.driftRepairs,
      lastRepair,
      outcome: lastOutcome.outcome,
      problem,
    };
    const at = now();
    statusThunk = () => buildNodeStatus(facts, at, lastStatus);
  }
  let statusThunk: (() => NodeAnnouncementStatus) | undefined;

  function requestSync(trigger: SyncTrigger): Promise<SyncResult> {
    if (queued) return queued; // one pending pass reads the newest state: it covers every request
    const p = chain.then(() => {
      queued = undefined;
      return runPass(trigger);
    });
    queued = p;
    chain = p.then((r) => {
      if (trigger !== 'spec' && trigger !== 'manual') for (const w of waiters.splice(0)) w(r);
    }, () => undefined);
    return p;
  }

  // Is this event a contradiction of the desired state? Our own writes echo back as events that
  // agree with it and must not trigger a pass (at 10k addresses a pass is a full dump).
  function relevant(e: NetlinkEvent): boolean {
    if (!desired) return false;
    if (!('address' in e)) {
      if (e.link.name === desired.dummyInterface || e.link.name === desired.localInterface) {
        return e.type === 'dellink' || !e.link.up || e.link.index !== (e.link.name === desired.dummyInterface ? dummyIndex : localIndex);
      }
      // A local interface may appear later (regex selector, or a default route that moves).
      return desired.localInterface === undefined && e.type === 'newlink';
    }
    const a = e.address;
    const wanted = desiredKeys.has(a.index, a.address, a.prefixLength);
    if (e.type === 'deladdr') return wanted;
    if (wanted) return false;
    if (a.index === dummyIndex) return !(a.family === 'ipv6' && /^fe[89ab]/i.test(a.address));
    return a.index === localIndex && a.proto === GITLB_ADDRESS_PROTO;
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void requestSync('event'), debounceMs);
  }

  const subscription: NetlinkSubscription = port.subscribe(
    (e) => {
      mirror.apply(e);
      if (!('address' in e)) routesStale = true; // a link change can move the default route
      if (relevant(e)) schedule();
    },
    (err) => {
      // Lost notifications (ENOBUFS): only a full pass can tell what changed.
      log?.warn({ op: 'subscribe', reason: err.message }, 'rtnetlink events lost; resyncing');
      routesStale = true;
      mirror.invalidate();
      schedule();
    },
  );
  const periodic = opts.resyncIntervalMs === 0 ? undefined : setInterval(() => void requestSync('periodic'), opts.resyncIntervalMs ?? 60_000);
  periodic?.unref();

  return {
    setDesired(next) {
      input = next;
      specDirty = true;
      return requestSync('spec');
    },
    sync(trigger = 'manual') {
      return requestSync(trigger);
    },
    status() {
      if (statusThunk) {
        lastStatus = statusThunk();
        statusThunk = undefined;
      }
      return lastStatus;
    },
    counters: () => ({ ...totals }),
    nextPass: () => new Promise((resolve) => waiters.push(resolve)),
    async withdrawRemote() {
      stopped = true; // a repair pass must not put back what is being withdrawn
      clearTimeout(debounce);
      clearTimeout(retry);
      await chain;
      const l = await port.listLinks();
      const dummy = l.find((x) => x.name === (desired?.dummyInterface ?? input?.spec.dummyInterface ?? 'kube-lb0'));
      if (!dummy) return 0;
      const held = (await port.listAddresses()).filter((a) => a.index === dummy.index && !(a.family === 'ipv6' && /^fe[89ab]/i.test(a.address)));
      let n = 0;
      for (const a of held) if (await port.deleteAddress({ index: dummy.index, address: a.address, prefixLength: a.prefixLength }) === 'deleted') n++;
      return n;
    },
    async stop() {
      stopped = true;
      clearTimeout(debounce);
      clearTimeout(retry);
      if (periodic) clearInterval(periodic);
      subscription.close();
      await chain;
    },
  };
}
