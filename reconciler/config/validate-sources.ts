// The pure core of the loader: file texts in, DesiredState or located diagnostics out.
// parse (with positions) → kind dispatch → schema → normalize → rules → build.
import { buildDesiredState } from './build-desired-state.js';
import { closestName } from './closest-name.js';
import type { Diagnostic, LoadResult } from './diagnostic.js';
import type { ConfigInput } from './input.js';
import { CONFIG_KINDS, findConfigKind, OWN_GROUPS, RUNTIME_KINDS } from './kinds.js';
import type { DesiredState } from './model.js';
import { normalizeGitlbDocument } from './normalize-gitlb.js';
import { normalizePurelbDocument } from './normalize-purelb.js';
import { RULES } from './rules/index.js';
import { checkSchema } from './schema-check.js';
import { parseSourceFile, type SourceDocument, type SourceFile } from './source-document.js';
import { withPlainEnv } from './with-plain-env.js';

/** Options of a validation run. */
export interface ValidateOptions {
  /** Documents of other kinds are errors instead of being skipped. */
  strict?: boolean;
  /** The revision recorded in the DesiredState. */
  revision: string;
}

/** Validates config file texts; diagnostics are sorted by file, line, column. */
export function validateSources(sources: readonly SourceFile[], opts: ValidateOptions): LoadResult<DesiredState> {
  return withPlainEnv(() => validate(sources, opts));
}

function validate(sources: readonly SourceFile[], opts: ValidateOptions): LoadResult<DesiredState> {
  const diagnostics: Diagnostic[] = [];
  const input: ConfigInput = { groups: [], nodeAgents: [], bgps: [] };
  let skipped = 0;
  let documents = 0;
  for (const source of sources) {
    const parsed = parseSourceFile(source);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
      diagnostics.push({ severity: 'error', rule: 'empty-file', message: 'the file has no YAML document: add a config document or delete the file', loc: { file: source.file, line: 1, col: 1 } });
    }
    for (const doc of parsed.documents) {
      documents++;
      const outcome = dispatch(doc, input, opts.strict ?? false);
      diagnostics.push(...outcome.diagnostics);
      if (outcome.skipped) skipped++;
    }
  }
  for (const rule of RULES) diagnostics.push(...rule.check(input));
  diagnostics.sort(compareDiagnostics);
  const stats = { files: sources.length, documents };
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics, skipped, stats };
  return { ok: true, value: buildDesiredState(input, opts.revision), diagnostics, skipped, stats };
}

function dispatch(doc: SourceDocument, input: ConfigInput, strict: boolean): { diagnostics: Diagnostic[]; skipped: boolean } {
  const v = doc.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { skipped: false, diagnostics: [{ severity: 'error', rule: 'not-a-mapping', message: `a config document must be a map with apiVersion and kind, not ${Array.isArray(v) ? 'a list' : `the ${typeof v} ${JSON.stringify(v)}`}`, loc: doc.at([]) }] };
  }
  const rec = v as Record<string, unknown>;
  const apiVersion = typeof rec.apiVersion === 'string' ? rec.apiVersion : undefined;
  const kind = typeof rec.kind === 'string' ? rec.kind : undefined;
  const ck = apiVersion && kind ? findConfigKind(apiVersion, kind) : undefined;
  if (ck) {
    const schemaErrors = checkSchema(doc, ck);
    // A document of the wrong shape is not normalized: its errors would only repeat as rule errors.
    if (schemaErrors.length > 0) return { skipped: false, diagnostics: schemaErrors };
    if (ck.form === 'gitlb') {
      normalizeGitlbDocument(doc, ck.kind, input);
      return { skipped: false, diagnostics: [] };
    }
    return { skipped: false, diagnostics: normalizePurelbDocument(doc, ck.form, ck.kind, input) };
  }
  const group = apiVersion?.split('/')[0] ?? '';
  const configKindNames: string[] = [...new Set(CONFIG_KINDS.map((k) => k.kind))];
  const ourGroup = OWN_GROUPS.includes(group);
  if (kind && configKindNames.includes(kind)) {
    // A config kind with a missing or wrong apiVersion must not be skipped silently.
    const versions = CONFIG_KINDS.filter((k) => k.kind === kind).map((k) => k.apiVersion).join(', ');
    const at = apiVersion !== undefined ? doc.at(['apiVersion']) : doc.at(['kind'], 'key');
    return { skipped: false, diagnostics: [{ severity: 'error', rule: 'unknown-kind', message: `${kind} ${apiVersion === undefined ? 'has no apiVersion' : `has apiVersion ${JSON.stringify(apiVersion)}`}: gitlb reads ${kind} as ${versions}`, loc: at }] };
  }
  if (ourGroup && !(kind && RUNTIME_KINDS.includes(kind))) {
    const guess = kind ? closestName(kind, configKindNames) : undefined;
    const what = kind === undefined ? 'has no kind' : `has unknown kind ${JSON.stringify(kind)}`;
    return { skipped: false, diagnostics: [{ severity: 'error', rule: 'unknown-kind', message: `${apiVersion} document ${what}${guess ? ` (did you mean \`${guess}\`?)` : ` (config kinds: ${configKindNames.join(', ')})`}`, loc: kind === undefined ? doc.at([]) : doc.at(['kind']) }] };
  }
  if (strict) {
    const label = kind ? `${kind}${apiVersion ? ` (${apiVersion})` : ''}` : 'without apiVersion/kind';
    return { skipped: false, diagnostics: [{ severity: 'error', rule: 'unknown-kind', message: `document ${label} is not a gitlb config kind (--strict rejects other kinds)`, loc: kind ? doc.at(['kind']) : doc.at([]) }] };
  }
  return { skipped: true, diagnostics: [] };
}

/** Orders diagnostics by file, line, column, then rule, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
