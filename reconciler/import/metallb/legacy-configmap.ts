// MetalLB's legacy config (before 0.13): a ConfigMap whose `config` key holds YAML with
// address-pools, peers, bfd-profiles and bgp-communities. Converted to the CR shapes the rest
// of the importer reads, each with `at()` mapped back into the ConfigMap, so every diagnostic
// still points at the right line and column of the file the user gave.
import type { Diagnostic } from '../../config/diagnostic.js';
import type { SourceLocation } from '../../config/model.js';
import { parseSourceFile, type DocPath, type SourceDocument } from '../../config/source-document.js';
import type { BFDProfile, BGPAdvertisement, BGPPeer, IPAddressPool, L2Advertisement, MetallbLabelSelector } from './metallb-types.js';
import type { Located, MetallbDocuments } from './read-metallb-documents.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// CR field → legacy key, for the fields whose legacy name is not the plain kebab-case form.
const LEGACY_KEYS: Record<string, string> = {
  peerASN: 'peer-asn',
  myASN: 'my-asn',
  routerID: 'router-id',
  ebgpMultiHop: 'ebgp-multihop',
  localPref: 'localpref',
  avoidBuggyIPs: 'avoid-buggy-ips',
  aggregationLengthV6: 'aggregation-length-v6',
};
function legacyKey(crKey: string): string {
  return LEGACY_KEYS[crKey] ?? crKey.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Maps a CR path (['spec', 'holdTime']) to the legacy path under `base` (['peers', 0, 'hold-time']). */
function legacyPath(base: DocPath, crPath: DocPath): DocPath {
  const rest = crPath[0] === 'spec' || crPath[0] === 'metadata' ? crPath.slice(1) : crPath;
  let inData = false;
  return [
    ...base,
    ...rest.map((seg) => {
      if (typeof seg !== 'string' || inData) return seg;
      if (seg === 'matchLabels') inData = true; // what follows are label keys, kept as written
      return legacyKey(seg);
    }),
  ];
}

function located<T>(value: T, inner: SourceDocument, base: DocPath): Located<T> {
  return { value, doc: { ...inner, value, at: (p, t) => inner.at(legacyPath(base, p), t) } };
}

function selectors(v: unknown): MetallbLabelSelector[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObject).map((s) => ({
    ...(isObject(s['match-labels']) ? { matchLabels: s['match-labels'] as Record<string, string> } : {}),
    ...(Array.isArray(s['match-expressions']) ? { matchExpressions: s['match-expressions'] as MetallbLabelSelector['matchExpressions'] } : {}),
  }));
}

/** Where the block scalar's content starts in the file, to shift inner positions; null when it is not a block scalar. */
function contentOrigin(text: string, header: SourceLocation): { line: number; indent: number } | null {
  const lines = text.split('\n');
  const headerLine = lines[header.line - 1] ?? '';
  if (!/^[|>]/.test(headerLine.slice(header.col - 1))) return null;
  for (let i = header.line; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '') continue;
    return { line: header.line, indent: l.length - l.trimStart().length };
  }
  return null;
}

