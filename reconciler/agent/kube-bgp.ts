// The agent's BGP side: from the NodeAnnouncement's bgp section and the node's addresses to a
// running BIRD config (passwords read from their Secrets, never logged), and BIRD's session
// states back, polled, for the status. While BIRD's control socket cannot be reached, every
// session is reported Unknown with the reason, not in the last state BIRD printed. Without a
// BIRD (no --bird-* flag) a spec with bgp is reported once in the log and otherwise ignored.
import * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { BirdAdapter } from './bird-adapter.js';
import { birdModelFromSpec, type BirdTimers } from './bird-model.js';
import { SESSION_STATE_UNKNOWN, type SessionStatus } from './build-node-status.js';
import { renderBirdConfig, type BirdModel } from './render-bird.js';

/** Options of the BGP driver. */
export interface KubeBgpOptions {
  /** The BIRD to drive; undefined when the agent runs without one. */
  bird: BirdAdapter | undefined;
  core: k8s.CoreV1Api;
  /** Namespace of Secrets whose reference names none (the agent's). */
  namespace: string;
  log?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Session poll period (default 5000 ms). */
  pollMs?: number;
  /** BGP retry timers for every session (default: BIRD's own). */
  timers?: BirdTimers;
  /** Called when the sessions read from BIRD changed. */
  onSessions?: (sessions: SessionStatus[]) => void;
}

/** A running BGP driver. */
export interface KubeBgp {
  /** Renders and applies the config for this spec (serialised; a failed apply is retried at the next poll). */
  update(spec: NodeAnnouncementSpec, nodeAddresses: string[]): Promise<void>;
  /** The sessions of the last poll; state Unknown, with a reason, while BIRD cannot be asked. */
  sessions(): SessionStatus[];
  /** Stops polling and the BIRD the adapter spawned (a BIRD run by others is left alone). */
  stop(): Promise<void>;
}

/** Starts the driver; nothing is written to BIRD before the first update(). */
export function startKubeBgp(opts: KubeBgpOptions): KubeBgp {
  const { bird, core, log } = opts;
  let sessions: SessionStatus[] = [];
  let pending: { spec: NodeAnnouncementSpec; nodeAddresses: string[] } | undefined;
  let applied: BirdModel | undefined;
  // the model last handed to BIRD, applied or not: the sessions BIRD should have
  let attempted: BirdModel | undefined;
  let unreachable = false;
  let warnedNoBird = false;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  async function passwords(spec: NodeAnnouncementSpec): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const n of spec.bgp?.neighbors ?? []) {
      const ref = n.passwordSecretRef;
      if (!ref) continue;
      const namespace = ref.namespace ?? opts.namespace;
      const secret = await core.readNamespacedSecret({ name: ref.name, namespace });
      const value = secret.data?.[ref.key];
      if (value === undefined) throw new Error(`Secret ${namespace}/${ref.name} has no key ${ref.key}`);
      out.set(n.address, Buffer.from(value, 'base64').toString('utf8'));
    }
    return out;
  }

  async function apply(): Promise<void> {
    const next = pending;
    if (!next || !bird || stopped) return;
    let model: BirdModel | undefined;
    if (next.spec.bgp) {
      let secrets: Map<string, string>;
      try {
        secrets = await passwords(next.spec);
      } catch (err) {
        // Keep the running config: a session with the old password beats one without any.
        log?.warn({ op: 'bgp', reason: `password unavailable: ${errorText(err)}` }, 'BGP config not applied; retrying');
        return;
      }
      model = birdModelFromSpec(next.spec, next.nodeAddresses, secrets, opts.timers ?? {});
      if (!model) {
        log?.warn({ op: 'bgp', reason: 'no router id: no IPv4 address on the local interface and no routerID in the spec' }, 'BGP config not applied');
        pending = undefined;
        return;
      }
    } else if (applied) {
      // BGP removed from the spec: keep BIRD running without sessions (its router id stays).
      model = { ...applied, neighbors: [] };
    } else {
      pending = undefined;
      return;
    }
    attempted = model;
    try {
      const outcome = await bird.apply(renderBirdConfig(model));
      applied = model;
      if (pending === next) pending = undefined;
      if (outcome !== 'unchanged') log?.info({ op: 'bgp', reason: outcome, neighbors: model.neighbors.length }, 'BIRD config applied');
    } catch (err) {
      log?.error({ op: 'bgp', reason: errorText(err) }, 'BIRD config apply failed; retrying');
    }
  }

  async function poll(): Promise<void> {
    if (!bird || stopped) return;
    if (pending) await (chain = chain.then(apply));
    if (!attempted) return; // nothing handed to BIRD yet (a spawned BIRD does not run before that)
    let now: SessionStatus[];
    try {
      now = (await bird.sessions()).map(({ neighbor, state, since }) => ({ neighbor, state, ...(since ? { since } : {}) }));
      if (unreachable) log?.info({ op: 'bgp' }, 'BIRD reachable again');
      unreachable = false;
    } catch (err) {
      const reason = `BIRD's control socket cannot be reached: ${birdcErrorText(err)}`;
      if (!unreachable) log?.warn({ op: 'bgp', reason }, 'BIRD unreachable; BGP sessions reported Unknown');
      unreachable = true;
      now = unknownSessions(attempted, sessions, reason);
    }
    if (stopped) return;
    if (JSON.stringify(now) !== JSON.stringify(sessions)) {
      sessions = now;
      opts.onSessions?.(sessions);
    }
  }
  const timer = setInterval(() => void poll(), opts.pollMs ?? 5000);

  return {
    update(spec, nodeAddresses) {
      if (!bird) {
        if (spec.bgp && !warnedNoBird) log?.warn({ op: 'bgp', reason: 'no --bird-socket/--bird-config or --bird-spawn' }, 'spec has BGP neighbours but the agent drives no BIRD');
        warnedNoBird ||= spec.bgp !== undefined;
        return Promise.resolve();
      }
      pending = { spec, nodeAddresses };
      chain = chain.then(apply);
      return chain.then(() => poll());
    },
    sessions: () => sessions,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      await bird?.stop();
    },
  };
}

/** The sessions BIRD should have (those of the model it was given, else those last read), all Unknown. */
export function unknownSessions(model: BirdModel | undefined, last: readonly SessionStatus[], reason: string): SessionStatus[] {
  const neighbors = model && model.neighbors.length > 0 ? model.neighbors.map((n) => n.address) : last.map((s) => s.neighbor);
  return [...new Set(neighbors)].map((neighbor) => ({ neighbor, state: SESSION_STATE_UNKNOWN, reason }));
}

/** What birdc said (its last line, e.g. "Unable to connect to server control socket (...): No such file or directory"). */
function birdcErrorText(err: unknown): string {
  const e = err as { killed?: boolean; stdout?: unknown; stderr?: unknown };
  if (e.killed) return 'birdc timed out';
  const said = [e.stderr, e.stdout].map((t) => (typeof t === 'string' ? t.trim() : '')).find((t) => t !== '');
  return (said ?? errorText(err)).split('\n').slice(-1)[0] ?? '';
}

function errorText(err: unknown): string {
  if (err instanceof k8s.ApiException) return `HTTP ${err.code}`;
  return err instanceof Error ? err.message : String(err);
}
