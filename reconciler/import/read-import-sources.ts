// The importers' only I/O: read the named files (a directory: its .yaml/.yml files, sorted, at
// any depth; `-`: standard input) into texts. Unreadable paths are located diagnostics.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../config/diagnostic.js';
import type { SourceFile } from '../config/source-document.js';

/** Reads import inputs; `file` in each source is shown relative to cwd. */
export function readImportSources(paths: readonly string[], cwd: string, stdin: () => string = () => readFileSync(0, 'utf8')): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const show = (abs: string): string => (path.relative(cwd, abs) || '.').split(path.sep).join('/');
  const read = (abs: string): void => {
    try {
      sources.push({ file: show(abs), text: readFileSync(abs, 'utf8') });
    } catch (e) {
      diagnostics.push({ severity: 'error', rule: 'file-unreadable', message: `${show(abs)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
    }
  };
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.ya?ml$/i.test(e.name)) read(abs);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      sources.push({ file: '<stdin>', text: stdin() });
      continue;
    }
    const abs = path.resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      diagnostics.push({ severity: 'error', rule: code === 'ENOENT' ? 'path-not-found' : 'file-unreadable', message: `${p}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${code ?? String(e)})`}` });
      continue;
    }
    if (isDir) walk(abs);
    else read(abs);
  }
  return { sources, diagnostics };
}
