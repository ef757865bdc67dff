// The settings of L2 and BGP advertisements gitlb has no place for. Reported once per
// advertisement (not once per pool it announces), each at the setting itself.
import type { Diagnostic } from '../../config/diagnostic.js';
import type { BGPAdvertisement, L2Advertisement } from './metallb-types.js';
import { isSet, noEquivalent } from './no-equivalent.js';
import type { Located } from './read-metallb-documents.js';

/** Warnings for the advertisement settings the import cannot carry over. */
export function advertisementWarnings(l2: ReadonlyArray<Located<L2Advertisement>>, bgp: ReadonlyArray<Located<BGPAdvertisement>>): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const { value, doc } of l2) {
    if (isSet(value.spec?.nodeSelectors)) diags.push(noEquivalent(doc, ['spec', 'nodeSelectors'], 'gitlb has no per-group node selector: limit the announcing nodes with LBNodeAgent spec.nodeSelector (for every group)'));
    if (isSet(value.spec?.interfaces)) diags.push(noEquivalent(doc, ['spec', 'interfaces'], 'gitlb announces local addresses on one interface per node: set LBNodeAgent spec.localInterface (a regex) instead'));
  }
  for (const { value, doc } of bgp) {
    if (isSet(value.spec?.communities)) diags.push(noEquivalent(doc, ['spec', 'communities'], 'gitlb advertises without BGP communities: tag the routes on the router instead'));
    if (isSet(value.spec?.localPref)) diags.push(noEquivalent(doc, ['spec', 'localPref'], 'gitlb sets no LOCAL_PREF: set it in the router\'s import policy'));
    if (isSet(value.spec?.peers)) diags.push(noEquivalent(doc, ['spec', 'peers'], 'gitlb advertises every remote group to every neighbour of a node'));
    if (isSet(value.spec?.nodeSelectors)) diags.push(noEquivalent(doc, ['spec', 'nodeSelectors'], 'gitlb has no per-group node selector: use the neighbours\' nodeSelector or LBNodeAgent spec.nodeSelector'));
  }
  return diags;
}
