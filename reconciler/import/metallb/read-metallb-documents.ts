// Sorts the documents of MetalLB manifests by kind, keeping each with its located source, and
// reports every document the importer will not convert (so nothing is dropped silently). A
// Secret is skipped without looking inside: its data is a password and never printed. The
// legacy ConfigMap (data.config) is read into the same CR shapes.
import type { Diagnostic } from '../../config/diagnostic.js';
import { parseSourceFile, type SourceDocument, type SourceFile } from '../../config/source-document.js';
import { readLegacyConfigMap } from './legacy-configmap.js';
import type { BFDProfile, BGPAdvertisement, BGPPeer, IPAddressPool, L2Advertisement } from './metallb-types.js';

/** A MetalLB object with the document it came from (for file:line:col). */
export interface Located<T> {
  value: T;
  doc: SourceDocument;
}

/** The MetalLB config of a set of files, by kind, in file and document order. */
export interface MetallbDocuments {
  pools: Array<Located<IPAddressPool>>;
  l2Advertisements: Array<Located<L2Advertisement>>;
  bgpAdvertisements: Array<Located<BGPAdvertisement>>;
  peers: Array<Located<BGPPeer>>;
  bfdProfiles: Array<Located<BFDProfile>>;
}

// MetalLB kinds that are runtime status, not config: skipped without a word.
const STATUS_KINDS = new Set(['ServiceL2Status', 'ServiceBGPStatus', 'ConfigurationState', 'BGPSessionState']);

/** Parses the files and groups MetalLB config documents by kind; other documents become diagnostics. */
export function readMetallbDocuments(sources: readonly SourceFile[]): { documents: MetallbDocuments; diagnostics: Diagnostic[] } {
  const documents: MetallbDocuments = { pools: [], l2Advertisements: [], bgpAdvertisements: [], peers: [], bfdProfiles: [] };
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const parsed = parseSourceFile(source);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      // `kubectl get ... -o yaml` prints a v1 List: its items are the objects.
      for (const item of listItems(doc)) classify(item, source.text, documents, diagnostics);
    }
  }
  return { documents, diagnostics };
}

function listItems(doc: SourceDocument): SourceDocument[] {
  const v = doc.value as { kind?: unknown; items?: unknown };
  if (v === null || typeof v !== 'object' || v.kind !== 'List' || !Array.isArray(v.items)) return [doc];
  return v.items.map((item: unknown, i) => ({ ...doc, value: item, at: (p, t) => doc.at(['items', i, ...p], t) }));
}

function classify(doc: SourceDocument, text: string, out: MetallbDocuments, diags: Diagnostic[]): void {
  const v = doc.value as { apiVersion?: unknown; kind?: unknown; data?: unknown } | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    diags.push({ severity: 'error', rule: 'not-a-mapping', message: 'a manifest document must be a map with apiVersion and kind', loc: doc.at([]) });
    return;
  }
  const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : '';
  const kind = typeof v.kind === 'string' ? v.kind : '';
  const group = apiVersion.split('/')[0];
  if (group === 'metallb.io') {
    switch (kind) {
      case 'IPAddressPool':
        out.pools.push({ value: v as IPAddressPool, doc });
        return;
      case 'L2Advertisement':
        out.l2Advertisements.push({ value: v as L2Advertisement, doc });
        return;
      case 'BGPAdvertisement':
        out.bgpAdvertisements.push({ value: v as BGPAdvertisement, doc });
        return;
      case 'BGPPeer':
        out.peers.push({ value: v as BGPPeer, doc });
        return;
      case 'BFDProfile':
        out.bfdProfiles.push({ value: v as BFDProfile, doc });
        return;
      case 'Community':
        diags.push({ severity: 'warning', rule: 'no-equivalent', message: 'Community aliases have no gitlb equivalent: gitlb advertises its prefixes without BGP communities (set them on the router instead)', loc: doc.at(['kind']) });
        return;
      case 'AddressPool':
        diags.push({ severity: 'error', rule: 'unsupported-kind', message: 'the deprecated metallb.io AddressPool is not imported: convert it to IPAddressPool + L2Advertisement/BGPAdvertisement first (MetalLB 0.13 does this on upgrade)', loc: doc.at(['kind']) });
        return;
      default:
        if (STATUS_KINDS.has(kind)) return;
        diags.push({ severity: 'warning', rule: 'no-equivalent', message: `metallb.io ${kind || 'document without kind'} has no gitlb equivalent: skipped`, loc: doc.at(kind ? ['kind'] : []) });
        return;
    }
  }
  if (kind === 'ConfigMap' && isLegacyConfig(v.data)) {
    readLegacyConfigMap(doc, text, out, diags);
    return;
  }
  // Secrets are expected beside BGPPeers (passwordSecret): skipped, and their data never read.
  const what = kind ? `${kind}${apiVersion ? ` (${apiVersion})` : ''}` : 'document without kind';
  diags.push({ severity: 'warning', rule: 'skipped-document', message: `${what} is not a MetalLB config kind: skipped`, loc: doc.at(kind ? ['kind'] : []) });
}

function isLegacyConfig(data: unknown): boolean {
  return data !== null && typeof data === 'object' && typeof (data as { config?: unknown }).config === 'string';
}