/** Converts a legacy ConfigMap document into the CR-shaped documents; adds them to `out`. */
export function readLegacyConfigMap(doc: SourceDocument, fileText: string, out: MetallbDocuments, diags: Diagnostic[]): void {
  const config = (doc.value as { data: { config: string } }).data.config;
  const header = doc.at(['data', 'config']);
  const origin = contentOrigin(fileText, header);
  const parsed = parseSourceFile({ file: doc.file, text: config });
  const shift = (l: SourceLocation): SourceLocation => (origin ? { file: l.file, line: origin.line + l.line, col: origin.indent + l.col } : header);
  diags.push(...parsed.diagnostics.map((d) => ({ ...d, ...(d.loc ? { loc: shift(d.loc) } : {}) })));
  const first = parsed.documents[0];
  if (parsed.diagnostics.length > 0) return;
  if (!first || !isObject(first.value)) {
    diags.push({ severity: 'error', rule: 'invalid-value', message: 'data.config is not a MetalLB config (a map with address-pools, peers, ...)', loc: header });
    return;
  }
  const inner: SourceDocument = { ...first, at: (p, t) => shift(first.at(p, t)) };
  const c = first.value;

  (Array.isArray(c['address-pools']) ? c['address-pools'] : []).forEach((p: unknown, i) => {
    if (!isObject(p)) return;
    const base = ['address-pools', i];
    const name = typeof p.name === 'string' ? p.name : undefined;
    const pool: IPAddressPool = {
      metadata: { name },
      spec: {
        addresses: p.addresses as string[],
        ...(p['auto-assign'] !== undefined ? { autoAssign: p['auto-assign'] as boolean } : {}),
        ...(p['avoid-buggy-ips'] !== undefined ? { avoidBuggyIPs: p['avoid-buggy-ips'] as boolean } : {}),
      },
    };
    out.pools.push(located(pool, inner, base));
    if (p.protocol === 'layer2') {
      const ad: L2Advertisement = { metadata: { name: `${name ?? '?'}-l2` }, spec: { ipAddressPools: name ? [name] : [] } };
      out.l2Advertisements.push(located(ad, inner, base));
    } else if (p.protocol === 'bgp') {
      // No bgp-advertisements: MetalLB announces the pool once, with the defaults (/32, /128).
      const ads = Array.isArray(p['bgp-advertisements']) && p['bgp-advertisements'].length > 0 ? (p['bgp-advertisements'] as unknown[]) : [{}];
      ads.forEach((a: unknown, j) => {
        const x = isObject(a) ? a : {};
        const ad: BGPAdvertisement = {
          metadata: { name: `${name ?? '?'}-bgp-${j}` },
          spec: {
            ipAddressPools: name ? [name] : [],
            ...(x['aggregation-length'] !== undefined ? { aggregationLength: x['aggregation-length'] as number } : {}),
            ...(x['aggregation-length-v6'] !== undefined ? { aggregationLengthV6: x['aggregation-length-v6'] as number } : {}),
            ...(x.localpref !== undefined ? { localPref: x.localpref as number } : {}),
            ...(x.communities !== undefined ? { communities: x.communities as string[] } : {}),
            ...(x['node-selectors'] !== undefined ? { nodeSelectors: selectors(x['node-selectors']) } : {}),
          },
        };
        out.bgpAdvertisements.push(located(ad, inner, Array.isArray(p['bgp-advertisements']) ? [...base, 'bgp-advertisements', j] : base));
      });
    } else {
      diags.push({ severity: 'error', rule: 'invalid-value', message: `address pool ${name ?? '?'}: protocol must be layer2 or bgp, not ${JSON.stringify(p.protocol)}`, loc: inner.at([...base, 'protocol']) });
    }
  });

  (Array.isArray(c.peers) ? c.peers : []).forEach((p: unknown, i) => {
    if (!isObject(p)) return;
    const spec: NonNullable<BGPPeer['spec']> = {};
    const fields: Array<[keyof typeof spec, string]> = [
      ['myASN', 'my-asn'], ['peerASN', 'peer-asn'], ['peerAddress', 'peer-address'], ['peerPort', 'peer-port'], ['holdTime', 'hold-time'],
      ['keepaliveTime', 'keepalive-time'], ['routerID', 'router-id'], ['sourceAddress', 'source-address'], ['password', 'password'],
      ['bfdProfile', 'bfd-profile'], ['ebgpMultiHop', 'ebgp-multihop'], ['vrf', 'vrf'],
    ];
    for (const [cr, legacy] of fields) if (p[legacy] !== undefined) (spec as Json)[cr] = p[legacy];
    const sel = selectors(p['node-selectors']);
    if (sel) spec.nodeSelectors = sel;
    out.peers.push(located({ metadata: { name: `peer-${i}` }, spec }, inner, ['peers', i]));
  });

  (Array.isArray(c['bfd-profiles']) ? c['bfd-profiles'] : []).forEach((p: unknown, i) => {
    if (!isObject(p)) return;
    const spec: NonNullable<BFDProfile['spec']> = {};
    const fields: Array<[keyof typeof spec, string]> = [
      ['receiveInterval', 'receive-interval'], ['transmitInterval', 'transmit-interval'], ['detectMultiplier', 'detect-multiplier'],
      ['echoInterval', 'echo-interval'], ['echoMode', 'echo-mode'], ['passiveMode', 'passive-mode'], ['minimumTtl', 'minimum-ttl'],
    ];
    for (const [cr, legacy] of fields) if (p[legacy] !== undefined) (spec as Json)[cr] = p[legacy];
    out.bfdProfiles.push(located({ metadata: { name: typeof p.name === 'string' ? p.name : undefined }, spec }, inner, ['bfd-profiles', i]));
  });

  if (c['bgp-communities'] !== undefined) {
    diags.push({ severity: 'warning', rule: 'no-equivalent', message: 'bgp-communities: gitlb advertises its prefixes without BGP communities (set them on the router instead)', loc: inner.at(['bgp-communities'], 'key') });
  }
}
