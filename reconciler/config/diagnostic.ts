// Located diagnostics: the value every validation step returns instead of throwing.
import type { SourceLocation } from './model.js';

/** One error or warning, located in a file, with a stable rule id (e.g. `pool-overlap`). */
export interface Diagnostic {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  /** Where the mistake is; absent only for problems with no file (e.g. an empty tree). */
  loc?: SourceLocation;
}

/** What a load looked at, for summaries ("4 documents in 3 files"). */
export interface LoadStats {
  files: number;
  documents: number;
}

/** The result of loading a config tree: a DesiredState when there is no error. */
export type LoadResult<T> =
  | { ok: true; value: T; diagnostics: Diagnostic[]; skipped: number; stats?: LoadStats }
  | { ok: false; diagnostics: Diagnostic[]; skipped: number; stats?: LoadStats };
