// The revision of a config directory whatever its content: loadConfig names a valid tree
// `sha256:` + 12 hex digits of its files but gives no revision for an invalid one, and the
// status must still say which tree failed. This is the same hash over the same files (YAML
// files under the directory, dot-folders and node_modules skipped, symlinks followed, sorted
// by relative path; each as `path \0 bytes \0`), so a valid tree gets the revision loadConfig
// gives it and an invalid one a revision that changes when its files do. A test pins the two
// together; once loadConfig returns the revision for invalid trees too, this file can go.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

const YAML_FILE = /\.ya?ml$/i;

/** `sha256:` + 12 hex digits of the YAML files under `root`, as loadConfig([root], { cwd: root }) computes for a valid tree. */
export function treeRevision(root: string): string {
  const files: Array<{ abs: string; shown: string }> = [];
  walk(root, new Set(), (abs) => files.push({ abs, shown: path.relative(root, abs).split(path.sep).join('/') }));
  files.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  const hash = createHash('sha256');
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(f.abs);
    } catch {
      continue; // unreadable: loadConfig reports it and leaves it out of the hash too
    }
    hash.update(f.shown).update('\0').update(buf).update('\0');
  }
  return `sha256:${hash.digest('hex').slice(0, 12)}`;
}

function walk(dir: string, visited: Set<string>, onFile: (abs: string) => void): void {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // keep the path as given
  }
  if (visited.has(real)) return;
  visited.add(real);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const abs = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue;
      }
    }
    if (isDir) walk(abs, visited, onFile);
    else if (isFile && YAML_FILE.test(e.name)) onFile(abs);
  }
}
