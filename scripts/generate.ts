// Generates the TypeScript types of every kind from schemas/*.schema.json (the single source of
// truth) into reconciler/config/generated/. `npm run generate` rewrites them; the drift test in
// reconciler/config/generated/generated.test.ts fails when a committed file differs.
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGeneratedTypes } from './render-types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const out = path.join(root, 'reconciler/config/generated');
  await mkdir(out, { recursive: true });
  const files = (await readdir(path.join(root, 'schemas'))).filter((f) => f.endsWith('.schema.json')).sort();
  for (const f of files) {
    const schema: unknown = JSON.parse(await readFile(path.join(root, 'schemas', f), 'utf8'));
    const { fileName, text } = await renderGeneratedTypes(f, schema);
    await writeFile(path.join(out, fileName), text);
    process.stderr.write(`wrote reconciler/config/generated/${fileName}\n`);
  }
}

await main();
