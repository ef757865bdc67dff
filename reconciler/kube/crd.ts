// CustomResourceDefinitions of gitlb's kinds, rendered from their JSON Schemas (the single
// source of truth) through the structural-schema conversion. Pure: scripts/generate-crds.ts
// writes them to charts/gitlb/crds/, the emulator serves the same schemas as its OpenAPI.
import { GITLB_GROUP, GITLB_VERSION, gitlbKindInfo, kindOfSchema } from './gitlb-kinds.js';
import { convertSchema, type SchemaObject } from './structural-schema.js';

/** A rendered CRD and what its schema could not say. */
export interface RenderedCrd {
  kind: string;
  /** The CRD object (apiextensions.k8s.io/v1). */
  crd: SchemaObject;
  /** JSON Schema keywords the structural schema dropped (gitlb still checks them itself). */
  dropped: string[];
}

/** Renders the CRD of one schema file, or undefined when the schema is not a gitlb.io/v1 kind. */
export function renderCrd(schema: SchemaObject, documents: Map<string, SchemaObject>): RenderedCrd | undefined {
  const kind = kindOfSchema(schema);
  if (kind === undefined) return undefined;
  const info = gitlbKindInfo(kind);
  const { schema: openAPIV3Schema, dropped } = convertSchema(schema, documents, 'crd');
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const hasStatus = Object.hasOwn(props, 'status');
  const version: SchemaObject = {
    name: GITLB_VERSION,
    served: true,
    storage: true,
    ...(hasStatus ? { subresources: { status: {} } } : {}),
    additionalPrinterColumns: info.printerColumns.map((c) => ({
      name: c.name,
      type: c.type,
      jsonPath: c.jsonPath,
      description: c.description,
      ...(c.priority ? { priority: c.priority } : {}),
    })),
    schema: { openAPIV3Schema },
  };
  const names: SchemaObject = {
    kind,
    listKind: `${kind}List`,
    plural: info.plural,
    singular: info.singular,
    ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
    categories: info.categories,
  };
  return {
    kind,
    dropped,
    crd: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${info.plural}.${GITLB_GROUP}`, labels: { 'app.kubernetes.io/part-of': 'gitlb' } },
      spec: { group: GITLB_GROUP, names, scope: 'Cluster', versions: [version] },
    },
  };
}

/** The file name a CRD is written to: `<plural>.<group>.yaml`. */
export function crdFileName(r: RenderedCrd): string {
  return `${String((r.crd.metadata as SchemaObject).name)}.yaml`;
}
