// Builders for planner tests (changesets' FakeFullState idea): literal DesiredState and
// ObservedState values with sensible defaults, so each test states only what it is about.
import { DEFAULT_NODE_AGENT, type BgpModel, type DesiredState, type NodeAgentModel, type PoolModel, type ServiceGroupModel } from '../config/model.js';
import type { AgentReport, ObservedNode, ObservedService, ObservedState } from '../cluster/observed.js';
import type { NodeAnnouncement } from '../config/generated/nodeannouncement.generated.js';
import type { SharedAnnouncement } from '../config/generated/sharedannouncement.generated.js';
import { formatCidr, lastOf, parseAddr, parseCidr } from './ip-math.js';
import { compareText } from './ip-math.js';

const LOC = { file: 'test.yaml', line: 1, col: 1 };

/** A pool: `pool` is a CIDR or an `a-b` range inside `subnet`; aggregation defaults to the subnet's prefix. */
export function pool(poolText: string, subnet: string, aggregation?: number): PoolModel {
  const sub = parseCidr(subnet);
  if (!sub) throw new Error(`bad subnet ${subnet}`);
  let first: bigint;
  let last: bigint;
  if (poolText.includes('/')) {
    const c = parseCidr(poolText)!;
    first = c.network;
    last = lastOf(c);
  } else {
    const [a, b] = poolText.split('-').map((s) => parseAddr(s)!);
    first = a!.value;
    last = b!.value;
  }
  return { family: sub.family, pool: poolText, first, last, subnet: formatCidr(sub), subnetPrefix: sub.prefix, aggregation: aggregation ?? sub.prefix, loc: LOC };
}

/** A ServiceGroup with the given pools (families sorted into v4pools/v6pools in order). */
export function group(name: string, type: 'local' | 'remote', pools: PoolModel[], opts: Partial<Omit<ServiceGroupModel, 'name' | 'type'>> = {}): ServiceGroupModel {
  return {
    name,
    type,
    v4pools: pools.filter((p) => p.family === 4),
    v6pools: pools.filter((p) => p.family === 6),
    balancePools: false,
    avoidBuggyIPs: false,
    skipIPv6DAD: false,
    namespaces: null,
    loc: LOC,
    ...opts,
  };
}

/** A DesiredState; groups are sorted by name like the loader does. */
export function desired(groups: ServiceGroupModel[], opts: { bgp?: BgpModel | null; nodeAgent?: NodeAgentModel; revision?: string } = {}): DesiredState {
  return {
    revision: opts.revision ?? 'rev1',
    groups: [...groups].sort((a, b) => compareText(a.name, b.name)),
    nodeAgent: opts.nodeAgent ?? DEFAULT_NODE_AGENT,
    bgp: opts.bgp ?? null,
  };
}

/** The example world's config: local 192.168.10.240-250 in 192.168.10.0/24 (`default`), remote 10.200.0.0/24 (`remote`). */
export function basicDesired(opts: { bgp?: BgpModel | null } = {}): DesiredState {
  return desired(
    [group('default', 'local', [pool('192.168.10.240-192.168.10.250', '192.168.10.0/24')]), group('remote', 'remote', [pool('10.200.0.0/24', '10.200.0.0/24', 32)])],
    opts,
  );
}

/** A Service (type LoadBalancer unless told otherwise); `key` is namespace/name. */
export function service(key: string, opts: Partial<ObservedService> & { annotations?: Record<string, string> } = {}): ObservedService {
  const [namespace, name] = key.split('/') as [string, string];
  return {
    namespace,
    name,
    uid: null,
    resourceVersion: null,
    creationTimestamp: '2026-01-01T00:00:00Z',
    type: 'LoadBalancer',
    loadBalancerClass: null,
    externalTrafficPolicy: 'Cluster',
    ipFamilies: [4],
    ipFamilyPolicy: 'SingleStack',
    ports: [{ port: 80, protocol: 'TCP' }],
    loadBalancerIP: null,
    annotations: {},
    ingress: [],
    ...opts,
  };
}

/** A Service gitlb already allocated: ingress plus the allocated-from annotation. */
export function allocatedService(key: string, ingress: string[], groupName = 'default', opts: Partial<ObservedService> = {}): ObservedService {
  return service(key, { ...opts, ingress, annotations: { 'gitlb.io/allocated-by': 'gitlb', 'gitlb.io/allocated-from': groupName, ...(opts.annotations ?? {}) } });
}

/** An agent report with a local interface holding the given address/prefix texts. */
export function report(localAddresses: string[], opts: { iface?: string; dummy?: string[]; ready?: AgentReport['ready']; observedGeneration?: number | null } = {}): AgentReport {
  return {
    interfaces: [
      { name: opts.iface ?? 'eth0', role: 'local', default: true, addresses: localAddresses },
      { name: 'kube-lb0', role: 'dummy', default: false, addresses: opts.dummy ?? [] },
    ],
    sessions: [],
    ready: opts.ready ?? 'True',
    observedGeneration: opts.observedGeneration ?? null,
  };
}

/** A Ready node with one InternalIP; `agent` defaults to a report of that IP as /24 on eth0 (null: waiting for the agent). */
export function node(name: string, ip: string, opts: Partial<ObservedNode> = {}): ObservedNode {
  return { name, labels: { 'kubernetes.io/hostname': name }, ready: true, internalIPs: [ip], agent: report([`${ip}/24`]), leaseFresh: null, ...opts };
}

/** The three example nodes node-a/b/c at 192.168.10.11-13. */
export function basicNodes(): ObservedNode[] {
  return [node('node-a', '192.168.10.11'), node('node-b', '192.168.10.12'), node('node-c', '192.168.10.13')];
}

/** An ObservedState, sorted like the state-file reader sorts it. */
export function observed(parts: Partial<ObservedState> = {}): ObservedState {
  return {
    services: [...(parts.services ?? [])].sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name)),
    readyEndpointNodes: parts.readyEndpointNodes ?? {},
    nodes: [...(parts.nodes ?? [])].sort((a, b) => compareText(a.name, b.name)),
    nodeAnnouncements: [...(parts.nodeAnnouncements ?? [])].sort((a, b) => compareText(a.metadata.name, b.metadata.name)),
    sharedAnnouncements: [...(parts.sharedAnnouncements ?? [])].sort((a, b) => compareText(a.metadata.name, b.metadata.name)),
  };
}

/** A NodeAnnouncement object with the given spec. */
export function nodeAnnouncement(name: string, spec: NodeAnnouncement['spec'], generation?: number): NodeAnnouncement {
  return { apiVersion: 'gitlb.io/v1', kind: 'NodeAnnouncement', metadata: generation === undefined ? { name } : { name, generation }, spec };
}

/** A SharedAnnouncement object with the given spec. */
export function sharedAnnouncement(name: string, spec: SharedAnnouncement['spec']): SharedAnnouncement {
  return { apiVersion: 'gitlb.io/v1', kind: 'SharedAnnouncement', metadata: { name }, spec };
}
