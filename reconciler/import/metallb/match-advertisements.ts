// Which advertisements announce which pool, with MetalLB's rules: an advertisement that names
// no pool and no pool selector announces every pool; otherwise a pool is announced when it is
// named or when one of the selectors matches its labels.
import { toSelectorModel } from '../../config/label-selector.js';
import { matchesSelector } from '../../planner/label-selector.js';
import type { BGPAdvertisement, IPAddressPool, L2Advertisement } from './metallb-types.js';
import type { Located } from './read-metallb-documents.js';

/** The advertisements of one pool. */
export interface PoolAdvertisements {
  l2: Array<Located<L2Advertisement>>;
  bgp: Array<Located<BGPAdvertisement>>;
}

/** Whether an advertisement (L2 or BGP) announces the pool. */
export function advertisesPool(ad: L2Advertisement | BGPAdvertisement, pool: IPAddressPool): boolean {
  const names = ad.spec?.ipAddressPools ?? [];
  const selectors = ad.spec?.ipAddressPoolSelectors ?? [];
  if (names.length === 0 && selectors.length === 0) return true;
  const name = pool.metadata?.name;
  if (name !== undefined && names.includes(name)) return true;
  const labels = pool.metadata?.labels ?? {};
  return selectors.some((s) => matchesSelector(toSelectorModel(s), labels));
}

/** The L2 and BGP advertisements that announce the pool, in input order. */
export function matchAdvertisements(pool: IPAddressPool, l2: ReadonlyArray<Located<L2Advertisement>>, bgp: ReadonlyArray<Located<BGPAdvertisement>>): PoolAdvertisements {
  return {
    l2: l2.filter((a) => advertisesPool(a.value, pool)),
    bgp: bgp.filter((a) => advertisesPool(a.value, pool)),
  };
}
