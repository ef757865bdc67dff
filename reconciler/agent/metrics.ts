// The agent's Prometheus metrics, on a Registry the caller owns (never the global one, so
// several agents can live in one test process and a CLI can choose what it exposes).
import { Counter, Gauge, Registry } from 'prom-client';

/** The agent's metric handles. */
export interface AgentMetrics {
  registry: Registry;
  addressesHeld: Gauge<'kind'>;
  driftRepairs: Counter<string>;
  netlinkErrors: Counter<'op' | 'code'>;
  announcementsSent: Counter<'family'>;
  bgpSessionsUp: Gauge<string>;
  syncs: Counter<'outcome'>;
}

/** Creates the agent metrics on the given registry (a fresh one by default). */
export function createAgentMetrics(registry = new Registry()): AgentMetrics {
  return {
    registry,
    addressesHeld: new Gauge({ name: 'gitlb_agent_addresses_held', help: 'Addresses the node holds for gitlb, by kind (local, remote).', labelNames: ['kind'], registers: [registry] }),
    driftRepairs: new Counter({ name: 'gitlb_agent_drift_repairs_total', help: 'Addresses put back or removed outside a spec change.', registers: [registry] }),
    netlinkErrors: new Counter({ name: 'gitlb_agent_netlink_errors_total', help: 'rtnetlink requests the kernel rejected, by operation and errno name.', labelNames: ['op', 'code'], registers: [registry] }),
    announcementsSent: new Counter({ name: 'gitlb_agent_announcements_sent_total', help: 'Gratuitous ARP (ipv4) and unsolicited Neighbor Advertisement (ipv6) packets sent.', labelNames: ['family'], registers: [registry] }),
    bgpSessionsUp: new Gauge({ name: 'gitlb_agent_bgp_sessions_up', help: 'BGP sessions in state Established.', registers: [registry] }),
    syncs: new Counter({ name: 'gitlb_agent_syncs_total', help: 'Sync passes, by outcome.', labelNames: ['outcome'], registers: [registry] }),
  };
}
