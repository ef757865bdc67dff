// The agent's heartbeat: a Lease `gitlb-agent-<node>` renewed every 2 s, like kubelet's node
// leases (DESIGN.md §3) — one small write per node per period, never a status write. It keeps
// the Lease it last wrote and replaces it with that resourceVersion, so a renewal costs one
// request; a 409 or 404 falls back to a read or a create. Planners judge the node's agent alive
// while holderIdentity is the node and renewTime + leaseDurationSeconds is in the future.
import * as k8s from '@kubernetes/client-node';
import type { Logger } from 'pino';

/** Options of the heartbeat. */
export interface NodeLeaseOptions {
  api: k8s.CoordinationV1Api;
  namespace: string;
  node: string;
  /** Renewal period (default 2000 ms). */
  renewIntervalMs?: number;
  /** leaseDurationSeconds written into the Lease (default 10: five missed renewals). */
  leaseDurationSeconds?: number;
  log?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  now?: () => number;
  /** Called after each attempt (metrics). */
  onRenew?: (outcome: 'ok' | 'error') => void;
}

/** The name of a node agent's Lease. */
export function nodeLeaseName(node: string): string {
  return `gitlb-agent-${node}`;
}

/** A running heartbeat. */
export interface NodeLease {
  /** Renews once now (also what the timer does). */
  renew(): Promise<'ok' | 'error'>;
  /** Stops renewing and clears holderIdentity so the node is seen as gone at once. */
  release(): Promise<void>;
}

/** Starts renewing the node's Lease (first renewal immediately). */
export function startNodeLease(opts: NodeLeaseOptions): NodeLease {
  const { api, namespace, node, log } = opts;
  const name = nodeLeaseName(node);
  const now = opts.now ?? Date.now;
  const durationSeconds = opts.leaseDurationSeconds ?? 10;
  let current: k8s.V1Lease | undefined;
  let stopped = false;
  let inflight: Promise<'ok' | 'error'> | undefined;
  let failing = false;

  function body(holder: string, base: k8s.V1Lease | undefined): k8s.V1Lease {
    const stamp = new k8s.V1MicroTime(now());
    const spec = base?.spec ?? {};
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name, namespace, labels: { 'app.kubernetes.io/name': 'gitlb-agent', 'gitlb.io/node': node },
        ...(base?.metadata?.resourceVersion ? { resourceVersion: base.metadata.resourceVersion } : {}),
      },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: durationSeconds,
        // a new holder (first start, or after a release) starts a new term
        acquireTime: spec.holderIdentity === holder && spec.acquireTime ? spec.acquireTime : stamp,
        renewTime: stamp,
        leaseTransitions: (spec.leaseTransitions ?? 0) + (base && spec.holderIdentity !== holder ? 1 : 0),
      },
    };
  }

  async function write(holder: string): Promise<void> {
    if (!current) {
      try {
        current = await api.readNamespacedLease({ name, namespace });
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
        current = await api.createNamespacedLease({ namespace, body: body(holder, undefined) });
        log?.info({ op: 'lease', node, reason: 'created', lease: `${namespace}/${name}` }, 'created agent lease');
        return;
      }
    }
    try {
      current = await api.replaceNamespacedLease({ name, namespace, body: body(holder, current) });
    } catch (err) {
      current = undefined; // 409 (someone else wrote) or 404 (deleted): read again next time
      throw err;
    }
  }

  async function renew(): Promise<'ok' | 'error'> {
    if (stopped) return 'error';
    inflight ??= write(node).then(() => {
      if (failing) log?.info({ op: 'lease', node, reason: 'renewed again' }, 'agent lease renewed');
      failing = false;
      return 'ok' as const;
    }, (err: unknown) => {
      // Logged on the first failure only: a long outage must not flood the log every 2 s.
      if (!failing) log?.warn({ op: 'lease', node, reason: errorText(err) }, 'agent lease renewal failed');
      failing = true;
      return 'error' as const;
    }).then((outcome) => {
      inflight = undefined;
      opts.onRenew?.(outcome);
      return outcome;
    });
    return inflight;
  }

  void renew();
  const timer = setInterval(() => void renew(), opts.renewIntervalMs ?? 2000);

  return {
    renew,
    async release() {
      stopped = true;
      clearInterval(timer);
      await inflight;
      try {
        await write('');
        log?.info({ op: 'lease', node, reason: 'released' }, 'agent lease released');
      } catch (err) {
        log?.warn({ op: 'lease', node, reason: errorText(err) }, 'agent lease release failed');
      }
    },
  };
}

function statusOf(err: unknown): number {
  return err instanceof k8s.ApiException ? err.code : 0;
}

function errorText(err: unknown): string {
  if (err instanceof k8s.ApiException) return `HTTP ${err.code}`;
  return err instanceof Error ? err.message : String(err);
}
