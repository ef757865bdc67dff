// Converts gitlb's JSON Schemas (draft 2020-12, the source of truth) into the OpenAPI 3.0
// dialect Kubernetes speaks: for the emulator's /openapi documents and for CRD structural
// schemas. $refs are inlined (CRDs forbid them), `const` becomes a one-value enum, nullable
// type lists become `nullable: true`, and 2020-12 keywords OpenAPI 3.0 lacks are dropped
// (listed in `dropped`, so a generator can say what a cluster will not check itself).

/** A JSON Schema / OpenAPI schema object. */
export type SchemaObject = { [key: string]: unknown };

/** Which dialect to produce. */
export type SchemaTarget = 'openapi' | 'crd';

/** The converted schema and the keywords that had no equivalent. */
export interface ConvertedSchema {
  schema: SchemaObject;
  dropped: string[];
}

// Keywords that carry over unchanged (their sub-schemas are converted where they have any).
const KEEP = new Set([
  'type', 'description', 'title', 'properties', 'required', 'items', 'enum', 'format', 'pattern',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf',
  'minProperties', 'maxProperties', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'not', 'nullable', 'default',
]);
// Keywords that only organise the document.
const SILENT = new Set(['$schema', '$id', '$defs', 'definitions', '$comment', 'examples', '$anchor']);
// Inside allOf/anyOf/oneOf/not a structural schema allows value validations only.
const CRD_BRANCH_FORBIDDEN = new Set(['description', 'title', 'type', 'default', 'additionalProperties', 'nullable']);

/**
 * Converts `schema` (one document of `documents`, which resolve cross-file $refs by $id or
 * file name) for the given target.
 */
export function convertSchema(schema: SchemaObject, documents: Map<string, SchemaObject>, target: SchemaTarget): ConvertedSchema {
  const dropped = new Set<string>();
  const out = convert(schema, schema, documents, target, dropped, [], false);
  // Only a whole kind (with apiVersion and kind) is a CRD root; fragments convert as they are.
  const props = out.properties as SchemaObject | undefined;
  if (target === 'crd' && props?.apiVersion !== undefined && props.kind !== undefined) shapeCrdRoot(out);
  return { schema: out, dropped: [...dropped].sort() };
}

