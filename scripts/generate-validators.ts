// Writes the precompiled validators of the config kinds (scripts/render-validators.ts) to
// reconciler/config/generated/validators.generated.ts. Run after changing a schema:
// `npm run generate:validators`; reconciler/config/schema-validators.test.ts fails until then.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderValidators, VALIDATORS_FILE } from './render-validators.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await writeFile(path.join(root, VALIDATORS_FILE), await renderValidators(root));
process.stderr.write(`wrote ${VALIDATORS_FILE}\n`);
