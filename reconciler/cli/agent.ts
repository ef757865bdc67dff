// `gitlb agent`: the node agent (one per node, DaemonSet, hostNetwork, NET_ADMIN). Thin: it
// loads the kubeconfig, opens rtnetlink in the namespace it runs in, optionally a BIRD, serves
// /metrics and /healthz, and runs startKubeAgent until SIGTERM/SIGINT, then exits 0 after
// withdrawing the remote addresses and releasing the Lease.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDuration } from '../config/duration.js';
import { createArpingAnnouncer } from '../agent/arping-announcer.js';
import { createBirdAdapter, type BirdAdapter } from '../agent/bird-adapter.js';
import { startKubeAgent } from '../agent/kube-agent.js';
import { createAgentMetrics } from '../agent/metrics.js';
import { openRtnetlinkPort } from '../netlink/rtnetlink-port.js';
import { parseListen } from './emulator.js';
import { UsageError } from './errors.js';
import { createLogger } from './log.js';
import { waitForShutdownSignal } from './shutdown-signal.js';
import { summaryOf } from './command-list.js';

interface AgentOptions {
  node?: string;
  kubeconfig?: string;
  context?: string;
  namespace: string;
  birdSocket?: string;
  birdConfig?: string;
  birdSpawn?: boolean;
  metricsListen?: string;
  leaseDuration: number;
  leaseRenew: number;
  bgpFastRetry?: boolean;
}

/** Adds the `agent` command. */
export function register(program: Command): void {
  program
    .command('agent')
    .summary(summaryOf('agent'))
    .description('Run the node agent: make this node\'s addresses match its NodeAnnouncement (and the shared ones while it holds them), drive BIRD, report the status, renew the heartbeat Lease')
    .option('--node <name>', 'this node\'s name (default: $NODE_NAME)')
    .option('--kubeconfig <file>', 'kubeconfig (default: in-cluster when KUBERNETES_SERVICE_HOST is set, else $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespace <ns>', 'namespace of the heartbeat Lease and of Secrets referenced without a namespace', 'gitlb-system')
    .option('--bird-socket <path>', 'control socket of a BIRD run by someone else (with --bird-config), or of the one --bird-spawn starts')
    .option('--bird-config <file>', 'BIRD config file the agent writes (with --bird-socket, or for --bird-spawn)')
    .option('--bird-spawn', 'start BIRD as a child process (config and socket default to /run/gitlb/bird.conf and /run/gitlb/bird.ctl)')
    .option('--metrics-listen <addr>', 'serve /metrics and /healthz on HOST:PORT, or :PORT for every address (off by default)')
    .addOption(new Option('--lease-duration <DURATION>', 'heartbeat Lease duration (whole seconds): how long after its last renewal the node counts as dead').argParser(leaseSeconds).default(10, '10s'))
    .addOption(new Option('--lease-renew <DURATION>', 'heartbeat renewal period (keep it well under --lease-duration)').argParser(durationMs).default(2000, '2s'))
    .option('--bgp-fast-retry', 'BIRD retries a failed BGP session after 1-5 s instead of its default 60-300 s (labs, tests)')
    .addHelpText('after', `
Examples:
  $ gitlb agent --node worker-1 --kubeconfig ~/.kube/config
  $ gitlb agent --node "$NODE_NAME" --bird-socket /run/bird/bird.ctl --bird-config /run/bird/bird.conf --metrics-listen :9472
  $ gitlb agent --node worker-1 --bird-spawn`)
    .action(async (opts: AgentOptions) => {
      const node = opts.node ?? process.env.NODE_NAME;
      if (!node) throw new UsageError('--node is required (or set NODE_NAME)');
      if (opts.leaseRenew >= opts.leaseDuration * 1000) throw new UsageError('--lease-renew must be shorter than --lease-duration');
      const birdPaths = birdPathsOf(opts);
      const kubeConfig = loadKubeConfig(opts);
      // ':9472' means every address here (Prometheus scrapes the node from outside), not loopback
      const listen = opts.metricsListen === undefined ? undefined
        : opts.metricsListen.startsWith(':') ? { host: '::', port: parseListen(`127.0.0.1${opts.metricsListen}`).port } : parseListen(opts.metricsListen);
      const log = createLogger('agent').child({ node });
      const metrics = createAgentMetrics();

      let bird: BirdAdapter | undefined;
      if (birdPaths) {
        await mkdir(path.dirname(birdPaths.configPath), { recursive: true });
        bird = createBirdAdapter({ ...birdPaths, spawn: opts.birdSpawn === true, log });
      }
      const port = openRtnetlinkPort({ log });
      const agent = await startKubeAgent({
        kubeConfig, node, namespace: opts.namespace, port, metrics, log, announcer: createArpingAnnouncer(), ...(bird ? { bird } : {}),
        leaseDurationSeconds: opts.leaseDuration, leaseIntervalMs: opts.leaseRenew,
        ...(opts.bgpFastRetry ? { bgpTimers: { connectRetryTime: 1, errorWaitTime: { min: 1, max: 5 } } } : {}),
      });

      let server: Server | undefined;
      if (listen) {
        server = createServer((req, res) => {
          if (req.url === '/metrics') {
            metrics.registry.metrics().then((text) => {
              res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
              res.end(text);
            }, (err: unknown) => {
              res.writeHead(500);
              res.end(String(err));
            });
          } else if (req.url === '/healthz') {
            res.writeHead(200, { 'Content-Type': 'text/plain' });
            res.end('ok\n');
          } else {
            res.writeHead(404);
            res.end();
          }
        });
        await new Promise<void>((resolve, reject) => {
          server?.once('error', reject);
          server?.listen(listen.port, listen.host, () => resolve());
        });
        const a = server.address();
        log.info({ op: 'listen', address: typeof a === 'object' && a ? `${a.address}:${a.port}` : String(a) }, 'serving /metrics and /healthz');
      }

      const { signal, done } = await waitForShutdownSignal(log);
      await agent.shutdown(signal);
      server?.close();
      port.close();
      log.info({ op: 'shutdown', reason: signal }, 'agent stopped');
      done();
      // Sockets of the client library (keep-alive agents) may linger: the agent is done.
      process.exit(0);
    });
}

function durationMs(v: string): number {
  const ms = parseDuration(v);
  if (ms === null || ms <= 0) throw new InvalidArgumentError('must be a duration such as 250ms or 2s');
  return ms;
}

/** Lease durations are whole seconds in the Lease object. */
function leaseSeconds(v: string): number {
  const ms = durationMs(v);
  if (ms % 1000 !== 0) throw new InvalidArgumentError('must be whole seconds, such as 1s or 10s');
  return ms / 1000;
}

function birdPathsOf(opts: AgentOptions): { configPath: string; socketPath: string } | undefined {
  if (opts.birdSpawn) {
    return { configPath: opts.birdConfig ?? '/run/gitlb/bird.conf', socketPath: opts.birdSocket ?? '/run/gitlb/bird.ctl' };
  }
  if (opts.birdSocket === undefined && opts.birdConfig === undefined) return undefined;
  if (opts.birdSocket === undefined || opts.birdConfig === undefined) throw new UsageError('--bird-socket and --bird-config go together (or use --bird-spawn)');
  return { configPath: opts.birdConfig, socketPath: opts.birdSocket };
}

function loadKubeConfig(opts: AgentOptions): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (err) {
    throw new UsageError(`cannot load the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new UsageError(`no context named ${opts.context} in the kubeconfig`);
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new UsageError('the kubeconfig has no current cluster');
  return kc;
}
