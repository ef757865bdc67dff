// The controller's Prometheus metrics on its own Registry (tests build one per controller, so
// nothing leaks between them) and the small HTTP server for /metrics, /healthz and /readyz.
import http from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DesiredState } from '../config/model.js';
import type { Plan } from '../planner/plan.js';

/** The controller's metrics. */
export class ControllerMetrics {
  /** The registry the HTTP server exposes. */
  readonly registry = new Registry();
  private readonly poolSize = new Gauge({ name: 'gitlb_pool_addresses', help: 'Addresses in the pools of a ServiceGroup.', labelNames: ['group'], registers: [this.registry] });
  private readonly poolInUse = new Gauge({ name: 'gitlb_pool_addresses_in_use', help: 'Addresses of a ServiceGroup allocated to Services.', labelNames: ['group'], registers: [this.registry] });
  private readonly allocations = new Gauge({ name: 'gitlb_allocations', help: 'LoadBalancer Services with an address in the last plan.', registers: [this.registry] });
  private readonly announcements = new Gauge({ name: 'gitlb_node_announcements', help: 'Addresses a node announces in the last plan.', labelNames: ['node'], registers: [this.registry] });
  private readonly duration = new Histogram({ name: 'gitlb_reconcile_duration_seconds', help: 'Duration of one reconcile.', labelNames: ['outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly errors = new Counter({ name: 'gitlb_reconcile_errors_total', help: 'Reconciles that did not apply, by reason.', labelNames: ['reason'], registers: [this.registry] });
  private readonly applied = new Gauge({ name: 'gitlb_applied_revision', help: '1 for the revision in force.', labelNames: ['revision'], registers: [this.registry] });
  private readonly leader = new Gauge({ name: 'gitlb_leader', help: '1 when this instance holds the leader Lease.', registers: [this.registry] });
  private readonly plans = new Counter({ name: 'gitlb_plans_total', help: 'Plans made (a run re-plans after a conflict).', registers: [this.registry] });
  private readonly triggers = new Counter({ name: 'gitlb_reconcile_triggers_total', help: 'Requests for a run, by reason (cluster, lease, poll, resync, leader, start); several may make one run.', labelNames: ['reason'], registers: [this.registry] });
  private readonly ownEchoes = new Counter({ name: 'gitlb_own_write_events_total', help: 'Watch events that were the echo of this controller\'s own writes, and so triggered nothing.', registers: [this.registry] });

  /** Records the pool and announcement counts of a plan made from `desired`. */
  recordPlan(desired: DesiredState, plan: Plan): void {
    this.plans.inc();
    this.poolSize.reset();
    this.poolInUse.reset();
    for (const g of desired.groups) {
      const size = [...g.v4pools, ...g.v6pools].reduce((n, p) => n + Number(p.last - p.first + 1n), 0);
      this.poolSize.set({ group: g.name }, size);
      this.poolInUse.set({ group: g.name }, 0);
    }
    for (const s of plan.planned.services) this.poolInUse.inc({ group: s.group }, s.addresses.length);
    this.allocations.set(plan.planned.services.filter((s) => s.addresses.length > 0).length);
    this.announcements.reset();
    for (const n of plan.planned.nodes) this.announcements.set({ node: n.node }, n.addresses.length);
  }

  /** Records one reconcile's duration and, when it did not apply, its reason. */
  recordRun(outcome: string, seconds: number): void {
    this.duration.observe({ outcome }, seconds);
    if (outcome !== 'ok' && outcome !== 'standby') this.errors.inc({ reason: outcome });
  }

  /** Counts a request for a run. */
  recordTrigger(reason: string): void {
    this.triggers.inc({ reason });
  }

  /** Counts a watch event ignored as the echo of an own write. */
  recordOwnEcho(): void {
    this.ownEchoes.inc();
  }

  /** Sets the revision in force (one series). */
  setAppliedRevision(revision: string): void {
    this.applied.reset();
    this.applied.set({ revision }, 1);
  }

  /** Sets the leader gauge. */
  setLeader(leading: boolean): void {
    this.leader.set(leading ? 1 : 0);
  }
}

/** Serves /metrics, /healthz (the process runs) and /readyz (started: a standby is ready too). */
export async function startMetricsServer(metrics: ControllerMetrics, listen: string, ready: () => boolean): Promise<{ port: number; close(): Promise<void> }> {
  const i = listen.lastIndexOf(':');
  const host = i > 0 ? listen.slice(0, i) : '0.0.0.0';
  const port = Number(listen.slice(i + 1));
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/metrics') {
      metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else if (url === '/healthz') {
      res.writeHead(200).end('ok\n');
    } else if (url === '/readyz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503).end(ok ? 'ok\n' : 'starting\n');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
