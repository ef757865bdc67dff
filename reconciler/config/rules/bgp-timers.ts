// BGP timers are whole seconds on the wire; the hold time is 0 (no keepalives) or at least 3 s
// (RFC 4271 §4.2), and keepalives must come faster than the hold time expires.
import { parseDuration } from '../duration.js';
import { ruleError, type Rule } from './rule.js';

/** holdTime is 0s or 3s-65535s in whole seconds; keepaliveTime is whole seconds below holdTime. */
export const bgpTimersRule: Rule = {
  id: 'bgp-timers',
  check(input) {
    return input.bgps.flatMap((b) =>
      b.neighbors.flatMap((n) => {
        const out = [];
        const hold = n.holdTime ? parseDuration(n.holdTime.value) : null;
        const keep = n.keepaliveTime ? parseDuration(n.keepaliveTime.value) : null;
        if (n.holdTime && hold !== null && (hold % 1000 !== 0 || (hold !== 0 && hold < 3000) || hold > 65_535_000)) {
          out.push(ruleError(this.id, n.holdTime.loc, `holdTime ${n.holdTime.value} must be 0s or whole seconds from 3s to 65535s`));
        }
        if (n.keepaliveTime && keep !== null && (keep % 1000 !== 0 || keep < 1000)) {
          out.push(ruleError(this.id, n.keepaliveTime.loc, `keepaliveTime ${n.keepaliveTime.value} must be whole seconds, at least 1s`));
        } else if (n.keepaliveTime && keep !== null && hold !== null && hold !== 0 && keep >= hold) {
          out.push(ruleError(this.id, n.keepaliveTime.loc, `keepaliveTime ${n.keepaliveTime.value} must be shorter than holdTime ${n.holdTime?.value} (usually a third of it)`));
        }
        return out;
      }),
    );
  },
};
