// JSON values as the API server stores and sends them, with the two operations every verb
// needs: a deep copy (stored objects are never shared with callers) and deep equality (an
// update that changes nothing must not bump the resourceVersion, like the real server).

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Object metadata as far as the emulator interprets it; other keys are kept as they are. */
export interface ObjectMeta extends JsonObject {
  name: string;
}

/** A Kubernetes object: apiVersion, kind, metadata and whatever else the kind has. */
export interface KubeObject extends JsonObject {
  metadata: JsonObject;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value. */
export function cloneJson<T extends JsonValue>(v: T): T {
  // A plain recursive copy: several times faster than structuredClone for JSON data.
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as JsonObject)[k]!);
  return out as T;
}

/** Structural equality of two JSON values (key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A string field of an object, or undefined when absent or not a string. */
export function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** An object field of an object, or undefined when absent or not an object. */
export function obj(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return isJsonObject(v) ? v : undefined;
}

/** An array field of an object, or an empty array. */
export function arr(o: JsonObject | undefined, key: string): JsonValue[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}
