// Shape validation of one document against its JSON Schema (ajv, draft 2020-12), turning ajv's
// errors into located diagnostics that point at the offending key or value.
// The validators are precompiled (ajv standalone, scripts/generate-validators.ts): the same
// code ajv.compile would build, without loading ajv's compiler or compiling at every start.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { VALIDATORS } from './generated/validators.generated.js';
import type { Diagnostic } from './diagnostic.js';
import type { ConfigKind } from './kinds.js';
import type { SourceDocument } from './source-document.js';
import { closestName } from './closest-name.js';

// Patterns of the schemas, explained in words (ajv would print the regex).
const PATTERN_WORDS: Record<string, string> = {
  '^(default|/[0-9]{1,3})$': "'default' or a prefix length with its slash, e.g. '/32'",
  '^(default|/[0-9]{1,3}|)$': "'default' or a prefix length with its slash, e.g. '/32'",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': "a lowercase DNS name (a-z, 0-9, '-' and '.', starting and ending with a letter or digit)",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': "a namespace name (a-z, 0-9 and '-', starting and ending with a letter or digit)",
  '^[^/\\s:]{1,15}$': "an interface name of 1-15 characters without '/', ':' or spaces",
};

// The generated module is untyped (ajv's output as is); each entry is a ValidateFunction, and
// verbose errors carry their schema, which lists the allowed fields for "did you mean".
const validators = VALIDATORS as unknown as Readonly<Record<string, ValidateFunction | undefined>>;

function getValidator(kind: ConfigKind): ValidateFunction {
  const v = validators[kind.schema];
  // A drift test keeps the generated table in step with kinds.ts; this is a build mistake.
  if (!v) throw new Error(`no precompiled validator for ${kind.schema}: run npm run generate:validators`);
  return v;
}

/** Validates a document's shape; an empty list means it matches its kind's schema. */
export function checkSchema(doc: SourceDocument, kind: ConfigKind): Diagnostic[] {
  const validate = getValidator(kind);
  if (validate(doc.value)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = toDiagnostic(doc, e);
    const key = `${d.loc?.line}:${d.loc?.col}:${d.rule}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function toDiagnostic(doc: SourceDocument, e: ErrorObject): Diagnostic {
  const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segs.length ? `\`${displayPath(segs)}\`` : 'the document';
  const field = segs.length ? `\`${displayPath(segs)}\`` : 'the document';
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestName(name, allowed);
      return {
        severity: 'error',
        rule: 'unknown-field',
        message: `unknown field \`${name}\` in ${where}` + (guess ? ` (did you mean \`${guess}\`?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''),
        loc: doc.at([...segs, name], 'key'),
      };
    }
    case 'required': {
      const name = String((e.params as { missingProperty: string }).missingProperty);
      return {
        severity: 'error',
        rule: 'missing-field',
        message: `missing required field \`${name}\` in ${where}`,
        loc: segs.length ? doc.at(segs, 'key') : doc.at([], 'value'),
      };
    }
    case 'type': {
      const want = String((e.params as { type: string | string[] }).type);
      return { severity: 'error', rule: 'wrong-type', message: `${field} must be ${article(want)}, not ${describe(valueAt(doc.value, segs))}`, loc: doc.at(segs) };
    }
    case 'pattern': {
      const pattern = String((e.params as { pattern: string }).pattern);
      const words = PATTERN_WORDS[pattern] ?? `text matching ${pattern}`;
      return { severity: 'error', rule: 'invalid-value', message: `${field} must be ${words}, not ${JSON.stringify(valueAt(doc.value, segs))}`, loc: doc.at(segs) };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
      return { severity: 'error', rule: 'invalid-value', message: `${field} must be one of ${allowed}`, loc: doc.at(segs) };
    }
    default:
      return { severity: 'error', rule: 'invalid-value', message: `${field} ${e.message ?? 'is invalid'}`, loc: doc.at(segs) };
  }
}

/** 'spec.local.v4pools[0].pool' from path segments. */
export function displayPath(segs: ReadonlyArray<string | number>): string {
  let s = '';
  for (const p of segs) s += /^\d+$/.test(String(p)) ? `[${p}]` : s ? `.${p}` : String(p);
  return s;
}

function valueAt(value: unknown, segs: string[]): unknown {
  let v = value;
  for (const s of segs) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v === 'number' && Number.isInteger(v) ? 'the number' : `the ${typeof v}`} ${JSON.stringify(v)}`;
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false' };
  return type.split(',').map((t) => words[t] ?? t).join(' or ');
}
