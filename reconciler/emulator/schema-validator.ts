// Server-side validation of gitlb kinds against their JSON Schemas (draft 2020-12), which is
// what a real cluster does with the CRDs generated from the same schemas. Every schema file
// is registered, so a schema may $ref another by its $id.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { isJsonObject, type JsonObject, type KubeObject } from './json.js';

const addFormats = formatsModule.default;

const UNKNOWN = 'field not declared in schema';

/** One schema violation: a JSON-pointer-like field path and a message. */
export interface SchemaCause {
  field: string;
  message: string;
}

/** Validates objects of the kinds it was given schemas for. */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  private readonly byKind = new Map<string, ValidateFunction>();
  // A second compilation that removes undeclared fields, as a CRD's structural pruning does.
  private readonly pruner = new Ajv2020({ allErrors: true, strict: false, logger: false, removeAdditional: true });
  private readonly pruneByKind = new Map<string, ValidateFunction>();

  /** `schemas`: every schema document (for $ref); `kinds`: kind -> its schema. */
  constructor(schemas: JsonObject[], kinds: Map<string, JsonObject>) {
    for (const [ajv, byKind] of [[this.ajv, this.byKind], [this.pruner, this.pruneByKind]] as const) {
      addFormats(ajv);
      for (const s of schemas) if (typeof s.$id === 'string' && !ajv.getSchema(s.$id)) ajv.addSchema(s);
      for (const [kind, schema] of kinds) {
        const fn = typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : ajv.compile(schema);
        if (fn) byKind.set(kind, fn);
      }
    }
  }

  /** Fields of the object its schema does not declare, as dotted paths (for fieldValidation). */
  unknownFields(kind: string, object: KubeObject): string[] {
    return this.validate(kind, object).filter((c) => c.message === UNKNOWN).map((c) => c.field);
  }

  /** Removes the undeclared fields (what the real server does unless fieldValidation=Strict). */
  prune(kind: string, object: KubeObject): void {
    const fn = this.pruneByKind.get(kind);
    if (!fn) return;
    const { metadata, ...rest } = object;
    const subject: JsonObject = { ...rest, metadata: {} };
    fn(subject);
    for (const k of Object.keys(object)) if (k !== 'metadata') delete object[k];
    for (const [k, v] of Object.entries(subject)) if (k !== 'metadata') object[k] = v;
    object.metadata = metadata;
  }

  /**
   * The violations of an object, [] when valid or when no schema is known for its kind.
   * Metadata is reduced to what a user may set (name, labels, annotations): server-set
   * fields are not the schema's business, as with a CRD's structural schema.
   */
  validate(kind: string, object: KubeObject): SchemaCause[] {
    const fn = this.byKind.get(kind);
    if (!fn) return [];
    const meta: JsonObject = {};
    for (const k of ['name', 'labels', 'annotations'] as const) if (object.metadata[k] !== undefined) meta[k] = object.metadata[k]!;
    const subject: JsonObject = { ...object, metadata: meta };
    if (fn(subject)) return [];
    return (fn.errors ?? []).map((e) => {
      const extra = isJsonObject(e.params) && typeof e.params.additionalProperty === 'string' ? `.${e.params.additionalProperty}` : '';
      const missing = isJsonObject(e.params) && typeof e.params.missingProperty === 'string' ? `.${e.params.missingProperty}` : '';
      // Kubernetes spells field paths spec.addresses[0].prefixLength.
      const segs = e.instancePath.split('/').filter((x) => x !== '').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
      const field = (segs.map((x) => (/^\d+$/.test(x) ? `[${x}]` : `.${x}`)).join('') + extra + missing).replace(/^\./, '');
      const message = e.keyword === 'additionalProperties'
        ? UNKNOWN
        : e.keyword === 'required' ? 'Required value' : e.message ?? e.keyword;
      return { field: field || '<root>', message };
    });
  }
}
