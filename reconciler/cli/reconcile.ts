// `gitlb reconcile`: the long-running controller. Follows a Git branch (--git), a directory
// (--dir) or the gitlb kinds in the cluster (--source cluster), applies every valid revision,
// writes a ReconcilerStatus about itself, serves /metrics /healthz /readyz, and with
// --leader-elect applies only while it holds the Lease. Thin: the loop is reconciler/controller.
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../config/duration.js';
import { loadKubeConfig } from '../kube/load-kubeconfig.js';
import { LeaderElector } from '../kube/leader-election.js';
import { Controller } from '../controller/controller.js';
import { clusterConfigSource, dirConfigSource, gitConfigSource, type ConfigSource } from '../controller/config-source.js';
import { ControllerMetrics, startMetricsServer } from '../controller/metrics.js';
import { ReconcilerStatusWriter } from '../controller/reconciler-status.js';
import { createLogger } from './log.js';
import { waitForShutdownSignal } from './shutdown-signal.js';
import { UsageError } from './errors.js';
import { makeKeepAliveClient } from '../kube/keep-alive.js';
import { summaryOf } from './command-list.js';

interface ReconcileOptions {
  git?: string;
  branch: string;
  path: string;
  dir?: string;
  source?: 'git' | 'dir' | 'cluster';
  interval: number;
  resync: number;
  requireSignedCommits?: boolean;
  allowedSigners?: string;
  cacheDir: string;
  allowDisruption?: boolean;
  leaderElect?: boolean;
  leaseNamespace: string;
  leaseDuration: number;
  agentLeaseNamespace: string;
  name: string;
  metricsListen?: string;
  kubeconfig?: string;
  context?: string;
}

