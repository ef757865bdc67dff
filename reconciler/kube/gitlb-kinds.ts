// Naming and display facts of gitlb's kinds that a JSON Schema does not carry: plural,
// short names, printer columns. Shared by the CRD generator and the emulator so that
// `kubectl get nodeannouncements` prints the same columns against both.

/** A printer column as a CRD's additionalPrinterColumns declares it. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  /** 0 = shown always, 1 = only with -o wide. */
  priority?: number;
}

/** What gitlb knows about one of its kinds besides the schema. */
export interface GitlbKindInfo {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  printerColumns: PrinterColumn[];
}

/** The API group of every gitlb kind. */
export const GITLB_GROUP = 'gitlb.io';
/** The served and stored version. */
export const GITLB_VERSION = 'v1';

const age: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since the object was created.',
};
const ready: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  description: 'The kstatus Ready condition.',
};

// key: kind -> display facts; kinds not listed get derived names and an Age column.
const known: Record<string, Omit<GitlbKindInfo, 'kind' | 'plural' | 'singular' | 'categories'>> = {
  ServiceGroup: { shortNames: ['sg'], printerColumns: [age] },
  LBNodeAgent: { shortNames: ['lbna'], printerColumns: [age] },
  BGPConfiguration: {
    shortNames: ['bgpconf'],
    printerColumns: [{ name: 'ASN', type: 'integer', jsonPath: '.spec.global.asn', description: 'Local AS number.' }, age],
  },
  NodeAnnouncement: {
    shortNames: ['na'],
    printerColumns: [
      { name: 'Revision', type: 'string', jsonPath: '.spec.revision', description: 'Config revision the spec was planned from.' },
      { name: 'Shared', type: 'boolean', jsonPath: '.spec.holdsShared', description: 'Whether the node holds the shared sets.' },
      ready,
      age,
    ],
  },
  SharedAnnouncement: {
    shortNames: [],
    printerColumns: [
      { name: 'Block', type: 'string', jsonPath: '.spec.block', description: 'The address block of this shard.' },
      { name: 'Revision', type: 'string', jsonPath: '.spec.revision', description: 'Config revision the shard was planned from.' },
      age,
    ],
  },
  ReconcilerStatus: {
    shortNames: [],
    printerColumns: [
      { name: 'Source', type: 'string', jsonPath: '.spec.source', description: 'Where the config is read from.' },
      { name: 'Seen', type: 'string', jsonPath: '.status.revisionSeen', description: 'Newest revision seen.' },
      { name: 'Applied', type: 'string', jsonPath: '.status.revisionApplied', description: 'Revision in force.' },
      ready,
      age,
    ],
  },
};

/** The display facts of a gitlb kind (derived for kinds this table does not know yet). */
export function gitlbKindInfo(kind: string): GitlbKindInfo {
  const facts = known[kind] ?? { shortNames: [], printerColumns: [age] };
  const singular = kind.toLowerCase();
  return { kind, plural: pluralOf(singular), singular, categories: ['gitlb'], ...facts };
}

/** English plural of a lower-case kind, as Kubernetes resource names form it. */
export function pluralOf(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/**
 * The kind a schema describes, when it is a gitlb.io/v1 kind: `properties.kind.const` (or
 * its single enum value) of a schema whose apiVersion admits gitlb.io/v1. Undefined for
 * other schemas (the PureLB forms, the plan).
 */
export function kindOfSchema(schema: unknown): string | undefined {
  const props = field(schema, 'properties');
  const versions = constOrEnum(field(props, 'apiVersion'));
  if (!versions.includes(`${GITLB_GROUP}/${GITLB_VERSION}`)) return undefined;
  const kinds = constOrEnum(field(props, 'kind'));
  return kinds.length === 1 ? kinds[0] : undefined;
}

function field(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
}

function constOrEnum(s: unknown): string[] {
  const c = field(s, 'const');
  if (typeof c === 'string') return [c];
  const e = field(s, 'enum');
  return Array.isArray(e) ? e.filter((v): v is string => typeof v === 'string') : [];
}
