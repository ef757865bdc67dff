// gitlb.io/v1 documents (already shape-checked) to ConfigInput entries.
import type { BGPConfiguration } from './generated/bgpconfiguration.generated.js';
import type { LBNodeAgent } from './generated/lbnodeagent.generated.js';
import type { AddressPool, ServiceGroup } from './generated/servicegroup.generated.js';
import type { ConfigInput, PoolInput } from './input.js';
import { toSelectorModel } from './label-selector.js';
import type { Family } from './model.js';
import type { DocPath, SourceDocument } from './source-document.js';

/** Adds one gitlb.io/v1 document of the given kind to the input. */
export function normalizeGitlbDocument(doc: SourceDocument, kind: string, input: ConfigInput): void {
  if (kind === 'ServiceGroup') normalizeGroup(doc, doc.value as ServiceGroup, input);
  else if (kind === 'LBNodeAgent') normalizeNodeAgent(doc, doc.value as LBNodeAgent, input);
  else normalizeBgp(doc, doc.value as BGPConfiguration, input);
}

/** The pools of a gitlb or PureLB v2 local/remote block, single pools first, in the order listed. */
export function collectPools(
  doc: SourceDocument,
  base: DocPath,
  body: { v4pool?: AddressPool; v6pool?: AddressPool; v4pools?: AddressPool[]; v6pools?: AddressPool[] },
): PoolInput[] {
  const out: PoolInput[] = [];
  const add = (p: AddressPool, path: DocPath, declared: Family): void => {
    out.push({
      declared,
      pool: { value: p.pool, loc: doc.at([...path, 'pool']) },
      subnet: { value: p.subnet, loc: doc.at([...path, 'subnet']) },
      // PureLB allows an empty aggregation, meaning default.
      aggregation: p.aggregation ? { value: p.aggregation, loc: doc.at([...path, 'aggregation']) } : { value: 'default', loc: doc.at(path) },
      loc: doc.at(path),
    });
  };
  if (body.v4pool) add(body.v4pool, [...base, 'v4pool'], 4);
  body.v4pools?.forEach((p, i) => add(p, [...base, 'v4pools', i], 4));
  if (body.v6pool) add(body.v6pool, [...base, 'v6pool'], 6);
  body.v6pools?.forEach((p, i) => add(p, [...base, 'v6pools', i], 6));
  return out;
}

function normalizeGroup(doc: SourceDocument, v: ServiceGroup, input: ConfigInput): void {
  const which = v.spec.local ? 'local' : 'remote';
  const body = v.spec.local ?? v.spec.remote ?? {};
  input.groups.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    apiVersion: 'gitlb.io/v1',
    local: v.spec.local ? doc.at(['spec', 'local'], 'key') : null,
    remote: v.spec.remote ? doc.at(['spec', 'remote'], 'key') : null,
    specLoc: doc.at(['spec'], 'key'),
    pools: collectPools(doc, ['spec', which], body),
    balancePools: body.balancePools ?? false,
    avoidBuggyIPs: body.avoidBuggyIPs ?? false,
    skipIPv6DAD: v.spec.local?.skipIPv6DAD ?? false,
    // Empty means every namespace, as in PureLB: a group nobody may use is never the intent.
    namespaces: v.spec.namespaces && v.spec.namespaces.length > 0 ? [...v.spec.namespaces] : null,
  });
}

function normalizeNodeAgent(doc: SourceDocument, v: LBNodeAgent, input: ConfigInput): void {
  const spec = v.spec ?? {};
  const specLoc = doc.at(v.spec ? ['spec'] : ['kind'], 'key');
  const garp = spec.garpConfig;
  input.nodeAgents.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    kindLoc: doc.at(['kind']),
    localInterface: { value: spec.localInterface ?? 'default', loc: spec.localInterface ? doc.at(['spec', 'localInterface']) : specLoc },
    dummyInterface: { value: spec.dummyInterface ?? 'kube-lb0', loc: spec.dummyInterface ? doc.at(['spec', 'dummyInterface']) : specLoc },
    garp: {
      enabled: garp?.enabled ?? true,
      count: garp?.count ?? 1,
      interval: garp?.interval !== undefined ? { value: garp.interval, loc: doc.at(['spec', 'garpConfig', 'interval']) } : null,
    },
    nodeSelector: toSelectorModel(spec.nodeSelector),
  });
}

function normalizeBgp(doc: SourceDocument, v: BGPConfiguration, input: ConfigInput): void {
  const g = v.spec.global;
  input.bgps.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    kindLoc: doc.at(['kind']),
    asn: { value: g.asn, loc: doc.at(['spec', 'global', 'asn']) },
    routerID: g.routerID !== undefined ? { value: g.routerID, loc: doc.at(['spec', 'global', 'routerID']) } : null,
    neighbors: (v.spec.neighbors ?? []).map((n, i) => {
      const p = ['spec', 'neighbors', i] as const;
      const bfdLoc = doc.at([...p, 'bfd'], 'key');
      return {
        address: { value: n.address, loc: doc.at([...p, 'address']) },
        peerASN: { value: n.peerASN, loc: doc.at([...p, 'peerASN']) },
        nodeSelector: toSelectorModel(n.nodeSelector),
        holdTime: n.holdTime !== undefined ? { value: n.holdTime, loc: doc.at([...p, 'holdTime']) } : null,
        keepaliveTime: n.keepaliveTime !== undefined ? { value: n.keepaliveTime, loc: doc.at([...p, 'keepaliveTime']) } : null,
        ebgpMultihop: n.ebgpMultihop ?? null,
        bfd: n.bfd
          ? {
              minRx: n.bfd.minRx !== undefined ? { value: n.bfd.minRx, loc: doc.at([...p, 'bfd', 'minRx']) } : { value: '300ms', loc: bfdLoc },
              minTx: n.bfd.minTx !== undefined ? { value: n.bfd.minTx, loc: doc.at([...p, 'bfd', 'minTx']) } : { value: '300ms', loc: bfdLoc },
              multiplier: n.bfd.multiplier ?? 3,
            }
          : null,
        passwordSecretRef: n.passwordSecretRef
          ? { namespace: n.passwordSecretRef.namespace ?? null, name: n.passwordSecretRef.name, key: n.passwordSecretRef.key }
          : null,
        loc: doc.at(p),
      };
    }),
  });
}
