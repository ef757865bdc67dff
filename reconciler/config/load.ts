// loadConfig: the I/O wrapper of the config core. Finds the YAML files of the given paths
// (directories walked in sorted order), reads them, refuses what is not text, computes the
// revision, and hands the texts to the pure validateSources.
// The file system calls are synchronous on purpose: config trees are many small files, and
// measured here 1,000 sync reads take ~15 ms against ~80 ms through the libuv thread pool.
// The function stays async so a Git-backed source can replace the file system later.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, LoadResult } from './diagnostic.js';
import type { DesiredState } from './model.js';
import type { SourceFile } from './source-document.js';
import { compareDiagnostics, validateSources } from './validate-sources.js';

const YAML_FILE = /\.ya?ml$/i;

// One decoder for every file: a non-streaming decode() starts fresh each call, and building a
// fatal TextDecoder per file showed up when reading 1,000-file trees.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A LoadResult that names the files read whether they are valid or not, so a caller can say
 *  which tree failed; on success it equals `value.revision`. */
export type LoadedConfig = LoadResult<DesiredState> & { revision: string };

/** Loads and validates config trees or files; `revision` is `sha256:` + 12 hex digits of the files
 *  read (unreadable ones left out), given for an invalid tree too. */
export async function loadConfig(paths: string[], opts: { strict?: boolean; cwd?: string } = {}): Promise<LoadedConfig> {
  const cwd = opts.cwd ?? process.cwd();
  const ioDiagnostics: Diagnostic[] = [];
  // `key` names a file inside the tree it was found in, whatever the working directory: the
  // revision must not change (and re-stamp every NodeAnnouncement) when the same tree is planned
  // as `config` from one directory and as `../repo/config` from another.
  const files: Array<{ abs: string; shown: string; key: string }> = [];
  const args = paths.length > 0 ? paths : ['.'];
  const seen = new Set<string>();
  const show = (abs: string): string => (path.relative(cwd, abs) || '.').split(path.sep).join('/');
  const addFile = (abs: string, root: string, arg: number): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const inTree = (abs === root ? path.basename(abs) : path.relative(root, abs)).split(path.sep).join('/');
    // Several paths are told apart by their place on the command line; one path (every
    // controller source, and the usual CLI call) needs no prefix.
    files.push({ abs, shown: show(abs), key: args.length > 1 ? `${arg}/${inTree}` : inTree });
  };

  for (const [arg, p] of args.entries()) {
    const abs = path.resolve(cwd, p);
    const st = attempt(() => statSync(abs));
    if (st instanceof Error) {
      ioDiagnostics.push(
        st.code === 'ENOENT'
          ? { severity: 'error', rule: 'path-not-found', message: `${p}: no such file or directory` }
          : { severity: 'error', rule: 'file-unreadable', message: `${p}: cannot be read (${st.code ?? st.message})` },
      );
    } else if (st.isDirectory()) {
      const before = files.length + ioDiagnostics.length;
      walk(abs, new Set(), (f) => addFile(f, abs, arg), (f, why) => ioDiagnostics.push({ severity: 'error', rule: 'file-unreadable', message: `cannot be read (${why})`, loc: { file: show(f), line: 1, col: 1 } }));
      // An unreadable YAML file was found, so "no YAML files" would be wrong.
      if (files.length + ioDiagnostics.length === before) ioDiagnostics.push({ severity: 'error', rule: 'no-config-files', message: `${p}: no .yaml or .yml files in this directory` });
    } else {
      // A file named on the command line is read whatever its extension.
      addFile(abs, abs, arg);
    }
  }

  const sources: SourceFile[] = [];
  const sorted = files.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  const contents = sorted.map((f) => attempt(() => readFileSync(f.abs)));
  sorted.forEach((f, i) => {
    const buf = contents[i];
    if (!buf || buf instanceof Error) {
      ioDiagnostics.push({ severity: 'error', rule: 'file-unreadable', message: `cannot be read (${buf?.code ?? buf?.message ?? 'unknown error'})`, loc: { file: f.shown, line: 1, col: 1 } });
      return;
    }
    const text = decodeText(buf);
    if (typeof text !== 'string') {
      ioDiagnostics.push({ severity: 'error', rule: 'binary-file', message: `not a text file (${text.why}): config files must be UTF-8 YAML`, loc: { file: f.shown, line: text.line, col: text.col } });
      return;
    }
    sources.push({ file: f.shown, text });
  });

  const revision = revisionOf(sorted, contents);
  const result = validateSources(sources, { strict: opts.strict, revision });
  if (ioDiagnostics.length === 0) return { ...result, revision };
  const diagnostics = [...ioDiagnostics, ...result.diagnostics].sort(compareDiagnostics);
  return { ok: false, diagnostics, skipped: result.skipped, stats: { files: files.length, documents: result.stats?.documents ?? 0 }, revision };
}

/** `sha256:` + 12 hex digits over the readable files' tree names and bytes, in tree-name order. */
function revisionOf(files: ReadonlyArray<{ key: string }>, contents: ReadonlyArray<Buffer | NodeJS.ErrnoException | undefined>): string {
  const hash = createHash('sha256');
  const order = files.map((_, i) => i).sort((a, b) => (files[a]!.key < files[b]!.key ? -1 : files[a]!.key > files[b]!.key ? 1 : 0));
  for (const i of order) {
    const buf = contents[i];
    if (buf && !(buf instanceof Error)) hash.update(files[i]!.key).update('\0').update(buf).update('\0');
  }
  return `sha256:${hash.digest('hex').slice(0, 12)}`;
}

/** The result of a file system call, or its error as a value. */
function attempt<T>(call: () => T): T | NodeJS.ErrnoException {
  try {
    return call();
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

function walk(dir: string, visited: Set<string>, onFile: (abs: string) => void, onError: (abs: string, why: string) => void): void {
  // Symlinked directories could form a cycle: visit each real directory once.
  const resolved = attempt(() => realpathSync(dir));
  const real = resolved instanceof Error ? dir : resolved;
  if (visited.has(real)) return;
  visited.add(real);
  const entries: Dirent[] | NodeJS.ErrnoException = attempt(() => readdirSync(dir, { withFileTypes: true }));
  if (entries instanceof Error) {
    onError(dir, entries.code ?? entries.message);
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    // .git, editor folders and dependencies are never config.
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const abs = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const st: Stats | NodeJS.ErrnoException = attempt(() => statSync(abs));
      if (st instanceof Error) {
        if (YAML_FILE.test(e.name)) onError(abs, st.code === 'ENOENT' ? 'broken symbolic link' : (st.code ?? st.message));
        continue;
      }
      isDir = st.isDirectory();
      isFile = st.isFile();
    }
    if (isDir) walk(abs, visited, onFile, onError);
    else if (isFile && YAML_FILE.test(e.name)) onFile(abs);
  }
}

/** The UTF-8 text of a file, or where it stops being text (a NUL byte or invalid UTF-8). */
function decodeText(buf: Buffer): string | { why: string; line: number; col: number } {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const before = buf.subarray(0, nul).toString('utf8').split('\n');
    return { why: 'it contains NUL bytes', line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
  }
  try {
    return UTF8.decode(buf);
  } catch {
    return { why: 'it is not valid UTF-8', line: 1, col: 1 };
  }
}
