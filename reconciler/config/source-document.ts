// Parsing config files into YAML documents that keep their source positions, so every later
// diagnostic can point at the offending key or value.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import type { SourceLocation } from './model.js';

/** A config file's text; `file` is the path shown in diagnostics (relative to the working directory). */
export interface SourceFile {
  file: string;
  text: string;
}

/** A path into a document: map keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

/** One parsed YAML document with what is needed to locate any path inside it. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  /** The document as plain data (maps become objects). */
  value: unknown;
  /** Location of a path: 'key' points at the last key, 'value' at its value. */
  at(path: DocPath, target?: 'key' | 'value'): SourceLocation;
}

/** Parses every document of a file; YAML errors (syntax, duplicate keys) become diagnostics. */
export function parseSourceFile(source: SourceFile): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  // A BOM is legal at the start of a YAML stream but only noise for us.
  const text = source.text.startsWith('\uFEFF') ? source.text.slice(1) : source.text;
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const locAt = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file: source.file, line: p.line, col: p.col };
  };
  // parseAllDocuments returns an EmptyStream (an array with no documents) for whitespace or comments only.
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      const firstLine = err.message.split('\n')[0] ?? err.message;
      diagnostics.push({
        severity: 'error',
        rule: err.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
        message: err.code === 'DUPLICATE_KEY' ? 'duplicate key: a map key may appear only once' : `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`,
        loc: pos ? { file: source.file, line: pos.line, col: pos.col } : locAt(err.pos[0]),
      });
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    let value: unknown;
    try {
      // The alias limit guards against "billion laughs" documents.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        rule: 'yaml-syntax',
        message: `YAML document cannot be read: ${e instanceof Error ? e.message : String(e)}`,
        loc: locAt(doc.contents.range?.[0] ?? 0),
      });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({
      file: source.file,
      index,
      value,
      at: (path, target = 'value') => locAt(locateOffset(doc, path, target)),
    });
  });
  return { documents, diagnostics };
}

/** The source offset of a path: the deepest node that exists along it (never fails). */
function locateOffset(doc: Document.Parsed, path: DocPath, target: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyStart = start(pair.key);
      if (i === path.length - 1 && target === 'key') return keyStart ?? offset;
      node = pair.value;
      // An empty value (`spec:` and nothing) has no position of its own: use its key.
      offset = (isScalar(pair.value) && pair.value.value === null ? keyStart : start(pair.value)) ?? keyStart ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return offset;
      node = item;
      offset = start(item) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function start(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
