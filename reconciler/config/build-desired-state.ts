// ConfigInput that passed every rule, to the DesiredState the planner consumes. Runs only on a
// valid input, so it resolves values without judging them; anything unparsable is dropped
// rather than thrown (a rule has already reported it).
import { parseDuration } from './duration.js';
import type { ConfigInput, GroupInput, PoolInput } from './input.js';
import { formatCidr, parseCidr, parsePool } from './ip.js';
import { DEFAULT_NODE_AGENT, type BgpModel, type DesiredState, type NodeAgentModel, type PoolModel, type ServiceGroupModel } from './model.js';

/** Builds the DesiredState of a valid input. */
export function buildDesiredState(input: ConfigInput, revision: string): DesiredState {
  const groups = input.groups.map(buildGroup).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const agent = input.nodeAgents[0];
  const nodeAgent: NodeAgentModel = agent
    ? {
        name: agent.name.value,
        localInterface: agent.localInterface.value,
        dummyInterface: agent.dummyInterface.value,
        garp: { enabled: agent.garp.enabled, count: agent.garp.count, intervalMs: agent.garp.interval ? (parseDuration(agent.garp.interval.value) ?? 0) : 0 },
        nodeSelector: agent.nodeSelector,
      }
    : structuredClone(DEFAULT_NODE_AGENT);
  const b = input.bgps[0];
  const seconds = (d: { value: string } | null): number | null => (d ? Math.round((parseDuration(d.value) ?? 0) / 1000) : null);
  const bgp: BgpModel | null = b
    ? {
        name: b.name.value,
        asn: b.asn.value,
        routerID: b.routerID?.value ?? null,
        neighbors: b.neighbors.map((n) => ({
          address: n.address.value.trim(),
          peerASN: n.peerASN.value,
          nodeSelector: n.nodeSelector,
          holdTime: seconds(n.holdTime),
          keepaliveTime: seconds(n.keepaliveTime),
          ebgpMultihop: n.ebgpMultihop,
          bfd: n.bfd ? { minRxMs: parseDuration(n.bfd.minRx.value) ?? 300, minTxMs: parseDuration(n.bfd.minTx.value) ?? 300, multiplier: n.bfd.multiplier } : null,
          passwordSecretRef: n.passwordSecretRef,
          loc: n.loc,
        })),
      }
    : null;
  return { revision, groups, nodeAgent, bgp };
}

function buildGroup(g: GroupInput): ServiceGroupModel {
  const pools = g.pools.map(buildPool).filter((p): p is PoolModel => p !== null);
  return {
    name: g.name.value,
    type: g.local ? 'local' : 'remote',
    v4pools: pools.filter((p) => p.family === 4),
    v6pools: pools.filter((p) => p.family === 6),
    balancePools: g.balancePools,
    avoidBuggyIPs: g.avoidBuggyIPs,
    skipIPv6DAD: g.skipIPv6DAD,
    namespaces: g.namespaces,
    loc: g.name.loc,
  };
}

function buildPool(p: PoolInput): PoolModel | null {
  const r = parsePool(p.pool.value);
  const c = parseCidr(p.subnet.value);
  if (!r || !c) return null;
  const agg = p.aggregation.value;
  return {
    family: r.family,
    pool: p.pool.value,
    first: r.first,
    last: r.last,
    subnet: formatCidr(c),
    subnetPrefix: c.prefix,
    aggregation: agg === 'default' || agg === '' ? c.prefix : Number(agg.slice(1)),
    loc: p.pool.loc,
  };
}
