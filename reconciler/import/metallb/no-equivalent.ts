// The one shape of "this MetalLB setting has no gitlb equivalent": a warning located at the
// setting, so the user can decide what to do with it; never a silent drop.
import type { Diagnostic } from '../../config/diagnostic.js';
import type { DocPath, SourceDocument } from '../../config/source-document.js';

/** A warning at a setting the import cannot carry over; `why` says what happens instead. */
export function noEquivalent(doc: SourceDocument, path: DocPath, why: string): Diagnostic {
  return { severity: 'warning', rule: 'no-equivalent', message: `${path.filter((p) => typeof p === 'string').slice(-2).join('.')}: ${why}`, loc: doc.at(path, 'key') };
}

/** An error at a setting whose conversion would change behaviour. */
export function cannotImport(doc: SourceDocument, path: DocPath, why: string): Diagnostic {
  return { severity: 'error', rule: 'cannot-import', message: why, loc: doc.at(path, 'key') };
}

/** Whether a value was actually set (not absent, empty, or an empty list). */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false;
  return !Array.isArray(v) || v.length > 0;
}
