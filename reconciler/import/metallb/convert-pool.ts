// One MetalLB IPAddressPool (with the advertisements that announce it) to one gitlb
// ServiceGroup named after the pool, so a Service's `metallb.universe.tf/address-pool: X`
// becomes `gitlb.io/service-group: X`. L2-announced pools are `local`, BGP-announced ones
// `remote` with aggregationLength as the aggregation.
import type { Diagnostic } from '../../config/diagnostic.js';
import type { AddressPool, ServiceGroup } from '../../config/generated/servicegroup.generated.js';
import { familyBits, parsePool } from '../../config/ip.js';
import type { ImportedObject } from '../imported-object.js';
import { derivePoolSubnet } from './derive-pool-subnet.js';
import type { PoolAdvertisements } from './match-advertisements.js';
import type { IPAddressPool } from './metallb-types.js';
import { cannotImport, isSet, noEquivalent } from './no-equivalent.js';
import type { Located } from './read-metallb-documents.js';

/** Options of the pool conversion. */
export interface ConvertPoolOptions {
  /** Node subnets (CIDRs) local pools belong to; without one a local subnet is guessed. */
  nodeSubnets: readonly string[];
}

/** Converts one pool; returns no object when the pool cannot be converted (the errors say why). */
export function convertPool(located: Located<IPAddressPool>, ads: PoolAdvertisements, opts: ConvertPoolOptions): { object: ImportedObject | null; diagnostics: Diagnostic[] } {
  const { value: pool, doc } = located;
  const diags: Diagnostic[] = [];
  const name = pool.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    return { object: null, diagnostics: [cannotImport(doc, ['metadata'], 'IPAddressPool has no metadata.name')] };
  }
  const addresses = pool.spec?.addresses;
  if (!Array.isArray(addresses) || addresses.length === 0) {
    return { object: null, diagnostics: [cannotImport(doc, ['spec', 'addresses'], `IPAddressPool ${name} has no spec.addresses`)] };
  }

  const type = poolType(located, ads, opts, diags);
  const bgpAd = ads.bgp[0];
  if (type === 'remote' && ads.bgp.length > 1) {
    const others = ads.bgp.slice(1).map((a) => a.value.metadata?.name ?? '?').join(', ');
    diags.push(noEquivalent(doc, ['metadata', 'name'], `pool ${name} is announced by several BGPAdvertisements; gitlb announces it once, with the aggregation of ${bgpAd?.value.metadata?.name ?? '?'} (not ${others})`));
  }
  const agg4 = type === 'remote' ? (bgpAd?.value.spec?.aggregationLength ?? 32) : undefined;
  const agg6 = type === 'remote' ? (bgpAd?.value.spec?.aggregationLengthV6 ?? 128) : undefined;

  const comments = [`Imported from MetalLB IPAddressPool ${name} (${doc.file}:${doc.at([]).line}).`];
  const v4pools: AddressPool[] = [];
  const v6pools: AddressPool[] = [];
  addresses.forEach((text, i) => {
    const r = typeof text === 'string' ? parsePool(text) : null;
    if (!r) {
      diags.push({ severity: 'error', rule: 'invalid-value', message: `${JSON.stringify(text)} is not a CIDR or an a-b address range`, loc: doc.at(['spec', 'addresses', i]) });
      return;
    }
    const agg = r.family === 4 ? agg4 : agg6;
    const derived = derivePoolSubnet(r, type === 'local' ? opts.nodeSubnets : [], agg);
    const entry: AddressPool = { pool: String(text).trim(), subnet: derived.subnet };
    if (type === 'remote') {
      entry.aggregation = agg === derived.prefix ? 'default' : `/${agg}`;
      comments.push(`${entry.pool}: subnet ${derived.subnet} is ${derived.source === 'aggregation' ? `the /${agg} of aggregationLength` : 'the smallest CIDR covering the pool'}; aggregation from ${bgpAd ? `BGPAdvertisement ${bgpAd.value.metadata?.name ?? '?'}` : "MetalLB's default"}.`);
    } else if (derived.source === 'node-subnet') {
      entry.aggregation = 'default';
      comments.push(`${entry.pool}: subnet ${derived.subnet} is the node subnet given with --node-subnet.`);
    } else {
      // A guessed subnet must not become the prefix on the node's interface: /32 or /128 adds no route.
      entry.aggregation = `/${familyBits(r.family)}`;
      comments.push(`${entry.pool}: subnet ${derived.subnet} is a guess (the smallest CIDR covering the pool): replace it with the node subnet.`);
      diags.push({
        severity: 'warning',
        rule: 'guessed-subnet',
        message: `L2 pool ${entry.pool} of ${name} is in no --node-subnet: its subnet is guessed as ${derived.subnet}, whose network${r.family === 4 ? ' and broadcast' : ''} address${r.family === 4 ? 'es' : ''} gitlb never hands out on a local group; rerun with --node-subnet CIDR (the node network)`,
        loc: doc.at(['spec', 'addresses', i]),
      });
    }
    (r.family === 4 ? v4pools : v6pools).push(entry);
  });
  if (v4pools.length + v6pools.length === 0) return { object: null, diagnostics: diags };

  const body: { v4pools?: AddressPool[]; v6pools?: AddressPool[]; avoidBuggyIPs?: boolean } = {};
  if (v4pools.length > 0) body.v4pools = v4pools;
  if (v6pools.length > 0) body.v6pools = v6pools;
  if (pool.spec?.avoidBuggyIPs === true) body.avoidBuggyIPs = true;
  const spec: ServiceGroup['spec'] = type === 'local' ? { local: body } : { remote: body };

  const alloc = pool.spec?.serviceAllocation;
  if (alloc?.namespaces && alloc.namespaces.length > 0) spec.namespaces = [...alloc.namespaces];
  if (isSet(alloc?.namespaceSelectors)) diags.push(noEquivalent(doc, ['spec', 'serviceAllocation', 'namespaceSelectors'], 'gitlb limits a group by namespace names only: list the namespaces in spec.namespaces of the ServiceGroup'));
  if (isSet(alloc?.serviceSelectors)) diags.push(noEquivalent(doc, ['spec', 'serviceAllocation', 'serviceSelectors'], 'gitlb has no Service selectors: the Services must name the group with gitlb.io/service-group'));
  if (isSet(alloc?.priority)) diags.push(noEquivalent(doc, ['spec', 'serviceAllocation', 'priority'], 'gitlb has no pool priority: a Service uses the group it names (or `default`)'));

  const autoAssign = pool.spec?.autoAssign !== false;
  if (autoAssign && name !== 'default') {
    comments.push(`MetalLB could pick this pool for any Service (autoAssign); in gitlb only Services annotated gitlb.io/service-group: ${name} use it.`);
  }
  if (!autoAssign && name === 'default') {
    diags.push(noEquivalent(doc, ['spec', 'autoAssign'], 'the gitlb group named `default` serves every Service without a gitlb.io/service-group annotation: rename the pool to keep it opt-in'));
  }
  return { object: { document: { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', metadata: { name }, spec }, comments }, diagnostics: diags };
}

function poolType(located: Located<IPAddressPool>, ads: PoolAdvertisements, opts: ConvertPoolOptions, diags: Diagnostic[]): 'local' | 'remote' {
  const { value: pool, doc } = located;
  const name = pool.metadata?.name ?? '?';
  if (ads.l2.length > 0 && ads.bgp.length === 0) return 'local';
  if (ads.bgp.length > 0 && ads.l2.length === 0) return 'remote';
  // Both or neither: gitlb groups are one or the other; inside a node subnet means local.
  const inNodeSubnet = (pool.spec?.addresses ?? []).some((a) => {
    const r = typeof a === 'string' ? parsePool(a) : null;
    return r !== null && derivePoolSubnet(r, opts.nodeSubnets).source === 'node-subnet';
  });
  const type = inNodeSubnet ? 'local' : 'remote';
  const why = inNodeSubnet ? 'it is inside a --node-subnet' : 'it is in no --node-subnet';
  diags.push(
    noEquivalent(
      doc,
      ['metadata', 'name'],
      ads.l2.length > 0
        ? `pool ${name} is announced by both L2 and BGP; a gitlb group is local or remote: imported as ${type} (${why})`
        : `pool ${name} is announced by no L2Advertisement or BGPAdvertisement (MetalLB allocates from it but announces nothing): imported as ${type} (${why})`,
    ),
  );
  return type;
}
