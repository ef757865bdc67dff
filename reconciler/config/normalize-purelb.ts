// PureLB documents (purelb.io/v1, purelb.io/v2, bgp.purelb.io/v1; already shape-checked) to
// ConfigInput entries with the same meaning as gitlb.io/v1. v1 names are mapped to v2's;
// settings gitlb does not have are warned about, settings that would change behaviour are errors.
import type { Diagnostic } from './diagnostic.js';
import type { PureLBBGPConfiguration } from './generated/purelb-bgpconfiguration.generated.js';
import type { PureLBGarpConfig, PureLBV1LBNodeAgent } from './generated/purelb-v1-lbnodeagent.generated.js';
import type { PureLBV1ServiceGroup } from './generated/purelb-v1-servicegroup.generated.js';
import type { PureLBV2LBNodeAgent } from './generated/purelb-v2-lbnodeagent.generated.js';
import type { PureLBV2ServiceGroup } from './generated/purelb-v2-servicegroup.generated.js';
import type { ConfigInput, NeighborInput, NodeAgentInput, PoolInput } from './input.js';
import type { ConfigForm } from './kinds.js';
import { toSelectorModel } from './label-selector.js';
import { collectPools } from './normalize-gitlb.js';
import type { DocPath, SourceDocument } from './source-document.js';

/** The annotation that marks a purelb.io/v1 ServiceGroup as remote (v1 has no remote form). */
export const POOL_TYPE_ANNOTATION = 'gitlb.io/pool-type';

/** Adds one PureLB document to the input; returns its errors and warnings. */
export function normalizePurelbDocument(doc: SourceDocument, form: ConfigForm, kind: string, input: ConfigInput): Diagnostic[] {
  const diags: Diagnostic[] = [];
  if (form === 'purelb-v1' && kind === 'ServiceGroup') groupV1(doc, doc.value as PureLBV1ServiceGroup, input, diags);
  else if (form === 'purelb-v2' && kind === 'ServiceGroup') groupV2(doc, doc.value as PureLBV2ServiceGroup, input, diags);
  else if (form === 'purelb-v1') nodeAgentV1(doc, doc.value as PureLBV1LBNodeAgent, input, diags);
  else if (form === 'purelb-v2') nodeAgentV2(doc, doc.value as PureLBV2LBNodeAgent, input, diags);
  else bgp(doc, doc.value as PureLBBGPConfiguration, input, diags);
  return diags;
}

function unsupported(doc: SourceDocument, path: DocPath, message: string): Diagnostic {
  return { severity: 'error', rule: 'unsupported-feature', message, loc: doc.at(path, 'key') };
}

function ignored(doc: SourceDocument, path: DocPath, message: string): Diagnostic {
  return { severity: 'warning', rule: 'ignored-field', message, loc: doc.at(path, 'key') };
}

function groupV1(doc: SourceDocument, v: PureLBV1ServiceGroup, input: ConfigInput, diags: Diagnostic[]): void {
  if (v.spec.netbox) diags.push(unsupported(doc, ['spec', 'netbox'], 'Netbox IPAM is not supported by gitlb: list the pools under spec.local'));
  // A netbox-only group has nothing gitlb could use; the error above says why, no rule should repeat it.
  if (v.spec.netbox && !v.spec.local) return;
  const poolType = v.metadata.annotations?.[POOL_TYPE_ANNOTATION];
  if (poolType !== undefined && poolType !== 'local' && poolType !== 'remote') {
    diags.push({
      severity: 'error',
      rule: 'invalid-value',
      message: `annotation ${POOL_TYPE_ANNOTATION} must be "local" or "remote", not ${JSON.stringify(poolType)}`,
      loc: doc.at(['metadata', 'annotations', POOL_TYPE_ANNOTATION]),
    });
  }
  const local = v.spec.local;
  const pools: PoolInput[] = [];
  if (local && (local.subnet || local.pool)) {
    // The legacy flat pool: one pool whose family is that of its subnet (checked by the rules).
    if (!local.subnet || !local.pool) {
      const missing = local.subnet ? 'pool' : 'subnet';
      diags.push({ severity: 'error', rule: 'missing-field', message: `missing required field \`${missing}\` in \`spec.local\` (the flat form needs both subnet and pool)`, loc: doc.at(['spec', 'local'], 'key') });
      // The group is left out: rules would only repeat that it has no usable pool.
      return;
    } else {
      pools.push({
        declared: null,
        pool: { value: local.pool, loc: doc.at(['spec', 'local', 'pool']) },
        subnet: { value: local.subnet, loc: doc.at(['spec', 'local', 'subnet']) },
        aggregation: local.aggregation ? { value: local.aggregation, loc: doc.at(['spec', 'local', 'aggregation']) } : { value: 'default', loc: doc.at(['spec', 'local', 'pool'], 'key') },
        loc: doc.at(['spec', 'local', 'pool'], 'key'),
      });
    }
  }
  if (local) pools.push(...collectPools(doc, ['spec', 'local'], local));
  const remote = poolType === 'remote';
  const localLoc = local ? doc.at(['spec', 'local'], 'key') : null;
  input.groups.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    apiVersion: 'purelb.io/v1',
    local: remote ? null : localLoc,
    remote: remote ? localLoc : null,
    specLoc: doc.at(['spec'], 'key'),
    pools,
    balancePools: false,
    avoidBuggyIPs: false,
    skipIPv6DAD: false,
    namespaces: null,
  });
}

