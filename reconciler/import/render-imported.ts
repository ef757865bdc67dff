// Imported objects to text: multi-document YAML for stdout, one file per object for --out, or
// JSON. Each YAML document starts with a yaml-language-server modeline so editors check it
// against the same JSON Schema `gitlb validate` uses.
import { stringify } from 'yaml';
import type { Diagnostic } from '../config/diagnostic.js';
import { SCHEMA_FILES, type ImportedObject } from './imported-object.js';

/** Rendering options: the base URL or relative path of the schemas directory. */
export interface RenderImportOptions {
  schemaBase: string;
}

/** One object as a YAML document: modeline, comments, body (ends with a newline). */
export function renderImportedDocument(o: ImportedObject, opts: RenderImportOptions): string {
  const base = opts.schemaBase.replace(/\/+$/, '');
  const head = [`# yaml-language-server: $schema=${base}/${SCHEMA_FILES[o.document.kind]}`, ...o.comments.map((c) => `# ${c}`)];
  // lineWidth 0: never fold long strings (pool ranges, selector values) across lines.
  return `${head.join('\n')}\n${stringify(o.document, { lineWidth: 0 })}`;
}

/** Every object as one multi-document YAML stream. */
export function renderImportedYaml(objects: readonly ImportedObject[], opts: RenderImportOptions): string {
  return objects.map((o) => renderImportedDocument(o, opts)).join('---\n');
}

/** The file name an object gets with --out: `<kind>-<name>.yaml`, lower case. */
export function importedFileName(o: ImportedObject): string {
  return `${o.document.kind.toLowerCase()}-${o.document.metadata.name}.yaml`;
}

/** The `--format json` form: the objects as data and the diagnostics, located. */
export function renderImportedJson(objects: readonly ImportedObject[], diagnostics: readonly Diagnostic[]): string {
  const out = {
    objects: objects.map((o) => ({ kind: o.document.kind, name: o.document.metadata.name, comments: o.comments, object: o.document })),
    warnings: diagnostics.map((d) => ({
      severity: d.severity,
      rule: d.rule,
      message: d.message,
      file: d.loc?.file ?? null,
      line: d.loc?.line ?? null,
      col: d.loc?.col ?? null,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
