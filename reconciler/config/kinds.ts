// The config kinds gitlb reads: gitlb.io/v1 and the PureLB forms, each with its schema file.

/** Which family of documents a kind belongs to; decides how it is normalized. */
export type ConfigForm = 'gitlb' | 'purelb-v1' | 'purelb-v2' | 'purelb-bgp';

/** A config kind gitlb reads. */
export interface ConfigKind {
  apiVersion: string;
  kind: 'ServiceGroup' | 'LBNodeAgent' | 'BGPConfiguration';
  form: ConfigForm;
  /** File name under schemas/. */
  schema: string;
}

/** Every config kind, in the order of DESIGN.md §3. */
export const CONFIG_KINDS: readonly ConfigKind[] = [
  { apiVersion: 'gitlb.io/v1', kind: 'ServiceGroup', form: 'gitlb', schema: 'servicegroup.schema.json' },
  { apiVersion: 'gitlb.io/v1', kind: 'LBNodeAgent', form: 'gitlb', schema: 'lbnodeagent.schema.json' },
  { apiVersion: 'gitlb.io/v1', kind: 'BGPConfiguration', form: 'gitlb', schema: 'bgpconfiguration.schema.json' },
  { apiVersion: 'purelb.io/v1', kind: 'ServiceGroup', form: 'purelb-v1', schema: 'purelb-v1-servicegroup.schema.json' },
  { apiVersion: 'purelb.io/v1', kind: 'LBNodeAgent', form: 'purelb-v1', schema: 'purelb-v1-lbnodeagent.schema.json' },
  { apiVersion: 'purelb.io/v2', kind: 'ServiceGroup', form: 'purelb-v2', schema: 'purelb-v2-servicegroup.schema.json' },
  { apiVersion: 'purelb.io/v2', kind: 'LBNodeAgent', form: 'purelb-v2', schema: 'purelb-v2-lbnodeagent.schema.json' },
  { apiVersion: 'bgp.purelb.io/v1', kind: 'BGPConfiguration', form: 'purelb-bgp', schema: 'purelb-bgpconfiguration.schema.json' },
];

/** API groups whose documents must be config kinds we know (a typo there is an error, not a skip). */
export const OWN_GROUPS: readonly string[] = ['gitlb.io', 'purelb.io', 'bgp.purelb.io'];

/** Kinds of our groups that are not config and are skipped like foreign kinds (runtime objects). */
export const RUNTIME_KINDS: readonly string[] = ['NodeAnnouncement', 'SharedAnnouncement', 'ReconcilerStatus', 'LBNode', 'BGPNodeStatus'];

/** The config kind of an apiVersion and kind, if gitlb reads it. */
export function findConfigKind(apiVersion: string, kind: string): ConfigKind | undefined {
  return CONFIG_KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind);
}
