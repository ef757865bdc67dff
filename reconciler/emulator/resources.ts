// The resource types the emulator serves: the core and well-known kinds gitlb uses, plus
// every gitlb.io/v1 kind found in schemas/ at start-up (the directory is read, not listed
// here, so a new schema is served without a code change).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GITLB_GROUP, GITLB_VERSION, gitlbKindInfo, kindOfSchema, type PrinterColumn } from '../kube/gitlb-kinds.js';
import { isJsonObject, type JsonObject } from './json.js';

/** One served resource type (a REST collection). */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Has a /status subresource: status changes only there, and the main resource ignores status. */
  statusSubresource: boolean;
  /** What create does with a status in the body ('drop' for Services and custom resources). */
  statusOnCreate: 'keep' | 'drop';
  /** metadata.generation is set on create and bumped when anything but metadata/status changes. */
  generation: boolean;
  /** DELETE answers with the deleted object (custom resources, Services) instead of a Success Status. */
  returnDeletedObject: boolean;
  shortNames: string[];
  categories: string[];
  /** Field selector paths beyond metadata.name and metadata.namespace. */
  fieldSelectors: string[];
  /** JSON Schema (draft 2020-12) the server validates objects against (gitlb kinds). */
  schema?: JsonObject;
  /** Printer columns for Table output (gitlb kinds; core kinds have built-in ones). */
  printerColumns?: PrinterColumn[];
}

/** `group/version`, or `version` for the core group. */
export function groupVersion(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The key a resource type is stored under: `group/plural`. */
export function resourceKey(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${r.group}/${r.plural}`;
}

function core(
  plural: string,
  kind: string,
  opts: Partial<ResourceType> & Pick<ResourceType, 'namespaced'>,
): ResourceType {
  return {
    group: '',
    version: 'v1',
    plural,
    singular: kind.toLowerCase(),
    kind,
    statusSubresource: false,
    statusOnCreate: 'keep',
    generation: false,
    returnDeletedObject: false,
    shortNames: [],
    categories: [],
    fieldSelectors: [],
    ...opts,
  };
}

/** The built-in (non-gitlb) resource types. */
export function builtinResources(): ResourceType[] {
  return [
    core('namespaces', 'Namespace', { namespaced: false, statusSubresource: true, shortNames: ['ns'], fieldSelectors: ['status.phase'] }),
    core('nodes', 'Node', { namespaced: false, statusSubresource: true, generation: true, shortNames: ['no'], fieldSelectors: ['spec.unschedulable'] }),
    // The real server answers a Service DELETE with the Service (client-node types it so).
    core('services', 'Service', {
      namespaced: true,
      returnDeletedObject: true,
      statusSubresource: true,
      statusOnCreate: 'drop',
      generation: true,
      shortNames: ['svc'],
      categories: ['all'],
      fieldSelectors: ['spec.clusterIP', 'spec.type'],
    }),
    core('events', 'Event', {
      namespaced: true,
      shortNames: ['ev'],
      fieldSelectors: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
        'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
        'reportingComponent', 'source', 'type'],
    }),
    core('secrets', 'Secret', { namespaced: true, fieldSelectors: ['type'] }),
    core('endpointslices', 'EndpointSlice', { group: 'discovery.k8s.io', namespaced: true, generation: true, fieldSelectors: ['addressType'] }),
    core('leases', 'Lease', { group: 'coordination.k8s.io', namespaced: true, generation: false }),
    // Stored and listed only: creating one does not register a new type (gitlb's are built in).
    core('customresourcedefinitions', 'CustomResourceDefinition', {
      group: 'apiextensions.k8s.io',
      namespaced: false,
      statusSubresource: true,
      generation: true,
      returnDeletedObject: true,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
    }),
  ];
}

/** The gitlb.io/v1 resource types, one per `*.schema.json` whose apiVersion is gitlb.io/v1. */
export function gitlbResources(schemasDir: string): ResourceType[] {
  const out: ResourceType[] = [];
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema: unknown = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8'));
    const kind = kindOfSchema(schema);
    if (!isJsonObject(schema) || kind === undefined) continue;
    const info = gitlbKindInfo(kind);
    const props = isJsonObject(schema.properties) ? schema.properties : {};
    out.push({
      group: GITLB_GROUP,
      version: GITLB_VERSION,
      plural: info.plural,
      singular: info.singular,
      kind,
      namespaced: false,
      statusSubresource: Object.hasOwn(props, 'status'),
      statusOnCreate: 'drop',
      generation: true,
      returnDeletedObject: true,
      shortNames: info.shortNames,
      categories: info.categories,
      fieldSelectors: [],
      schema,
      printerColumns: info.printerColumns,
    });
  }
  return out;
}
