// The Kubernetes side of `gitlb agent`: watches only this node's NodeAnnouncement (field
// selector) and, while it says holdsShared, every SharedAnnouncement; feeds their union to the
// sync engine; writes the status back only when it changed; renews the node's Lease; drives
// BIRD. Nothing reaches the engine before the first list of the NodeAnnouncement (and of the
// shards, when it holds them) is in: an engine fed a partial desired state could only remove,
// and a restart must never flap an address.
import * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { NodeAnnouncement, NodeAnnouncementStatus } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../config/generated/sharedannouncement.generated.js';
import { GITLB_GROUP, GITLB_VERSION } from '../kube/gitlb-kinds.js';
import { ResilientInformer } from '../kube/resilient-informer.js';
import type { NetlinkPort } from '../netlink/netlink-port.js';
import type { Announcer } from './announcer.js';
import type { BirdAdapter } from './bird-adapter.js';
import type { NodeDesiredInput } from './desired-node-state.js';
import { startKubeBgp, type KubeBgp } from './kube-bgp.js';
import { startNodeLease, type NodeLease } from './kube-node-lease.js';
import { carryTransitionTimes, mergePatchFor } from './kube-status-patch.js';
import type { AgentMetrics } from './metrics.js';
import { startNodeSync, type NodeSync } from './node-sync.js';
import type { BirdTimers } from './bird-model.js';
import { makeKeepAliveClient } from '../kube/keep-alive.js';

/** Everything the agent is wired to. */
export interface KubeAgentOptions {
  kubeConfig: k8s.KubeConfig;
  node: string;
  /** Namespace of the Lease and of Secrets referenced without one. */
  namespace: string;
  port: NetlinkPort;
  metrics: AgentMetrics;
  log: Logger;
  announcer?: Announcer;
  /** The BIRD to drive (absent: BGP in the spec is logged and ignored). */
  bird?: BirdAdapter;
  leaseIntervalMs?: number;
  /** leaseDurationSeconds of the heartbeat (default 10); the lab uses 1 for fast failover. */
  leaseDurationSeconds?: number;
  /** BGP retry timers for BIRD (default BIRD's own: 120 s connect retry, 60-300 s error wait). */
  bgpTimers?: BirdTimers;
  sessionPollMs?: number;
  /** Watch inactivity after which a watch is abandoned and resumed. */
  watchdogMs?: number;
}

/** A running agent. */
export interface KubeAgent {
  /** Resolves once the NodeAnnouncement has been listed (whether or not it exists yet). */
  readonly synced: Promise<void>;
  /** SIGTERM: stop watching, withdraw the remote addresses, release the Lease, stop BIRD. */
  shutdown(reason: string): Promise<void>;
}

const plural = { node: 'nodeannouncements', shared: 'sharedannouncements' } as const;
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

