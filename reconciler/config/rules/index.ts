// Every semantic rule, in the order their diagnostics are most useful (syntax before meaning).
import { aggregationPrefixRule } from './aggregation-prefix.js';
import { asnRangeRule } from './asn-range.js';
import { bgpTimersRule } from './bgp-timers.js';
import { duplicateNameRule } from './duplicate-name.js';
import { durationSyntaxRule } from './duration-syntax.js';
import { groupPoolsRule } from './group-pools.js';
import { groupTypeRule } from './group-type.js';
import { neighborAddressRule } from './neighbor-address.js';
import { neighborDuplicateRule } from './neighbor-duplicate.js';
import { poolFamilyRule } from './pool-family.js';
import { poolInSubnetRule } from './pool-in-subnet.js';
import { poolOverlapRule } from './pool-overlap.js';
import { poolSyntaxRule } from './pool-syntax.js';
import { rangeOrderRule } from './range-order.js';
import { regexSyntaxRule } from './regex-syntax.js';
import { remoteInLocalSubnetRule } from './remote-in-local-subnet.js';
import type { Rule } from './rule.js';
import { routerIdRule } from './router-id.js';
import { singleInstanceRule } from './single-instance.js';
import { subnetSyntaxRule } from './subnet-syntax.js';

/** The semantic rules run after shape validation. */
export const RULES: readonly Rule[] = [
  groupTypeRule,
  groupPoolsRule,
  subnetSyntaxRule,
  poolSyntaxRule,
  rangeOrderRule,
  poolFamilyRule,
  poolInSubnetRule,
  aggregationPrefixRule,
  poolOverlapRule,
  remoteInLocalSubnetRule,
  duplicateNameRule,
  singleInstanceRule,
  asnRangeRule,
  routerIdRule,
  neighborAddressRule,
  neighborDuplicateRule,
  durationSyntaxRule,
  bgpTimersRule,
  regexSyntaxRule,
];
