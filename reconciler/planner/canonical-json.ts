// JSON with object keys sorted at every level: the byte-deterministic form used to print the
// plan, plus a structural equality that needs no serialization (specs are compared often).

/** Serializes a value with sorted object keys on one line (`indent` > 0 pretty-prints); undefined fields are dropped. */
export function canonicalJson(value: unknown, indent = 0): string {
  if (indent > 0) return JSON.stringify(sortKeys(value), null, indent);
  // Written straight to one string, without first copying the value with sorted keys: a
  // 100k-Service plan is ~100 MB of JSON and the copy would double the peak memory.
  return write(value) ?? 'null';
}

function write(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ',';
          out += write(v[i]) ?? 'null';
        }
        return `${out}]`;
      }
      const o = v as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const k of Object.keys(o).sort()) {
        const s = write(o[k]);
        if (s === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${s}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined; // undefined, functions, symbols: dropped like JSON.stringify does
  }
}

/** A deep copy of the value with object keys in code-unit order: the same JSON value, so the
 *  same type (undefined properties are dropped, as JSON.stringify drops them). */
export function sortKeys<T>(value: T): T {
  return sortKeysOf(value) as T;
}

function sortKeysOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysOf);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeysOf(v);
    }
    return out;
  }
  return value;
}

/** Deep structural equality of JSON-like values (key order ignored, undefined fields ignored), skipping the named top-level keys. */
export function jsonEqual(a: unknown, b: unknown, ignoreTopLevel: readonly string[] = []): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (ignoreTopLevel.includes(k)) continue;
    const x = ao[k];
    const y = bo[k];
    if (x === undefined && y === undefined) continue;
    if (!jsonEqual(x, y)) return false;
  }
  return true;
}
