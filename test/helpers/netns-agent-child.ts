// The child side of netns-agent.ts: runs inside the namespace, owns one real rtnetlink port
// (wrapped to count writes) and one sync engine, and answers IPC calls.
import { pino } from 'pino';
import { openRtnetlinkPort } from '../../reconciler/netlink/rtnetlink-port.js';
import { countWrites } from '../../reconciler/netlink/counting-port.js';
import { startNodeSync, type NodeSync } from '../../reconciler/agent/node-sync.js';
import { createAgentMetrics } from '../../reconciler/agent/metrics.js';
import { createArpingAnnouncer } from '../../reconciler/agent/arping-announcer.js';
import type { NodeDesiredInput } from '../../reconciler/agent/desired-node-state.js';
import { createBirdAdapter, type BirdAdapter } from '../../reconciler/agent/bird-adapter.js';
import { renderBirdConfig, type BirdModel } from '../../reconciler/agent/render-bird.js';
import type { SessionStatus } from '../../reconciler/agent/build-node-status.js';

const log = pino({ level: process.env.GITLB_LOG_LEVEL ?? 'info' }, pino.destination(2));
const real = openRtnetlinkPort({ log });
const counted = countWrites(real);
const metrics = createAgentMetrics();
let engine: NodeSync | undefined;
let bird: BirdAdapter | undefined;
let sessions: SessionStatus[] = [];

type Handler = (...args: unknown[]) => Promise<unknown> | unknown;
const handlers: Record<string, Handler> = {
  async start(options) {
    engine = await startNodeSync({ port: counted.port, log, metrics, announcer: createArpingAnnouncer(), resyncIntervalMs: 0, sessions: () => sessions, ...(options as object) });
    return true;
  },
  setDesired: (input) => engine?.setDesired(input as NodeDesiredInput),
  sync: () => engine?.sync('manual'),
  nextPass: () => engine?.nextPass(),
  status: () => engine?.status(),
  counters: () => engine?.counters(),
  writes: () => ({ ...counted.counts, total: counted.total() }),
  listAddresses: () => real.listAddresses(),
  withdrawRemote: () => engine?.withdrawRemote(),
  metrics: () => metrics.registry.metrics(),
  async birdApply(model, paths) {
    const p = paths as { configPath: string; socketPath: string };
    bird ??= createBirdAdapter({ ...p, spawn: true, log });
    return bird.apply(renderBirdConfig(model as BirdModel));
  },
  async birdSessions() {
    sessions = (await bird?.sessions() ?? []).map(({ neighbor, state, since }) => ({ neighbor, state, ...(since ? { since } : {}) }));
    return sessions;
  },
  async stop() {
    subscription?.close();
    await bird?.stop();
    await engine?.stop();
    real.close();
    return true;
  },
};

// Direct access to the port for wrapper tests: 'port.addAddress' etc., and an event log.
const events: unknown[] = [];
let subscription: { close(): void } | undefined;
handlers.subscribe = () => {
  subscription ??= real.subscribe((e) => events.push(e), (err) => events.push({ type: 'error', message: err.message }));
  return true;
};
handlers.events = () => events.splice(0);
const portMethod = (name: string): Handler | undefined => {
  const fn = (real as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (...args: unknown[]) => (fn as Handler).apply(real, args) : undefined;
};

process.on('message', (m: { id: number; method: string; args: unknown[] }) => {
  const h = m.method.startsWith('port.') ? portMethod(m.method.slice(5)) : handlers[m.method];
  Promise.resolve(h ? h(...m.args) : Promise.reject(new Error(`no method ${m.method}`)))
    .then((value) => process.send?.({ id: m.id, ok: true, value: value ?? null }))
    .catch((err: Error & { code?: string }) => process.send?.({ id: m.id, ok: false, error: `${err.code ?? ''} ${err.stack ?? err.message}` }));
});
process.on('disconnect', () => process.exit(0));