function groupV2(doc: SourceDocument, v: PureLBV2ServiceGroup, input: ConfigInput, diags: Diagnostic[]): void {
  const s = v.spec;
  if (s.external) diags.push(unsupported(doc, ['spec', 'external'], 'external IPAM is not supported by gitlb: use spec.local or spec.remote with pools'));
  if (s.external && !s.local && !s.remote) return;
  if (s.enforceNamespaces) diags.push(ignored(doc, ['spec', 'enforceNamespaces'], 'enforceNamespaces is ignored by gitlb: spec.namespaces already limits which namespaces may use the group'));
  if (s.namespaceDefault) diags.push(ignored(doc, ['spec', 'namespaceDefault'], 'namespaceDefault is ignored by gitlb: unannotated Services use the group named `default`'));
  const which = s.local ? 'local' : 'remote';
  const body = s.local ?? s.remote ?? {};
  if (body.multiPool) diags.push(unsupported(doc, ['spec', which, 'multiPool'], 'multiPool (one address from every range) is not supported by gitlb'));
  input.groups.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    apiVersion: 'purelb.io/v2',
    local: s.local ? doc.at(['spec', 'local'], 'key') : null,
    remote: s.remote ? doc.at(['spec', 'remote'], 'key') : null,
    specLoc: doc.at(['spec'], 'key'),
    pools: collectPools(doc, ['spec', which], body),
    balancePools: body.balancePools ?? false,
    avoidBuggyIPs: false,
    skipIPv6DAD: s.local?.skipIPv6DAD ?? false,
    namespaces: s.namespaces && s.namespaces.length > 0 ? [...s.namespaces] : null,
  });
}

function garpFrom(doc: SourceDocument, base: DocPath, g: PureLBGarpConfig, diags: Diagnostic[]): NodeAgentInput['garp'] {
  if (g.initialDelay !== undefined) diags.push(ignored(doc, [...base, 'initialDelay'], 'garpConfig.initialDelay is ignored by gitlb: the agent sends as soon as the address is up'));
  // PureLB's defaults when garpConfig is given: enabled, 3 packets, 500ms apart.
  return {
    enabled: g.enabled ?? true,
    count: g.count ?? 3,
    interval: { value: g.interval ?? '500ms', loc: doc.at(g.interval !== undefined ? [...base, 'interval'] : base, g.interval !== undefined ? 'value' : 'key') },
  };
}

function nodeAgentV1(doc: SourceDocument, v: PureLBV1LBNodeAgent, input: ConfigInput, diags: Diagnostic[]): void {
  const l = v.spec?.local ?? {};
  const base = ['spec', 'local'];
  const fallback = doc.at(v.spec?.local ? base : ['kind'], 'key');
  if (l.addressConfig) diags.push(ignored(doc, [...base, 'addressConfig'], 'addressConfig is ignored by gitlb: addresses are permanent, local ones without a prefix route'));
  input.nodeAgents.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    kindLoc: doc.at(['kind']),
    localInterface: { value: l.localint || 'default', loc: l.localint ? doc.at([...base, 'localint']) : fallback },
    dummyInterface: { value: l.extlbint || 'kube-lb0', loc: l.extlbint ? doc.at([...base, 'extlbint']) : fallback },
    // garpConfig takes precedence over the older sendgarp, which defaults to false.
    garp: l.garpConfig ? garpFrom(doc, [...base, 'garpConfig'], l.garpConfig, diags) : { enabled: l.sendgarp ?? false, count: 1, interval: null },
    nodeSelector: null,
  });
}

function nodeAgentV2(doc: SourceDocument, v: PureLBV2LBNodeAgent, input: ConfigInput, diags: Diagnostic[]): void {
  const l = v.spec?.local ?? {};
  const base = ['spec', 'local'];
  const fallback = doc.at(v.spec?.local ? base : ['kind'], 'key');
  if (l.addressConfig) diags.push(ignored(doc, [...base, 'addressConfig'], 'addressConfig is ignored by gitlb: addresses are permanent, local ones without a prefix route'));
  if (l.interfaces) diags.push(ignored(doc, [...base, 'interfaces'], 'interfaces is ignored by gitlb: the agent reports every interface subnet'));
  if (l.addressGuard) diags.push(ignored(doc, [...base, 'addressGuard'], 'addressGuard is not implemented by gitlb'));
  input.nodeAgents.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    kindLoc: doc.at(['kind']),
    localInterface: { value: l.localInterface || 'default', loc: l.localInterface ? doc.at([...base, 'localInterface']) : fallback },
    dummyInterface: { value: l.dummyInterface || 'kube-lb0', loc: l.dummyInterface ? doc.at([...base, 'dummyInterface']) : fallback },
    // v2 has no sendgarp: without garpConfig PureLB v2 sends no GARP.
    garp: l.garpConfig ? garpFrom(doc, [...base, 'garpConfig'], l.garpConfig, diags) : { enabled: false, count: 1, interval: null },
    nodeSelector: toSelectorModel(v.spec?.nodeSelector),
  });
}

