// What an importer produces: gitlb.io/v1 documents (as plain data, typed by the generated
// schema types) with the comments that explain how each was derived, plus located diagnostics.
import type { Diagnostic } from '../config/diagnostic.js';
import type { BGPConfiguration } from '../config/generated/bgpconfiguration.generated.js';
import type { LBNodeAgent } from '../config/generated/lbnodeagent.generated.js';
import type { ServiceGroup } from '../config/generated/servicegroup.generated.js';

/** A gitlb.io/v1 config document. */
export type GitlbDocument = ServiceGroup | LBNodeAgent | BGPConfiguration;

/** One imported object: the document and the comment lines printed above it (without '# '). */
export interface ImportedObject {
  document: GitlbDocument;
  comments: string[];
}

/** The outcome of an import: objects only when there is no error. */
export interface ImportResult {
  objects: ImportedObject[];
  diagnostics: Diagnostic[];
}

/** The schema file (under schemas/) of each gitlb kind, for the editor modeline. */
export const SCHEMA_FILES: Record<GitlbDocument['kind'], string> = {
  ServiceGroup: 'servicegroup.schema.json',
  LBNodeAgent: 'lbnodeagent.schema.json',
  BGPConfiguration: 'bgpconfiguration.schema.json',
};

/** Where modelines point by default: the schemas' own $id base, valid wherever the output is written. */
export const DEFAULT_SCHEMA_BASE = 'https://gitlb.io/schemas';
