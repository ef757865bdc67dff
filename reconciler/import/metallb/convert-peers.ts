// MetalLB BGPPeers (and the BFDProfiles they name) to one gitlb BGPConfiguration: myASN becomes
// global.asn, each peer a neighbour. A plain-text password is reported and dropped, never
// copied: the output goes to Git. Settings gitlb lacks are warnings at the setting.
import type { Diagnostic } from '../../config/diagnostic.js';
import { parseDuration } from '../../config/duration.js';
import type { BGPConfiguration, BGPNeighbor, BFDProfile as GitlbBfd } from '../../config/generated/bgpconfiguration.generated.js';
import type { ImportedObject } from '../imported-object.js';
import type { BFDProfile, BGPPeer } from './metallb-types.js';
import { cannotImport, isSet, noEquivalent } from './no-equivalent.js';
import type { Located } from './read-metallb-documents.js';

/** Converts every peer into one BGPConfiguration named `default`; no object when there are no peers. */
export function convertPeers(peers: ReadonlyArray<Located<BGPPeer>>, profiles: ReadonlyArray<Located<BFDProfile>>): { object: ImportedObject | null; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const used = new Set<string>();
  for (const p of profiles) {
    const n = p.value.metadata?.name;
    if (n && peers.every((peer) => peer.value.spec?.bfdProfile !== n)) {
      diags.push(noEquivalent(p.doc, ['metadata', 'name'], `BFDProfile ${n} is used by no BGPPeer: skipped`));
    }
  }
  if (peers.length === 0) return { object: null, diagnostics: diags };

  const first = peers[0]!;
  const asn = first.value.spec?.myASN;
  if (typeof asn !== 'number') {
    return { object: null, diagnostics: [...diags, cannotImport(first.doc, ['spec'], 'BGPPeer has no spec.myASN: the nodes\' AS number is needed')] };
  }
  const neighbors: BGPNeighbor[] = [];
  const sources: string[] = [];
  for (const peer of peers) {
    const n = convertPeer(peer, asn, profiles, used, diags);
    if (n) {
      neighbors.push(n);
      sources.push(`${n.address}: BGPPeer ${peer.value.metadata?.name ?? '?'} (${peer.doc.file}:${peer.doc.at([]).line})`);
    }
  }
  const document: BGPConfiguration = { apiVersion: 'gitlb.io/v1', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { global: { asn }, neighbors } };
  const comments = ['Imported from MetalLB BGPPeers: global.asn is their myASN; each node uses its own IPv4 address as router ID.', ...sources];
  return { object: { document, comments }, diagnostics: diags };
}

