// The patch formats the emulator accepts. JSON merge patch (RFC 7386) and JSON patch
// (RFC 6902) are implemented exactly. Strategic merge patch (what kubectl sends for
// built-in kinds by default) is a merge patch plus list merge keys and directives, for the
// lists of the kinds served here (strategic-merge.ts); custom resources refuse it, as on a
// real server. Server-side apply is refused too (415): kubectl only uses it when asked.
import { ApiError, badRequest } from './api-error.js';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { applyStrategicMergePatch, type ListStrategy } from './strategic-merge.js';

/** The patch content types and what they mean. */
export const PATCH_TYPES = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
} as const;

/**
 * Applies a patch body of the given content type to a copy of `target`. `strategies` gives
 * the strategic-merge list strategies of the target's type; undefined means the type does
 * not take strategic merge patches (custom resources).
 */
export function applyPatch(target: JsonObject, contentType: string, body: JsonValue, strategies?: (path: string) => ListStrategy | undefined): JsonObject {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const kind = (PATCH_TYPES as Record<string, 'merge' | 'json' | 'strategic' | undefined>)[mediaType];
  const accepted = Object.keys(PATCH_TYPES).filter((t) => strategies !== undefined || !t.includes('strategic'));
  if (kind === undefined || (kind === 'strategic' && strategies === undefined)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
  if (kind === 'strategic') {
    if (!isJsonObject(body)) throw badRequest('strategic merge patch must be a JSON object');
    return applyStrategicMergePatch(target, body, strategies!);
  }
  if (kind === 'merge') {
    if (!isJsonObject(body)) throw badRequest('merge patch must be a JSON object');
    const out = applyMergePatch(target, body);
    if (!isJsonObject(out)) throw badRequest('merge patch must produce an object');
    return out;
  }
  if (!Array.isArray(body)) throw badRequest('json patch must be an array of operations');
  return applyJsonPatch(target, body);
}

/** RFC 7386: objects merge recursively, null deletes a key, anything else replaces. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902: add, remove, replace, move, copy, test; fails as a whole (422) on the first bad op. */
export function applyJsonPatch(target: JsonObject, ops: JsonValue[]): JsonObject {
  let doc: JsonValue = cloneJson(target);
  for (const op of ops) {
    if (!isJsonObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw badRequest('json patch operation must be an object with "op" and "path"');
    }
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        doc = add(doc, path, need(op, 'value'));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        doc = add(remove(doc, path), path, need(op, 'value'));
        break;
      case 'move': {
        const from = parsePointer(fromOf(op));
        const v = get(doc, from);
        doc = add(remove(doc, from), path, v);
        break;
      }
      case 'copy':
        doc = add(doc, path, cloneJson(get(doc, parsePointer(fromOf(op)))));
        break;
      case 'test':
        if (JSON.stringify(canonical(get(doc, path))) !== JSON.stringify(canonical(need(op, 'value')))) {
          throw patchFailed(`testing value ${op.path} failed`);
        }
        break;
      default:
        throw badRequest(`unexpected json patch operation "${op.op}"`);
    }
  }
  if (!isJsonObject(doc)) throw patchFailed('json patch must leave an object');
  return doc;
}

function patchFailed(message: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
}

function need(op: JsonObject, key: string): JsonValue {
  if (!Object.hasOwn(op, key)) throw badRequest(`json patch "${String(op.op)}" operation is missing "${key}"`);
  return op[key]!;
}

function fromOf(op: JsonObject): string {
  const from = op.from;
  if (typeof from !== 'string') throw badRequest(`json patch "${String(op.op)}" operation is missing "from"`);
  return from;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: JsonValue, path: string[]): JsonValue {
  let cur: JsonValue = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(seg, cur.length - 1);
      cur = cur[i]!;
    } else if (isJsonObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg]!;
    else throw patchFailed(`path "/${path.join('/')}" does not exist`);
  }
  return cur;
}

function add(doc: JsonValue, path: string[], value: JsonValue): JsonValue {
  if (path.length === 0) return cloneJson(value);
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length);
    parent.splice(i, 0, cloneJson(value));
  } else if (isJsonObject(parent)) parent[last] = cloneJson(value);
  else throw patchFailed(`cannot add at "/${path.join('/')}": parent is not a container`);
  return doc;
}

function remove(doc: JsonValue, path: string[]): JsonValue {
  if (path.length === 0) throw patchFailed('cannot remove the whole document');
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length - 1), 1);
  else if (isJsonObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw patchFailed(`path "/${path.join('/')}" does not exist`);
  return doc;
}

function arrayIndex(seg: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) throw patchFailed(`invalid array index "${seg}"`);
  const i = Number(seg);
  if (i > max) throw patchFailed(`array index ${i} out of range`);
  return i;
}

// Key order does not matter for `test`.
function canonical(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(canonical);
  if (isJsonObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k]!)]));
  return v;
}
