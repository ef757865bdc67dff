// Label and field selectors with the grammar of k8s.io/apimachinery/pkg/labels: requirements
// joined by commas, each `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists) or
// `!k` (does not exist). Field selectors take only =, == and !=, over a per-kind list of
// supported fields; any other field is refused like the real server does.
import { badRequest } from './api-error.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** One parsed requirement. */
export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

/** A parsed selector: all requirements must hold (empty = everything). */
export type Selector = Requirement[];

/** Parses a label selector string; throws a 400 ApiError on bad syntax. */
export function parseLabelSelector(text: string | undefined): Selector {
  if (text === undefined || text.trim() === '') return [];
  const out: Selector = [];
  for (const part of splitTopLevel(text)) {
    const s = part.trim();
    if (s === '') throw badRequest(`unable to parse requirement: empty requirement in "${text}"`);
    const set = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s);
    if (set) {
      const values = set[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
      out.push({ key: checkKey(set[1]!), op: set[2] as 'in' | 'notin', values });
      continue;
    }
    const cmp = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(s);
    if (cmp) {
      out.push({ key: checkKey(cmp[1]!), op: cmp[2] === '!=' ? 'neq' : 'eq', value: cmp[3]! });
      continue;
    }
    const not = /^!\s*([^\s!=(),]+)$/.exec(s);
    if (not) {
      out.push({ key: checkKey(not[1]!), op: 'notexists' });
      continue;
    }
    if (/^[^\s!=(),]+$/.test(s)) {
      out.push({ key: checkKey(s), op: 'exists' });
      continue;
    }
    throw badRequest(`unable to parse requirement: "${s}"`);
  }
  return out;
}

/** Parses a field selector; `supported` lists the field paths this kind can be selected on. */
export function parseFieldSelector(text: string | undefined, supported: readonly string[]): Selector {
  if (text === undefined || text.trim() === '') return [];
  const out: Selector = [];
  for (const part of text.split(',')) {
    const m = /^\s*([^\s!=]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const key = m[1]!;
    if (!supported.includes(key)) throw badRequest(`field label not supported: ${key}`);
    out.push({ key, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! });
  }
  return out;
}

/** Whether a set of labels satisfies a selector. */
export function matchesLabels(selector: Selector, labels: Record<string, string>): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'eq':
        return has && v === r.value;
      case 'neq':
        // As in apimachinery: a missing key satisfies `!=`.
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

/** Whether an object satisfies a field selector (fields read by dotted path; absent = ''). */
export function matchesFields(selector: Selector, object: JsonObject): boolean {
  return selector.every((r) => {
    const v = fieldValue(object, r.key);
    if (r.op === 'eq') return v === r.value;
    if (r.op === 'neq') return v !== r.value;
    return false;
  });
}

/** The labels of an object as a plain record (non-string values ignored). */
export function labelsOf(object: JsonObject): Record<string, string> {
  const meta = object.metadata;
  const labels = isJsonObject(meta) ? meta.labels : undefined;
  const out: Record<string, string> = {};
  if (isJsonObject(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

function fieldValue(object: JsonObject, path: string): string {
  let cur: JsonValue | undefined = object;
  for (const seg of path.split('.')) cur = isJsonObject(cur) ? cur[seg] : undefined;
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

function checkKey(key: string): string {
  // Qualified name: optional DNS prefix and "/", then a name of at most 63 characters.
  if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(key)) {
    throw badRequest(`unable to parse requirement: invalid label key "${key}"`);
  }
  return key;
}

// Commas inside `in (...)` do not separate requirements.
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}