function convertPeer(peer: Located<BGPPeer>, asn: number, profiles: ReadonlyArray<Located<BFDProfile>>, used: Set<string>, diags: Diagnostic[]): BGPNeighbor | null {
  const { value, doc } = peer;
  const s = value.spec ?? {};
  const name = value.metadata?.name ?? '?';
  let ok = true;
  const fail = (d: Diagnostic): void => {
    diags.push(d);
    ok = false;
  };
  if (s.myASN !== asn) fail(cannotImport(doc, ['spec', 'myASN'], `BGPPeer ${name} has myASN ${String(s.myASN)}, but gitlb uses one AS number for every session (${asn}, from the first BGPPeer)`));
  if (typeof s.peerAddress !== 'string' || s.peerAddress === '') {
    fail(isSet(s.interface)
      ? cannotImport(doc, ['spec', 'interface'], `BGPPeer ${name}: unnumbered peering (interface) is not supported by gitlb: give spec.peerAddress`)
      : cannotImport(doc, ['spec'], `BGPPeer ${name} has no spec.peerAddress`));
  }
  if (typeof s.peerASN !== 'number' || s.peerASN === 0) {
    fail(isSet(s.dynamicASN)
      ? cannotImport(doc, ['spec', 'dynamicASN'], `BGPPeer ${name}: dynamicASN is not supported by gitlb: give the router's spec.peerASN`)
      : cannotImport(doc, ['spec'], `BGPPeer ${name} has no spec.peerASN`));
  }
  const holdTime = seconds(peer, 'holdTime', fail);
  const keepaliveTime = seconds(peer, 'keepaliveTime', fail);

  // The value is never echoed: a password has no place in Git, nor in CI logs.
  if (isSet(s.password)) {
    diags.push({
      severity: 'warning',
      rule: 'plaintext-password',
      message: `BGPPeer ${name}: the plain-text password is dropped (it does not belong in Git); put it in a Secret (kubectl create secret generic ${name}-bgp --from-literal=password=...) and set passwordSecretRef on neighbour ${String(s.peerAddress)}`,
      loc: doc.at(['spec', 'password'], 'key'),
    });
  }
  const unsupported: Array<[keyof typeof s, string]> = [
    ['sourceAddress', 'gitlb peers from the node address the kernel picks'],
    ['connectTime', 'gitlb uses BIRD\'s connect retry time'],
    ['routerID', 'gitlb uses each node\'s IPv4 address (or one global.routerID) as router ID'],
    ['enableGracefulRestart', 'gitlb does not configure BGP graceful restart'],
    ['vrf', 'gitlb peers in the default VRF only'],
    ['disableMP', 'gitlb renders one session per neighbour address family'],
    ['dualStackAddressFamily', 'gitlb renders one session per neighbour address family'],
  ];
  for (const [key, why] of unsupported) if (isSet(s[key])) diags.push(noEquivalent(doc, ['spec', key], why));
  if (isSet(s.peerPort) && s.peerPort !== 179) diags.push(noEquivalent(doc, ['spec', 'peerPort'], `gitlb always dials port 179, not ${String(s.peerPort)}`));
  if (!ok) return null;

  const n: BGPNeighbor = { address: s.peerAddress!.trim(), peerASN: s.peerASN! };
  const selectors = s.nodeSelectors ?? [];
  if (selectors.length > 0) {
    n.nodeSelector = selectors[0]!;
    if (selectors.length > 1) diags.push(noEquivalent(doc, ['spec', 'nodeSelectors', 1], `gitlb takes one node selector per neighbour: only the first of ${selectors.length} is imported (MetalLB ORs them); merge them into one`));
  }
  if (holdTime !== null) n.holdTime = holdTime;
  if (keepaliveTime !== null) n.keepaliveTime = keepaliveTime;
  if (s.ebgpMultiHop === true) n.ebgpMultihop = 255; // FRR's ebgp-multihop without a TTL: 255.
  if (isSet(s.bfdProfile)) {
    const bfd = bfdOf(peer, profiles, used, diags);
    if (bfd) n.bfd = bfd;
  }
  if (s.passwordSecret?.name) {
    // MetalLB reads a kubernetes.io/basic-auth Secret's `password` key, in MetalLB's namespace.
    const ns = s.passwordSecret.namespace ?? value.metadata?.namespace;
    n.passwordSecretRef = { ...(ns ? { namespace: ns } : {}), name: s.passwordSecret.name, key: 'password' };
  }
  return n;
}

function seconds(peer: Located<BGPPeer>, key: 'holdTime' | 'keepaliveTime', fail: (d: Diagnostic) => void): string | null {
  const text = peer.value.spec?.[key];
  if (text === undefined) return null;
  const ms = typeof text === 'string' ? parseDuration(text) : null;
  if (ms === null || ms % 1000 !== 0) {
    fail({ severity: 'error', rule: 'invalid-value', message: `${key} ${JSON.stringify(text)} is not a duration in whole seconds`, loc: peer.doc.at(['spec', key]) });
    return null;
  }
  return `${ms / 1000}s`;
}

function bfdOf(peer: Located<BGPPeer>, profiles: ReadonlyArray<Located<BFDProfile>>, used: Set<string>, diags: Diagnostic[]): GitlbBfd | null {
  const name = peer.value.spec?.bfdProfile ?? '';
  const profile = profiles.find((p) => p.value.metadata?.name === name);
  if (!profile) {
    diags.push(cannotImport(peer.doc, ['spec', 'bfdProfile'], `BFDProfile ${JSON.stringify(name)} is not in the input: add the file that defines it`));
    return null;
  }
  const s = profile.value.spec ?? {};
  if (!used.has(name)) {
    used.add(name);
    if (isSet(s.echoMode)) diags.push(noEquivalent(profile.doc, ['spec', 'echoMode'], 'gitlb does not configure BFD echo mode'));
    if (isSet(s.echoInterval)) diags.push(noEquivalent(profile.doc, ['spec', 'echoInterval'], 'gitlb does not configure BFD echo mode'));
    if (isSet(s.passiveMode)) diags.push(noEquivalent(profile.doc, ['spec', 'passiveMode'], 'gitlb\'s BFD sessions are active'));
    if (isSet(s.minimumTtl)) diags.push(noEquivalent(profile.doc, ['spec', 'minimumTtl'], 'gitlb does not set a BFD minimum TTL'));
  }
  // MetalLB's defaults: 300 ms both ways, multiplier 3 (the same as gitlb's).
  return { minRx: `${s.receiveInterval ?? 300}ms`, minTx: `${s.transmitInterval ?? 300}ms`, multiplier: s.detectMultiplier ?? 3 };
}
