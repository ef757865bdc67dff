// A DesiredState (the loader's normalized model) back to gitlb.io/v1 documents. The PureLB
// import goes through the model on purpose: the loader already maps every PureLB form (v1
// names, v2, gobgp BGP) with its warnings and errors, so the importer cannot disagree with it.
import type { BGPConfiguration, BGPNeighbor } from '../../config/generated/bgpconfiguration.generated.js';
import type { LBNodeAgent } from '../../config/generated/lbnodeagent.generated.js';
import type { AddressPool, ServiceGroup } from '../../config/generated/servicegroup.generated.js';
import { DEFAULT_NODE_AGENT, type DesiredState, type LabelSelectorModel, type PoolModel, type ServiceGroupModel } from '../../config/model.js';
import type { ImportedObject } from '../imported-object.js';

/** The gitlb documents that express a DesiredState; the LBNodeAgent only when it is not the default. */
export function desiredToObjects(desired: DesiredState): ImportedObject[] {
  const out: ImportedObject[] = desired.groups.map((g) => ({ document: groupDocument(g), comments: [`Imported from ${g.loc.file}:${g.loc.line}.`] }));
  if (JSON.stringify(desired.nodeAgent) !== JSON.stringify(DEFAULT_NODE_AGENT)) out.push({ document: nodeAgentDocument(desired), comments: [] });
  const bgp = bgpDocument(desired);
  if (bgp) out.push({ document: bgp, comments: desired.bgp && desired.bgp.neighbors.length > 0 ? [`Imported from ${desired.bgp.neighbors[0]!.loc.file}.`] : [] });
  return out;
}

function poolDocument(p: PoolModel): AddressPool {
  return { pool: p.pool, subnet: p.subnet, aggregation: p.aggregation === p.subnetPrefix ? 'default' : `/${p.aggregation}` };
}

function groupDocument(g: ServiceGroupModel): ServiceGroup {
  const body: { v4pools?: AddressPool[]; v6pools?: AddressPool[]; skipIPv6DAD?: boolean; balancePools?: boolean; avoidBuggyIPs?: boolean } = {};
  if (g.v4pools.length > 0) body.v4pools = g.v4pools.map(poolDocument);
  if (g.v6pools.length > 0) body.v6pools = g.v6pools.map(poolDocument);
  if (g.type === 'local' && g.skipIPv6DAD) body.skipIPv6DAD = true;
  if (g.balancePools) body.balancePools = true;
  if (g.avoidBuggyIPs) body.avoidBuggyIPs = true;
  const spec: ServiceGroup['spec'] = g.type === 'local' ? { local: body } : { remote: body };
  if (g.namespaces) spec.namespaces = [...g.namespaces];
  return { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name: g.name }, spec };
}

function selector(s: LabelSelectorModel): NonNullable<BGPNeighbor['nodeSelector']> {
  const out: NonNullable<BGPNeighbor['nodeSelector']> = {};
  if (Object.keys(s.matchLabels).length > 0) out.matchLabels = { ...s.matchLabels };
  if (s.matchExpressions.length > 0) out.matchExpressions = s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values.length > 0 ? { values: [...e.values] } : {}) }));
  return out;
}

function nodeAgentDocument(desired: DesiredState): LBNodeAgent {
  const a = desired.nodeAgent;
  return {
    apiVersion: 'gitlb.io/v1',
    kind: 'LBNodeAgent',
    metadata: { name: a.name },
    spec: {
      localInterface: a.localInterface,
      dummyInterface: a.dummyInterface,
      // Written in full: PureLB's GARP defaults differ from gitlb's, so nothing is left implicit.
      garpConfig: { enabled: a.garp.enabled, count: a.garp.count, interval: `${a.garp.intervalMs}ms` },
      ...(a.nodeSelector ? { nodeSelector: selector(a.nodeSelector) } : {}),
    },
  };
}

function bgpDocument(desired: DesiredState): BGPConfiguration | null {
  const b = desired.bgp;
  if (!b) return null;
  const neighbors = b.neighbors.map((n): BGPNeighbor => {
    const out: BGPNeighbor = { address: n.address, peerASN: n.peerASN };
    if (n.nodeSelector) out.nodeSelector = selector(n.nodeSelector);
    if (n.holdTime !== null) out.holdTime = `${n.holdTime}s`;
    if (n.keepaliveTime !== null) out.keepaliveTime = `${n.keepaliveTime}s`;
    if (n.bfd) out.bfd = { minRx: `${n.bfd.minRxMs}ms`, minTx: `${n.bfd.minTxMs}ms`, multiplier: n.bfd.multiplier };
    if (n.ebgpMultihop !== null) out.ebgpMultihop = n.ebgpMultihop;
    if (n.passwordSecretRef) {
      const r = n.passwordSecretRef;
      out.passwordSecretRef = { ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, key: r.key };
    }
    return out;
  });
  return { apiVersion: 'gitlb.io/v1', kind: 'BGPConfiguration', metadata: { name: b.name }, spec: { global: { asn: b.asn, ...(b.routerID ? { routerID: b.routerID } : {}) }, neighbors } };
}