function bgp(doc: SourceDocument, v: PureLBBGPConfiguration, input: ConfigInput, diags: Diagnostic[]): void {
  const s = v.spec;
  for (const key of ['peerGroups', 'dynamicNeighbors', 'vrfs', 'policyDefinitions', 'definedSets', 'netlinkExport'] as const) {
    const val = s[key];
    if (val !== undefined && (!Array.isArray(val) || val.length > 0)) diags.push(ignored(doc, ['spec', key], `${key} is a gobgp setting that gitlb ignores (it renders BIRD, exporting only the managed prefixes)`));
  }
  const rid = s.global.routerID;
  // Empty or a ${NODE_IP} template: gitlb derives each node's router ID itself (null in the model).
  const literalRid = rid !== undefined && rid !== '' && !rid.includes('${');
  const neighbors: NeighborInput[] = [];
  (s.neighbors ?? []).forEach((n, i) => {
    const p = ['spec', 'neighbors', i] as const;
    const c = n.config;
    if (c.authPassword !== undefined) {
      // The value is never echoed: it is a secret that should not be in Git at all.
      diags.push({ severity: 'error', rule: 'plaintext-password', message: 'a plain-text BGP password does not belong in Git: store it in a Secret and use authPasswordSecretRef', loc: doc.at([...p, 'config', 'authPassword'], 'key') });
    }
    if (c.adminDown) diags.push(unsupported(doc, [...p, 'config', 'adminDown'], 'adminDown is not supported by gitlb: remove the neighbour instead'));
    if (c.neighborAddress === undefined || c.neighborAddress === '') {
      diags.push(
        c.neighborInterface !== undefined
          ? unsupported(doc, [...p, 'config', 'neighborInterface'], 'unnumbered peering (neighborInterface) is not supported by gitlb: give config.neighborAddress')
          : { severity: 'error', rule: 'missing-field', message: 'missing required field `neighborAddress` in `config`', loc: doc.at([...p, 'config'], 'key') },
      );
      return;
    }
    const t = n.timers?.config;
    const bfdOn = n.bfd !== undefined && n.bfd.enabled !== false;
    const bfdLoc = doc.at([...p, 'bfd'], 'key');
    neighbors.push({
      address: { value: c.neighborAddress, loc: doc.at([...p, 'config', 'neighborAddress']) },
      peerASN: { value: c.peerAsn, loc: doc.at([...p, 'config', 'peerAsn']) },
      nodeSelector: toSelectorModel(n.nodeSelector),
      // gobgp writes 0 for "not set".
      holdTime: t?.holdTime ? { value: `${t.holdTime}s`, loc: doc.at([...p, 'timers', 'config', 'holdTime']) } : null,
      keepaliveTime: t?.keepaliveInterval ? { value: `${t.keepaliveInterval}s`, loc: doc.at([...p, 'timers', 'config', 'keepaliveInterval']) } : null,
      ebgpMultihop: n.ebgpMultihop?.enabled ? (n.ebgpMultihop.multihopTtl ?? 255) : null,
      bfd: bfdOn
        ? {
            // k8gobgp timers are microseconds, default 1s.
            minRx: { value: `${n.bfd?.requiredMinimumReceive ?? 1_000_000}us`, loc: bfdLoc },
            minTx: { value: `${n.bfd?.desiredMinimumTxInterval ?? 1_000_000}us`, loc: bfdLoc },
            multiplier: n.bfd?.detectionMultiplier ?? 3,
          }
        : null,
      passwordSecretRef: c.authPasswordSecretRef
        ? { namespace: v.metadata.namespace ?? null, name: c.authPasswordSecretRef.name, key: c.authPasswordSecretRef.key ?? 'password' }
        : null,
      loc: doc.at(p),
    });
  });
  input.bgps.push({
    name: { value: v.metadata.name, loc: doc.at(['metadata', 'name']) },
    kindLoc: doc.at(['kind']),
    asn: { value: s.global.asn, loc: doc.at(['spec', 'global', 'asn']) },
    routerID: literalRid ? { value: rid, loc: doc.at(['spec', 'global', 'routerID']) } : null,
    neighbors,
  });
}
