// Durations are Go duration strings ('500ms', '1m30s'), as in PureLB and Kubernetes.
import { parseDuration } from '../duration.js';
import type { Located } from '../input.js';
import { ruleError, type Rule } from './rule.js';

/** Every duration (GARP interval, BGP timers, BFD intervals) parses. */
export const durationSyntaxRule: Rule = {
  id: 'duration-syntax',
  check(input) {
    const all: Array<[string, Located<string> | null]> = [
      ...input.nodeAgents.map((a) => ['garpConfig.interval', a.garp.interval] as [string, Located<string> | null]),
      ...input.bgps.flatMap((b) =>
        b.neighbors.flatMap((n) => [
          ['holdTime', n.holdTime] as [string, Located<string> | null],
          ['keepaliveTime', n.keepaliveTime] as [string, Located<string> | null],
          ['bfd.minRx', n.bfd?.minRx ?? null] as [string, Located<string> | null],
          ['bfd.minTx', n.bfd?.minTx ?? null] as [string, Located<string> | null],
        ]),
      ),
    ];
    return all.flatMap(([what, d]) =>
      d && parseDuration(d.value) === null
        ? [ruleError(this.id, d.loc, `${what} ${JSON.stringify(d.value)} is not a duration: write a number with a unit, e.g. 500ms, 3s, 1m30s`)]
        : [],
    );
  },
};
