// `gitlb import metallb`, the pure part: MetalLB manifests (texts) in, gitlb.io/v1 objects and
// located diagnostics out. Composes the per-kind converters, then checks that the result
// validates as gitlb config. With any error there are no objects: a half import is worse than none.
import type { Diagnostic } from '../../config/diagnostic.js';
import type { SourceFile } from '../../config/source-document.js';
import { compareDiagnostics } from '../../config/validate-sources.js';
import { checkImported } from '../check-imported.js';
import type { ImportedObject, ImportResult } from '../imported-object.js';
import { advertisementWarnings } from './advertisement-warnings.js';
import { convertPeers } from './convert-peers.js';
import { convertPool } from './convert-pool.js';
import { matchAdvertisements } from './match-advertisements.js';
import { readMetallbDocuments } from './read-metallb-documents.js';

/** Options of a MetalLB import. */
export interface ImportMetallbOptions {
  /** Node subnets (CIDRs): an L2 pool's subnet is the one that contains it. */
  nodeSubnets: readonly string[];
}

/** Converts MetalLB manifests to gitlb ServiceGroups and a BGPConfiguration. */
export function importMetallb(sources: readonly SourceFile[], opts: ImportMetallbOptions): ImportResult {
  const { documents: d, diagnostics } = readMetallbDocuments(sources);
  const diags: Diagnostic[] = [...diagnostics, ...advertisementWarnings(d.l2Advertisements, d.bgpAdvertisements)];
  const objects: ImportedObject[] = [];
  const seen = new Map<string, string>();
  for (const pool of d.pools) {
    const name = pool.value.metadata?.name ?? '';
    const where = `${pool.doc.file}:${pool.doc.at([]).line}`;
    const before = seen.get(name);
    if (before !== undefined) {
      diags.push({ severity: 'error', rule: 'duplicate-name', message: `IPAddressPool ${name} is defined twice (first at ${before})`, loc: pool.doc.at(['metadata', 'name']) });
      continue;
    }
    seen.set(name, where);
    const r = convertPool(pool, matchAdvertisements(pool.value, d.l2Advertisements, d.bgpAdvertisements), opts);
    diags.push(...r.diagnostics);
    if (r.object) objects.push(r.object);
  }
  const peers = convertPeers(d.peers, d.bfdProfiles);
  diags.push(...peers.diagnostics);
  if (peers.object) objects.push(peers.object);

  if (objects.length === 0 && !diags.some((x) => x.severity === 'error')) {
    diags.push({ severity: 'error', rule: 'nothing-to-import', message: 'no MetalLB IPAddressPool or BGPPeer in the input' });
  }
  if (!diags.some((x) => x.severity === 'error')) diags.push(...checkImported(objects));
  diags.sort(compareDiagnostics);
  return { objects: diags.some((x) => x.severity === 'error') ? [] : objects, diagnostics: diags };
}
