// AS numbers are 32-bit; 0, 23456 (AS_TRANS), 65535 and 4294967295 are reserved and never valid
// for a session (RFC 7607, RFC 6793, RFC 7300).
import type { Located } from '../input.js';
import { ruleError, type Rule } from './rule.js';

const RESERVED: Record<number, string> = { 0: 'reserved (RFC 7607)', 23456: 'AS_TRANS, reserved (RFC 6793)', 65535: 'reserved (RFC 7300)', 4294967295: 'reserved (RFC 7300)' };

function problem(asn: number): string | null {
  if (!Number.isInteger(asn) || asn < 0 || asn > 4294967295) return 'out of range (1-4294967294)';
  return RESERVED[asn] ?? null;
}

/** Every AS number (global and per neighbour) is a usable 32-bit ASN. */
export const asnRangeRule: Rule = {
  id: 'asn-range',
  check(input) {
    const all: Array<[string, Located<number>]> = input.bgps.flatMap((b) => [
      ['', b.asn] as [string, Located<number>],
      ...b.neighbors.map((n) => [` of neighbour ${n.address.value}`, n.peerASN] as [string, Located<number>]),
    ]);
    return all.flatMap(([what, asn]) => {
      const why = problem(asn.value);
      return why ? [ruleError(this.id, asn.loc, `AS number ${asn.value}${what} is ${why}: private ASNs are 64512-65534 and 4200000000-4294967294`)] : [];
    });
  },
};
