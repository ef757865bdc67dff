// Connection reuse for client-node 1.4's typed APIs. The library builds a fresh http(s).Agent
// for every request (KubeConfig.createAgent), so every call pays a TCP (and TLS) handshake;
// apply makes thousands of small writes. This middleware swaps in one keep-alive agent with the
// same TLS settings. Proxy agents are left alone (their connection handling is their own).
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/** Request options carrying a middleware that reuses connections; pass as the API call's second argument. */
export function keepAliveOptions(maxSockets = 32): k8s.ConfigurationOptions<k8s.ObservableMiddleware> {
  let shared: http.Agent | undefined;
  return {
    middleware: [
      {
        pre: (ctx: k8s.RequestContext) => {
          const agent = ctx.getAgent();
          // Only the library's plain agents: proxy agents subclass them and must stay as built.
          if (agent && (agent.constructor === http.Agent || agent.constructor === https.Agent)) {
            shared ??= agent instanceof https.Agent
              ? new https.Agent({ ...(agent as https.Agent & { options: https.AgentOptions }).options, keepAlive: true, maxSockets })
              : new http.Agent({ keepAlive: true, maxSockets });
            ctx.setAgent(shared);
          }
          return new k8s.Observable(Promise.resolve(ctx));
        },
        post: (res: k8s.ResponseContext) => new k8s.Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