function convert(
  node: unknown,
  root: SchemaObject,
  documents: Map<string, SchemaObject>,
  target: SchemaTarget,
  dropped: Set<string>,
  seen: string[],
  inBranch: boolean,
): SchemaObject {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return {};
  let s = node as SchemaObject;
  let docRoot = root;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    if (seen.includes(ref)) throw new Error(`recursive $ref ${ref}: OpenAPI schemas for Kubernetes cannot be recursive`);
    const [resolved, resolvedRoot] = resolveRef(ref, root, documents);
    const { $ref: _r, ...siblings } = s;
    s = { ...resolved, ...siblings };
    docRoot = resolvedRoot;
    seen = [...seen, ref];
  }
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' || SILENT.has(k)) continue;
    if (k.startsWith('x-kubernetes-')) {
      out[k] = v;
      continue;
    }
    if (k === 'const') {
      out.enum = [v];
      continue;
    }
    if (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') {
      if (typeof v === 'number') {
        out[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = v;
        out[k] = true;
      }
      continue;
    }
    if (k === 'deprecated' && target === 'openapi') {
      out[k] = v;
      continue;
    }
    if (!KEEP.has(k)) {
      dropped.add(k);
      continue;
    }
    const sub = (x: unknown, branch = inBranch): SchemaObject => convert(x, docRoot, documents, target, dropped, seen, branch);
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, sub(ps)]));
    } else if (k === 'items') out.items = sub(v);
    else if (k === 'additionalProperties') {
      if (typeof v === 'object' && v !== null) out.additionalProperties = sub(v);
      // `false` is the structural default for CRDs (unknown fields are pruned) and is not
      // allowed beside `properties` there; OpenAPI 3.0 accepts it as is.
      else if (target === 'openapi') out.additionalProperties = v;
    } else if (k === 'oneOf' || k === 'anyOf' || k === 'allOf') {
      if (Array.isArray(v)) out[k] = v.map((x) => sub(x, true));
    } else if (k === 'not') out.not = sub(v, true);
    else if (k === 'type' && Array.isArray(v)) {
      const types = v.filter((t) => t !== 'null');
      if (types.length < v.length) out.nullable = true;
      if (types.length === 1) out.type = types[0];
      else if (target === 'crd') {
        if (types.length === 2 && types.includes('integer') && types.includes('string')) out['x-kubernetes-int-or-string'] = true;
        else out['x-kubernetes-preserve-unknown-fields'] = true;
      }
    } else out[k] = v;
  }
  // A structural schema needs a type on every node: infer it from enum/const values.
  if (out.type === undefined && Array.isArray(out.enum) && !inBranch) {
    const kinds = new Set(out.enum.map((v) => (Number.isInteger(v) ? 'integer' : typeof v)));
    if (kinds.size === 1) {
      const [t] = kinds;
      if (t === 'string' || t === 'integer' || t === 'boolean' || t === 'number') out.type = t;
    }
  }
  if (target === 'crd' && out.uniqueItems === true) {
    // CRDs refuse uniqueItems (quadratic to check); a set-typed list of scalars says the same.
    delete out.uniqueItems;
    const itemType = (out.items as SchemaObject | undefined)?.type;
    if (itemType === 'string' || itemType === 'integer' || itemType === 'number' || itemType === 'boolean') out['x-kubernetes-list-type'] = 'set';
    else dropped.add('uniqueItems');
  }
  if (target === 'crd' && inBranch) for (const k of CRD_BRANCH_FORBIDDEN) delete out[k];
  return out;
}

function resolveRef(ref: string, root: SchemaObject, documents: Map<string, SchemaObject>): [SchemaObject, SchemaObject] {
  const hash = ref.indexOf('#');
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  let doc = root;
  if (base !== '') {
    const byName = documents.get(base) ?? documents.get(base.split('/').pop() ?? base);
    if (!byName) throw new Error(`unresolved $ref ${ref}`);
    doc = byName;
  }
  let cur: unknown = doc;
  for (const seg of pointer.split('/').filter((x) => x !== '')) {
    const key = decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = typeof cur === 'object' && cur !== null ? (cur as SchemaObject)[key] : undefined;
  }
  if (typeof cur !== 'object' || cur === null) throw new Error(`unresolved $ref ${ref}`);
  return [cur as SchemaObject, doc];
}

// A CRD's root schema: apiVersion/kind plain strings, metadata an opaque object (the API
// server validates it itself and forbids anything else there), no const on the root.
function shapeCrdRoot(s: SchemaObject): void {
  const props = (s.properties ?? {}) as Record<string, SchemaObject>;
  for (const k of ['apiVersion', 'kind'] as const) {
    if (props[k]) props[k] = { type: 'string', ...(props[k].description ? { description: props[k].description } : {}) };
  }
  if (props.metadata) props.metadata = { type: 'object' };
  s.type = 'object';
  // The API server adds apiVersion/kind/metadata itself; requiring them in the schema is redundant.
  if (Array.isArray(s.required)) {
    s.required = (s.required as string[]).filter((r) => !['apiVersion', 'kind', 'metadata'].includes(r));
    if ((s.required as string[]).length === 0) delete s.required;
  }
  delete s.title;
}

/** A map from $id and file name to schema, for resolving cross-file $refs. */
export function schemaDocuments(files: Array<{ file: string; schema: SchemaObject }>): Map<string, SchemaObject> {
  const m = new Map<string, SchemaObject>();
  for (const { file, schema } of files) {
    m.set(file, schema);
    if (typeof schema.$id === 'string') m.set(schema.$id, schema);
  }
  return m;
}
