// Connection reuse for client-node 1.4's typed APIs. The library builds a fresh http(s).Agent
// for every request (KubeConfig.createAgent), so every call pays a TCP (and TLS) handshake;
// apply makes thousands of small writes. This middleware swaps in one keep-alive agent with the
// same TLS settings. Proxy agents are left alone (their connection handling is their own).
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/** Request options carrying a middleware that reuses connections and gives each call a deadline (see makeKeepAliveClient); pass as the API call's second argument. */
export function keepAliveOptions(maxSockets = 32, timeoutMs = 30_000): k8s.ConfigurationOptions<k8s.ObservableMiddleware> {
  const prepare = reuseWithDeadline(maxSockets, timeoutMs);
  return {
    middleware: [
      {
        pre: (ctx: k8s.RequestContext) => new k8s.Observable(Promise.resolve(prepare(ctx))),
        post: (res: k8s.ResponseContext) => new k8s.Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** What `kc.makeApiClient(api)` builds, with every call reusing connections: for clients that
 *  call on a timer or per event (Lease renewals, status patches), where a handshake per call
 *  costs more than the call. Per-call options (headers) still apply: they append.
 *
 *  Every call also gets a deadline (`timeoutMs`, default 30 s): a reused connection whose peer
 *  vanished without a reset (host crash, a dropped conntrack entry) would hold a request for the
 *  kernel's ~15 minute TCP timeout, and a Lease renewal stuck that long keeps a stale leader
 *  leading or a live agent's heartbeat silent (kubernetes/client-go#374). */
export function makeKeepAliveClient<T>(kc: k8s.KubeConfig, api: new (config: k8s.Configuration) => T, opts: { timeoutMs?: number; maxSockets?: number } = {}): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const prepare = reuseWithDeadline(opts.maxSockets ?? 8, opts.timeoutMs ?? 30_000);
  return new api(
    k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [{ pre: async (ctx) => prepare(ctx), post: async (res) => res }],
    }),
  );
}

/** Gives a request its deadline (see makeKeepAliveClient) and swaps the library's fresh
 *  per-request agent for one shared keep-alive agent with the same TLS settings; a new one when
 *  those change (an exec credential plugin rotating client certificates). */
function reuseWithDeadline(maxSockets: number, timeoutMs: number): (ctx: k8s.RequestContext) => k8s.RequestContext {
  let shared: http.Agent | undefined;
  let tls: readonly unknown[] = [];
  return (ctx) => {
    if (!ctx.getSignal()) ctx.setSignal(AbortSignal.timeout(timeoutMs));
    const agent = ctx.getAgent();
    // Only the library's plain agents: proxy agents subclass them and must stay as built.
    if (agent && (agent.constructor === http.Agent || agent.constructor === https.Agent)) {
      const options = agent instanceof https.Agent ? (agent as https.Agent & { options: https.AgentOptions }).options : undefined;
      const now = [options?.cert, options?.key, options?.ca, options?.pfx, options?.passphrase];
      if (shared && now.some((v, i) => v !== tls[i])) {
        shared.destroy();
        shared = undefined;
      }
      tls = now;
      shared ??= options ? new https.Agent({ ...options, keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
      ctx.setAgent(shared);
    }
    return ctx;
  };
}