/** Starts the agent: engine, watches, heartbeat and BGP. */
export async function startKubeAgent(opts: KubeAgentOptions): Promise<KubeAgent> {
  const { kubeConfig, node, log, metrics } = opts;
  const custom = makeKeepAliveClient(kubeConfig, k8s.CustomObjectsApi);
  const core = makeKeepAliveClient(kubeConfig, k8s.CoreV1Api);
  // A heartbeat renewal slower than the Lease itself is lost anyway: give up on it then.
  const coordination = makeKeepAliveClient(kubeConfig, k8s.CoordinationV1Api, { timeoutMs: (opts.leaseDurationSeconds ?? 10) * 1000 });
  const kubeMetrics = {
    statusWrites: new Counter({ name: 'gitlb_agent_status_writes_total', help: 'NodeAnnouncement status patches sent (only on change).', registers: [metrics.registry] }),
    leaseRenewals: new Counter({ name: 'gitlb_agent_lease_renewals_total', help: 'Heartbeat Lease renewals, by outcome.', labelNames: ['outcome'], registers: [metrics.registry] }),
    watchRestarts: new Counter({ name: 'gitlb_agent_watch_restarts_total', help: 'List/watch restarts after errors or a silent watch, by resource.', labelNames: ['resource'], registers: [metrics.registry] }),
  };

  const bgp: KubeBgp = startKubeBgp({
    bird: opts.bird, core, namespace: opts.namespace, log,
    ...(opts.sessionPollMs !== undefined ? { pollMs: opts.sessionPollMs } : {}),
    ...(opts.bgpTimers ? { timers: opts.bgpTimers } : {}),
    // a manual pass reads the event-fed mirror (no dump, no write) and rebuilds the status with the new sessions
    onSessions: () => void engine.sync('manual').then(() => requestStatusWrite()),
  });
  const engine: NodeSync = await startNodeSync({
    port: opts.port, log, metrics, sessions: () => bgp.sessions(),
    ...(opts.announcer ? { announcer: opts.announcer } : {}),
  });
  const lease: NodeLease = startNodeLease({
    api: coordination, namespace: opts.namespace, node, log,
    ...(opts.leaseIntervalMs !== undefined ? { renewIntervalMs: opts.leaseIntervalMs } : {}),
    ...(opts.leaseDurationSeconds !== undefined ? { leaseDurationSeconds: opts.leaseDurationSeconds } : {}),
    onRenew: (outcome) => kubeMetrics.leaseRenewals.inc({ outcome }),
  });

  const fieldSelector = `metadata.name=${node}`;
  const watchdogMs = opts.watchdogMs ?? 300_000;
  const nodeInformer = new ResilientInformer<NodeAnnouncement>({
    kubeConfig, fieldSelector, watchdogMs,
    path: `/apis/${GITLB_GROUP}/${GITLB_VERSION}/${plural.node}`,
    list: () => custom.listClusterCustomObject({ group: GITLB_GROUP, version: GITLB_VERSION, plural: plural.node, fieldSelector }) as Promise<k8s.KubernetesListObject<NodeAnnouncement>>,
  });
  let sharedInformer: ResilientInformer<SharedAnnouncement> | undefined;
  watchInformer(nodeInformer, plural.node);

  function watchInformer(inf: ResilientInformer<NodeAnnouncement> | ResilientInformer<SharedAnnouncement>, resource: string): void {
    inf.on('change', () => requestReconcile());
    inf.on('restart', (reason: string) => {
      kubeMetrics.watchRestarts.inc({ resource });
      log.warn({ op: 'watch', node, resource, reason }, 'list/watch restarting');
    });
  }

  let closing = false;
  // the NodeAnnouncement last fed to the engine, to withdraw its addresses if it is deleted
  let lastSeen: NodeAnnouncement | undefined;
  let waitingLogged = false;

  async function reconcileOnce(): Promise<void> {
    const na = nodeInformer.list().find((o) => o.metadata.name === node);
    if (!na) {
      if (!lastSeen) {
        if (!waitingLogged) log.info({ op: 'sync', node, reason: 'no NodeAnnouncement yet' }, 'waiting for this node\'s NodeAnnouncement');
        waitingLogged = true;
        return;
      }
      // Deleted by the reconciler: the node holds nothing any more (the managed ranges stay,
      // so the stale gitlb addresses are removed and nothing else is touched).
      log.info({ op: 'sync', node, reason: 'NodeAnnouncement deleted' }, 'withdrawing every address');
      await stopShared();
      await engine.setDesired({ spec: { ...lastSeen.spec, addresses: [], holdsShared: false }, shared: [] });
      return;
    }
    lastSeen = na;
    if (na.spec.holdsShared && !sharedInformer) {
      const inf = new ResilientInformer<SharedAnnouncement>({
        kubeConfig, watchdogMs,
        path: `/apis/${GITLB_GROUP}/${GITLB_VERSION}/${plural.shared}`,
        list: () => custom.listClusterCustomObject({ group: GITLB_GROUP, version: GITLB_VERSION, plural: plural.shared }) as Promise<k8s.KubernetesListObject<SharedAnnouncement>>,
      });
      watchInformer(inf, plural.shared);
      sharedInformer = inf;
      log.info({ op: 'watch', node, resource: plural.shared, reason: 'holdsShared' }, 'watching the shared announcements');
      await inf.start(); // the shards must be known before a pass, or it would remove them
      if (closing) return;
    } else if (!na.spec.holdsShared) await stopShared();
    const shards = (sharedInformer?.list() ?? []).slice().sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const input: NodeDesiredInput = { spec: na.spec, shared: shards.map((s) => s.spec), ...(na.metadata.generation !== undefined ? { generation: na.metadata.generation } : {}) };
    const result = await engine.setDesired(input);
    if (result.outcome !== 'ok') log.warn({ op: 'sync', node, reason: result.errors[0] ?? result.outcome, outcome: result.outcome }, 'sync pass did not complete');
    else if (result.writes > 0) log.info({ op: 'sync', node, writes: result.writes, generation: na.metadata.generation, shards: shards.length }, 'node synced');
    requestStatusWrite();
    const announced = new Set(na.spec.addresses.map((a) => a.address));
    await bgp.update(na.spec, nodeAddresses(engine.status()).filter((a) => !announced.has(a)));
  }

  async function stopShared(): Promise<void> {
    if (!sharedInformer) return;
    const inf = sharedInformer;
    sharedInformer = undefined;
    await inf.stop();
    log.info({ op: 'watch', node, resource: plural.shared, reason: 'holdsShared is false' }, 'stopped watching the shared announcements');
  }

  // Coalescing runner: at most one reconcile runs; requests during it cause one more run.
  let reconcileRunning: Promise<void> | undefined;
  let reconcileDirty = false;
  function requestReconcile(): void {
    reconcileDirty = true;
    if (reconcileRunning || closing) return;
    reconcileRunning = (async () => {
      while (reconcileDirty && !closing) {
        reconcileDirty = false;
        try {
          await reconcileOnce();
        } catch (err) {
          log.error({ op: 'sync', node, reason: errorText(err) }, 'reconcile failed');
        }
      }
    })().finally(() => {
      reconcileRunning = undefined;
    });
  }

  // Status: written only when it differs from what is stored (or what we last wrote).
  let lastWritten: NodeAnnouncementStatus | undefined;
  let statusRunning: Promise<void> | undefined;
  let statusDirty = false;
  let statusRetry: NodeJS.Timeout | undefined;
  function requestStatusWrite(): void {
    statusDirty = true;
    if (statusRunning || closing) return;
    statusRunning = (async () => {
      while (statusDirty && !closing) {
        statusDirty = false;
        await writeStatus();
      }
    })().finally(() => {
      statusRunning = undefined;
    });
  }

  async function writeStatus(): Promise<void> {
    const na = nodeInformer.list().find((o) => o.metadata.name === node);
    if (!na || !lastSeen) return;
    const built = engine.status();
    if (!built.conditions) return; // no pass yet
    const base = lastWritten ?? na.status ?? {};
    const next = carryTransitionTimes(built, base);
    const patch = mergePatchFor(base, next);
    if (patch === undefined) return;
    try {
      await custom.patchClusterCustomObjectStatus({ group: GITLB_GROUP, version: GITLB_VERSION, plural: plural.node, name: node, body: { status: patch } }, mergePatch);
      lastWritten = next;
      kubeMetrics.statusWrites.inc();
      log.debug({ op: 'status', node, generation: next.observedGeneration }, 'status written');
    } catch (err) {
      log.warn({ op: 'status', node, reason: errorText(err) }, 'status write failed; retrying');
      clearTimeout(statusRetry);
      statusRetry = setTimeout(requestStatusWrite, 2000);
    }
  }

  // Passes the engine runs by itself (drift repair, periodic resync) change the status too.
  void (async () => {
    while (!closing) {
      await engine.nextPass();
      requestStatusWrite();
    }
  })();

  const synced = nodeInformer.start().then(() => {
    if (closing) return;
    log.info({ op: 'watch', node, resource: plural.node, found: nodeInformer.list().length }, 'listed this node\'s NodeAnnouncement');
    requestReconcile();
  });

  return {
    synced,
    async shutdown(reason) {
      if (closing) return;
      log.info({ op: 'shutdown', node, reason }, 'agent stopping');
      closing = true;
      clearTimeout(statusRetry);
      await Promise.all([nodeInformer.stop(), sharedInformer?.stop()]);
      await reconcileRunning;
      await statusRunning;
      const withdrawn = await engine.withdrawRemote().catch((err: unknown) => {
        log.error({ op: 'withdraw', node, reason: errorText(err) }, 'withdrawing remote addresses failed');
        return 0;
      });
      log.info({ op: 'withdraw', node, addresses: withdrawn }, 'remote addresses withdrawn');
      await bgp.stop();
      await lease.release();
      await engine.stop();
    },
  };
}

/** Addresses on the local interface (for the BGP router id and sources), IPv4 first. */
function nodeAddresses(status: NodeAnnouncementStatus): string[] {
  const local = status.interfaces?.find((i) => i.role === 'local');
  const addresses = (local?.addresses ?? []).map((a) => a.split('/')[0] ?? a);
  return [...addresses.filter((a) => !a.includes(':')), ...addresses.filter((a) => a.includes(':'))];
}

function errorText(err: unknown): string {
  if (err instanceof k8s.ApiException) return `HTTP ${err.code}`;
  return err instanceof Error ? err.message : String(err);
}
