// ConfigInput: the config after shape validation and PureLB mapping, but before semantic rules.
// Values are still as written (strings), each with where it was written, so a rule can point at
// the exact key or value whatever form (gitlb or PureLB) it came from.
import type { Family, LabelSelectorModel, SourceLocation } from './model.js';

/** A value and the place it was written (or, for a default, the place it belongs to). */
export interface Located<T> {
  value: T;
  loc: SourceLocation;
}

/** One pool as written. */
export interface PoolInput {
  /** The family the pool was declared as (v4pools/v6pools), or null for PureLB v1's flat pool. */
  declared: Family | null;
  pool: Located<string>;
  subnet: Located<string>;
  /** 'default' or '/N'. */
  aggregation: Located<string>;
  loc: SourceLocation;
}

/** One ServiceGroup as written. */
export interface GroupInput {
  name: Located<string>;
  apiVersion: string;
  /** Where `local` / `remote` were written, when they were. */
  local: SourceLocation | null;
  remote: SourceLocation | null;
  /** Where `spec` is, for "neither local nor remote". */
  specLoc: SourceLocation;
  pools: PoolInput[];
  balancePools: boolean;
  avoidBuggyIPs: boolean;
  skipIPv6DAD: boolean;
  namespaces: string[] | null;
}

/** One LBNodeAgent as written. */
export interface NodeAgentInput {
  name: Located<string>;
  kindLoc: SourceLocation;
  localInterface: Located<string>;
  dummyInterface: Located<string>;
  garp: { enabled: boolean; count: number; interval: Located<string> | null };
  nodeSelector: LabelSelectorModel | null;
}

/** One BGP neighbour as written; durations as Go duration strings. */
export interface NeighborInput {
  address: Located<string>;
  peerASN: Located<number>;
  nodeSelector: LabelSelectorModel | null;
  holdTime: Located<string> | null;
  keepaliveTime: Located<string> | null;
  ebgpMultihop: number | null;
  bfd: { minRx: Located<string>; minTx: Located<string>; multiplier: number } | null;
  passwordSecretRef: { namespace: string | null; name: string; key: string } | null;
  loc: SourceLocation;
}

/** One BGPConfiguration as written. */
export interface BgpInput {
  name: Located<string>;
  kindLoc: SourceLocation;
  asn: Located<number>;
  routerID: Located<string> | null;
  neighbors: NeighborInput[];
}

/** Every config document of the tree, in file and document order. */
export interface ConfigInput {
  groups: GroupInput[];
  nodeAgents: NodeAgentInput[];
  bgps: BgpInput[];
}