/** Adds `gitlb reconcile` to the program. */
export function register(program: Command): void {
  program
    .command('reconcile')
    .summary(summaryOf('reconcile'))
    .description(
      'Run the controller: follow a Git branch, a directory or the gitlb kinds in the cluster, and apply every valid revision. ' +
        'An invalid, unsigned or unreachable revision changes nothing; the last good one stays in force and the ReconcilerStatus says why.',
    )
    .option('--git <URL>', 'Git remote to follow (https://, ssh://, git@host:path, file://)')
    .option('--branch <NAME>', 'branch to follow', 'main')
    .option('--path <DIR>', 'config directory inside the repository', '.')
    .option('--dir <DIR>', 'follow a local directory instead of Git (re-read every --interval)')
    .addOption(new Option('--source <KIND>', 'config source (default: git with --git, dir with --dir)').choices(['git', 'dir', 'cluster']))
    .addOption(new Option('--interval <DURATION>', 'how often the source is polled').argParser(parseDurationArg).default(30_000, '30s'))
    .addOption(new Option('--resync <DURATION>', 'full reconcile at least this often, with no trigger').argParser(parseDurationArg).default(300_000, '5m'))
    .option('--require-signed-commits', 'refuse a head commit without a good signature')
    .option('--allowed-signers <FILE>', 'SSH allowed-signers file for --require-signed-commits')
    .option('--cache-dir <DIR>', 'where the Git clone is kept', path.join(tmpdir(), 'gitlb-reconcile'))
    .option('--allow-disruption', 'also apply changes that take an address from a Service or move a local address')
    .option('--leader-elect', 'apply only while holding the Lease gitlb-reconciler (standbys observe)')
    .option('--lease-namespace <NS>', 'namespace of the leader Lease', process.env.POD_NAMESPACE ?? 'gitlb-system')
    .addOption(new Option('--lease-duration <DURATION>', 'leader Lease duration').argParser(parseDurationArg).default(15_000, '15s'))
    // The chart runs the agents with --namespace <release namespace>, where this pod runs too.
    .option('--agent-lease-namespace <NS>', 'namespace of the agents\' heartbeat Leases', process.env.POD_NAMESPACE ?? 'gitlb-system')
    .option('--name <NAME>', 'this instance: the ReconcilerStatus name and the Lease identity', process.env.POD_NAME ?? 'gitlb-reconciler')
    .option('--metrics-listen <HOST:PORT>', 'serve /metrics, /healthz and /readyz')
    .option('--kubeconfig <FILE>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--context <NAME>', 'kubeconfig context to use')
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb reconcile --git https://git.example.com/infra/lb.git --branch main --path clusters/prod --interval 30s
  $ gitlb reconcile --dir config/ --interval 5s
  $ gitlb reconcile --source cluster --leader-elect --metrics-listen 0.0.0.0:9090

Runs until SIGTERM or SIGINT; then it finishes the run in progress, releases the Lease and exits 0.`,
    )
    .action(async (opts: ReconcileOptions) => {
      await runReconcile(opts);
    });
}

function parseDurationArg(v: string): number {
  const ms = parseDuration(v);
  if (ms === null || ms <= 0) throw new InvalidArgumentError('must be a duration such as 30s, 1m or 500ms');
  return ms;
}

function chooseSource(opts: ReconcileOptions, kc: k8s.KubeConfig): ConfigSource {
  const kind = opts.source ?? (opts.git ? 'git' : opts.dir ? 'dir' : undefined);
  if (kind === 'git') {
    if (!opts.git) throw new UsageError('--source git needs --git URL');
    if (opts.requireSignedCommits && !opts.allowedSigners) throw new UsageError('--require-signed-commits needs --allowed-signers FILE');
    return gitConfigSource({
      url: opts.git,
      branch: opts.branch,
      path: opts.path,
      cacheDir: path.resolve(opts.cacheDir, 'clone'),
      requireSignedCommits: opts.requireSignedCommits ?? false,
      allowedSignersFile: opts.allowedSigners ?? null,
      timeoutMs: Math.max(10_000, Math.min(opts.interval, 120_000)),
      // The chart mounts an SSH key and points GIT_SSH_COMMAND at it.
      sshCommand: process.env.GIT_SSH_COMMAND ?? null,
    });
  }
  if (kind === 'dir') {
    if (!opts.dir) throw new UsageError('--source dir needs --dir DIR');
    return dirConfigSource(opts.dir);
  }
  if (kind === 'cluster') return clusterConfigSource(kc);
  throw new UsageError('say where the config is: --git URL, --dir DIR or --source cluster');
}

async function runReconcile(opts: ReconcileOptions): Promise<void> {
  const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  if (!loaded.ok) throw new UsageError(loaded.message);
  const kc = loaded.kc;
  const source = chooseSource(opts, kc);
  const log = createLogger('reconcile');
  const metrics = new ControllerMetrics();
  const elector = opts.leaderElect
    ? // A renewal that takes longer than the renew deadline has failed: the leader steps down.
      new LeaderElector(makeKeepAliveClient(kc, k8s.CoordinationV1Api, { timeoutMs: Math.round((opts.leaseDuration * 2) / 3) }), {
        namespace: opts.leaseNamespace,
        name: 'gitlb-reconciler',
        identity: opts.name,
        leaseDurationMs: opts.leaseDuration,
        renewDeadlineMs: Math.round((opts.leaseDuration * 2) / 3),
        retryPeriodMs: Math.max(500, Math.round(opts.leaseDuration / 7.5)),
      })
    : undefined;
  const controller = new Controller({
    kc,
    source,
    intervalMs: opts.interval,
    resyncMs: opts.resync,
    allowDisruption: opts.allowDisruption,
    leases: { namespace: opts.agentLeaseNamespace, prefix: 'gitlb-agent-' },
    status: new ReconcilerStatusWriter(kc, { name: opts.name, source: source.describe, leaderElection: Boolean(elector), log }),
    metrics,
    elector,
    log,
  });
  // A standby is ready too: readiness says the process serves, not that it leads.
  const server = opts.metricsListen ? await startMetricsServer(metrics, opts.metricsListen, () => true) : null;
  log.info({ op: 'start', source: source.describe, leaderElect: Boolean(elector), metricsPort: server?.port }, 'reconciler started');
  controller.start();
  const { signal, done } = await waitForShutdownSignal(log);
  log.info({ op: 'shutdown', reason: signal }, 'stopping: finishing the run in progress and releasing the Lease');
  await controller.stop();
  await server?.close();
  done();
}
