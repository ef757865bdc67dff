// The importers' own guarantee: what they print validates. The rendered YAML is run through the
// same pure validator as `gitlb validate`; any error is a bug in the converter, reported located
// in the generated text rather than written out as a config that would fail later.
import type { Diagnostic } from '../config/diagnostic.js';
import { validateSources } from '../config/validate-sources.js';
import type { ImportedObject } from './imported-object.js';
import { renderImportedYaml } from './render-imported.js';

/** The file name diagnostics about the generated output carry. */
export const IMPORTED_FILE = '<imported>';

/** Validates the imported objects as gitlb config; returns the diagnostics of the generated text. */
export function checkImported(objects: readonly ImportedObject[]): Diagnostic[] {
  if (objects.length === 0) return [];
  const text = renderImportedYaml(objects, { schemaBase: '.' });
  const result = validateSources([{ file: IMPORTED_FILE, text }], { revision: 'import', strict: true });
  return result.diagnostics.map((d) => ({ ...d, message: `the imported config ${d.severity === 'error' ? 'is invalid' : 'has a warning'}: ${d.message}` }));
}
