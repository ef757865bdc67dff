// `gitlb import purelb`, the I/O-free part: PureLB manifests (texts) in, gitlb.io/v1 objects
// out. The loader's own validation runs first, so an invalid PureLB input gives the same located
// errors as `gitlb validate`; the model is then written back as gitlb kinds and re-checked.
import type { SourceFile } from '../../config/source-document.js';
import { validateSources } from '../../config/validate-sources.js';
import { checkImported } from '../check-imported.js';
import type { ImportResult } from '../imported-object.js';
import { desiredToObjects } from './desired-to-objects.js';

/** Converts PureLB (purelb.io v1/v2, bgp.purelb.io) manifests to gitlb documents. */
export function importPurelb(sources: readonly SourceFile[]): ImportResult {
  const loaded = validateSources(sources, { revision: 'import' });
  if (!loaded.ok) return { objects: [], diagnostics: loaded.diagnostics };
  const objects = desiredToObjects(loaded.value);
  const diagnostics = [...loaded.diagnostics];
  if (loaded.skipped > 0) {
    // Not silent: a MetalLB or unrelated manifest in the input is worth a line.
    diagnostics.push({ severity: 'warning', rule: 'skipped-document', message: `${loaded.skipped} document${loaded.skipped === 1 ? '' : 's'} of other kinds skipped (not PureLB or gitlb config)` });
  }
  if (objects.length === 0) {
    diagnostics.push({ severity: 'error', rule: 'nothing-to-import', message: 'no PureLB ServiceGroup, LBNodeAgent or BGPConfiguration in the input' });
    return { objects: [], diagnostics };
  }
  const check = checkImported(objects);
  diagnostics.push(...check);
  return { objects: check.some((d) => d.severity === 'error') ? [] : objects, diagnostics };
}
