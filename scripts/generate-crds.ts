// Writes the CRDs of gitlb's kinds into charts/gitlb/crds/ from schemas/*.schema.json (the
// single source of truth) and removes CRD files whose schema is gone. The drift test in
// reconciler/kube/crd.test.ts fails when a committed file differs from what this writes.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrdFiles } from '../reconciler/kube/crd-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const out = path.join(root, 'charts/gitlb/crds');
  await mkdir(out, { recursive: true });
  const files = renderCrdFiles(path.join(root, 'schemas'));
  const keep = new Set(files.map((f) => f.fileName));
  for (const f of files) {
    await writeFile(path.join(out, f.fileName), f.text);
    process.stderr.write(`wrote charts/gitlb/crds/${f.fileName} (from schemas/${f.source})\n`);
  }
  for (const stale of (await readdir(out)).filter((f) => f.endsWith('.gitlb.io.yaml') && !keep.has(f))) {
    await rm(path.join(out, stale));
    process.stderr.write(`removed charts/gitlb/crds/${stale}\n`);
  }
}

await main();
