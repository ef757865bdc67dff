// Remote addresses are meant to be outside every node subnet (DESIGN.md §3). The only node
// subnets the config knows are those of local groups: a remote pool inside one would be both
// on the link and routed by BGP, which confuses routers and ARP alike.
import { familyBits, formatAddress, parseCidr, parsePool, prefixMask } from '../ip.js';
import { ruleWarning, type Rule } from './rule.js';

/** Warns when a remote pool lies inside the subnet of a local group. */
export const remoteInLocalSubnetRule: Rule = {
  id: 'remote-in-local-subnet',
  check(input) {
    // Local subnets by family/prefix/network, so each remote pool costs one lookup per prefix
    // length instead of a scan of every local subnet (1,000-group trees).
    const key = (family: number, prefix: number, network: bigint): string => `${family}/${prefix}/${network}`;
    const localSubnets = new Map<string, { group: string; text: string }>();
    for (const g of input.groups) {
      if (!g.local || g.remote) continue;
      for (const p of g.pools) {
        const c = parseCidr(p.subnet.value);
        if (c && !localSubnets.has(key(c.family, c.prefix, c.network))) localSubnets.set(key(c.family, c.prefix, c.network), { group: g.name.value, text: p.subnet.value });
      }
    }
    if (localSubnets.size === 0) return [];
    return input.groups
      .filter((g) => g.remote && !g.local)
      .flatMap((g) =>
        g.pools.flatMap((p) => {
          const r = parsePool(p.pool.value);
          if (!r) return [];
          for (let prefix = 0; prefix <= familyBits(r.family); prefix++) {
            const mask = prefixMask(r.family, prefix);
            if ((r.first & mask) !== (r.last & mask)) break;
            const hit = localSubnets.get(key(r.family, prefix, r.first & mask));
            if (hit !== undefined) {
              const cidr = `${formatAddress(r.family, r.first & mask)}/${prefix}`;
              return [ruleWarning(this.id, p.pool.loc, `remote pool ${p.pool.value} is inside ${cidr}, the node subnet of local group \`${hit.group}\`: remote addresses should be outside every node subnet`)];
            }
          }
          return [];
        }),
      );
  },
};
