// Strategic merge patch, the default patch type of kubectl for built-in kinds: a merge
// patch in which some lists are merged element by element (by a merge key, e.g. a Service's
// ports by `port`) instead of replaced, plus the directives kubectl sends ($patch,
// $setElementOrder/<list>, $deleteFromPrimitiveList/<list>, $retainKeys). Which lists merge
// comes from the Go types' patchStrategy tags; only those of the kinds the emulator serves
// are listed here. Custom resources do not accept it (the caller answers 415).
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** How a list at a path merges: by a key, as a set of primitives, or (absent) replaced. */
export type ListStrategy = { mergeKey: string } | 'set';

// `group/plural` -> field path (dots, no indices) -> strategy; '*' applies to every type.
const LIST_STRATEGIES: Record<string, Record<string, ListStrategy>> = {
  '*': { 'metadata.ownerReferences': { mergeKey: 'uid' }, 'metadata.finalizers': 'set' },
  '/services': { 'spec.ports': { mergeKey: 'port' }, 'status.conditions': { mergeKey: 'type' } },
  '/nodes': { 'status.conditions': { mergeKey: 'type' }, 'status.addresses': { mergeKey: 'type' } },
  '/namespaces': { 'status.conditions': { mergeKey: 'type' } },
};

/** The list strategies of a resource type, by field path. */
export function listStrategiesFor(group: string, plural: string): (path: string) => ListStrategy | undefined {
  const own = LIST_STRATEGIES[`${group}/${plural}`] ?? {};
  const all = LIST_STRATEGIES['*']!;
  return (path) => own[path] ?? all[path];
}

/** Applies a strategic merge patch to a copy of `target`. */
export function applyStrategicMergePatch(target: JsonObject, patch: JsonObject, strategyOf: (path: string) => ListStrategy | undefined): JsonObject {
  return mergeMap(target, patch, '', strategyOf) ?? {};
}

function mergeMap(orig: JsonObject | undefined, patch: JsonObject, path: string, strategyOf: (p: string) => ListStrategy | undefined): JsonObject | undefined {
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') return stripDirectives(patch) as JsonObject;
  const out: JsonObject = orig ? cloneJson(orig) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(v) ? v : [];
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !drop.some((d) => d === x));
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    if (v === null) delete out[k];
    else if (isJsonObject(v)) {
      const merged = mergeMap(isJsonObject(out[k]) ? out[k] : undefined, v, childPath, strategyOf);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) out[k] = mergeList(out[k], v, childPath, strategyOf);
    else out[k] = v;
  }
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith('$setElementOrder/') || !Array.isArray(order)) continue;
    const field = k.slice('$setElementOrder/'.length);
    const list = out[field];
    if (Array.isArray(list)) out[field] = reorder(list, order, strategyOf(path ? `${path}.${field}` : field));
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.filter((x): x is string => typeof x === 'string'));
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

function mergeList(orig: JsonValue | undefined, patch: JsonValue[], path: string, strategyOf: (p: string) => ListStrategy | undefined): JsonValue[] {
  const strategy = strategyOf(path);
  if (patch.some((e) => isJsonObject(e) && e.$patch === 'replace')) {
    return patch.filter((e) => !(isJsonObject(e) && e.$patch === 'replace')).map(stripDirectives);
  }
  const base = Array.isArray(orig) ? cloneJson(orig) : [];
  if (strategy === 'set') {
    for (const v of patch) if (!base.some((b) => b === v)) base.push(v);
    return base;
  }
  if (strategy === undefined) return patch.map(stripDirectives);
  const key = strategy.mergeKey;
  let out = base;
  for (const p of patch) {
    if (!isJsonObject(p)) continue;
    const same = (e: JsonValue): boolean => isJsonObject(e) && e[key] === p[key];
    if (p.$patch === 'delete') {
      out = out.filter((e) => !same(e));
      continue;
    }
    const i = out.findIndex(same);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, p, path, strategyOf) ?? {};
    else out.push(stripDirectives(p));
  }
  return out;
}

// Elements named in `order` come first, in that order; the others keep their relative order.
function reorder(list: JsonValue[], order: JsonValue[], strategy: ListStrategy | undefined): JsonValue[] {
  const keyOf = (e: JsonValue): JsonValue | undefined =>
    strategy !== undefined && strategy !== 'set' && isJsonObject(e) ? e[strategy.mergeKey] : e;
  const wanted = order.map(keyOf);
  const ranked = list.map((e, i) => {
    const r = wanted.findIndex((w) => w === keyOf(e));
    return { e, rank: r < 0 ? wanted.length + i : r };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((x) => x.e);
}

function stripDirectives(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}
