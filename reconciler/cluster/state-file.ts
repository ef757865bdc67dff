// Reads a state file (what `kubectl get services,endpointslices,nodes,nodeannouncements,
// sharedannouncements -A -o yaml|json` prints) into an ObservedState. A JSON List takes a fast
// path (each item JSON.parse'd and decoded on its own) and is re-read with positions only when
// an object turns out malformed, so a 100k-Service export stays cheap in time and memory while
// every error still reads file:line:col.
import { Buffer, isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic, LoadResult } from '../config/diagnostic.js';
import { EMPTY_OBSERVED, type ObservedState } from './observed.js';
import { decodeInto, decodeObjects, newDecodeAccumulator, type ObjectError } from './decode-objects.js';
import { jsonListItemSpans } from './json-list-items.js';
import { assembleObserved } from './assemble-observed.js';
import { withPlainEnv } from '../config/with-plain-env.js';

/** Reads and parses a state file from disk; `displayPath` is what diagnostics show. */
export async function readStateFile(path: string, displayPath = path): Promise<LoadResult<ObservedState>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, skipped: 0, diagnostics: [{ severity: 'error', rule: 'state-read', message: `cannot read state file: ${message}` }] };
  }
  // kubectl's JSON List is read item by item straight from the bytes; anything else as text.
  if (firstByte(bytes) === 0x7b) {
    const fast = parseJsonList(bytes, displayPath);
    if (fast) return fast;
  }
  return parseStateFile(bytes.toString('utf8'), displayPath);
}

/** A top-level object of the file, with the path from its document root (for locating errors). */
interface RawItem {
  doc: number;
  path: Array<string | number>;
  value: unknown;
}

/** Parses state-file text (v1 List, multi-document YAML, or JSON) into an ObservedState. */
export function parseStateFile(text: string, file: string): LoadResult<ObservedState> {
  if (text.trim() === '') return { ok: true, value: EMPTY_OBSERVED, diagnostics: [], skipped: 0 };
  const first = text.trimStart()[0];
  if (first === '{') {
    const fast = parseJsonList(Buffer.from(text, 'utf8'), file);
    if (fast) return fast;
  }
  let items: RawItem[] | null = null;
  if (first === '{' || first === '[') {
    try {
      items = itemsOf([JSON.parse(text) as unknown]);
    } catch {
      items = null; // not strict JSON: the YAML parser below reports the located syntax error
    }
  }
  let parsed: ParsedYaml | null = null;
  if (items === null) {
    parsed = parseYaml(text, file);
    if (parsed.diagnostics.length > 0) return { ok: false, diagnostics: parsed.diagnostics, skipped: 0 };
    items = itemsOf(parsed.docs.map((d) => d.toJS({ maxAliasCount: -1 }) as unknown));
  }

  const decoded = decodeObjects(items.map((i) => i.value));
  if (decoded.errors.length > 0) {
    const located = parsed ?? parseYaml(text, file);
    const all = items;
    const diagnostics = decoded.errors.map((e) => locate(e, all, located.docs, located.lineCounter, file));
    return { ok: false, diagnostics, skipped: decoded.skipped };
  }
  return { ok: true, value: assembleObserved(decoded.objects), diagnostics: [], skipped: decoded.skipped };
}

/** Bytes of items the fast path hands to one JSON.parse call. */
const BATCH_BYTES = 64 * 1024;

/** The fast path for kubectl's JSON List: item by item; null when the bytes are not one (the general path decides). */
function parseJsonList(bytes: Uint8Array, file: string): LoadResult<ObservedState> | null {
  const spans = jsonListItemSpans(bytes);
  if (!spans) return null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A Buffer decodes a span without a view object per item. Only valid UTF-8 may take that way:
  // invalid bytes make the fatal decoder throw, which sends the file down the general path.
  const buffer = Buffer.isBuffer(bytes) && isValidUtf8(bytes) ? bytes : null;
  const acc = newDecodeAccumulator();
  try {
    let index = 0;
    while (index < spans.length) {
      const [start, end] = spans[index]!;
      // The decoder drops a byte order mark at the start of what it decodes; Buffer#toString keeps it.
      if (!buffer || buffer[start] === 0xef) {
        decodeInto(acc, JSON.parse(decoder.decode(bytes.subarray(start, end))) as unknown, index++);
        continue;
      }
      // Consecutive items parsed as one array: only commas and whitespace lie between spans, so
      // `[` + the bytes from the first to the last + `]` is exactly those items, and it parses
      // when each of them does. One call per ~64 KB instead of one per object; small enough
      // that the text never goes to V8's large-object space.
      let last = index;
      while (last + 1 < spans.length && spans[last + 1]![1] - start <= BATCH_BYTES && buffer[spans[last + 1]![0]] !== 0xef) last++;
      if (last === index) {
        decodeInto(acc, JSON.parse(buffer.toString('utf8', start, end)) as unknown, index++);
        continue;
      }
      const values = JSON.parse(`[${buffer.toString('utf8', start, spans[last]![1])}]`) as unknown[];
      if (values.length !== last - index + 1) throw new Error('item spans and parsed items disagree'); // never: the general path decides
      for (const value of values) decodeInto(acc, value, index++);
    }
  } catch {
    return null;
  }
  if (acc.errors.length > 0) {
    // Errors are rare: locate them with a positional parse of the whole text.
    const located = parseYaml(new TextDecoder().decode(bytes), file);
    const items = spans.map((_, i): RawItem => ({ doc: 0, path: ['items', i], value: null }));
    return { ok: false, diagnostics: acc.errors.map((e) => locate(e, items, located.docs, located.lineCounter, file)), skipped: acc.skipped };
  }
  return { ok: true, value: assembleObserved(acc.objects), diagnostics: [], skipped: acc.skipped };
}

/** Whether the bytes are valid UTF-8 (node:buffer's isUtf8 exists from Node 18.14/19.4; without it, never assumed). */
function isValidUtf8(bytes: Buffer): boolean {
  return typeof isUtf8 === 'function' && isUtf8(bytes);
}

function firstByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i];
}

/** Parsed YAML documents with their line counter and syntax errors. */
interface ParsedYaml {
  docs: Document[];
  lineCounter: LineCounter;
  diagnostics: Diagnostic[];
}

function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = withPlainEnv(() => parseAllDocuments(text, { lineCounter, uniqueKeys: false }) as Document[]);
  const diagnostics: Diagnostic[] = [];
  for (const d of docs) {
    for (const e of d.errors) {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      diagnostics.push({ severity: 'error', rule: 'state-syntax', message: e.message.split('\n')[0] ?? e.message, loc: { file, line: pos.line, col: pos.col } });
    }
  }
  return { docs, lineCounter, diagnostics };
}

/** Flattens documents into objects: a `List` contributes its items, anything else itself. */
function itemsOf(docs: unknown[]): RawItem[] {
  const out: RawItem[] = [];
  docs.forEach((d, doc) => {
    if (d === null || d === undefined) return; // an empty document (`---` at the end)
    if (Array.isArray(d)) {
      d.forEach((value, i) => out.push({ doc, path: [i], value }));
    } else if (typeof d === 'object' && (d as { kind?: unknown }).kind !== undefined && String((d as { kind?: unknown }).kind).endsWith('List') && Array.isArray((d as { items?: unknown }).items)) {
      ((d as { items: unknown[] }).items).forEach((value, i) => out.push({ doc, path: ['items', i], value }));
    } else {
      out.push({ doc, path: [], value: d });
    }
  });
  return out;
}

/** Turns an object error into a located diagnostic: the deepest node of its path that exists. */
function locate(e: ObjectError, items: RawItem[], docs: Document[], lc: LineCounter, file: string): Diagnostic {
  const item = items[e.index];
  const base: Diagnostic = { severity: 'error', rule: 'state-malformed', message: e.message, loc: { file, line: 1, col: 1 } };
  const doc = item ? docs[item.doc] : undefined;
  if (!item || !doc) return base;
  const full = [...item.path, ...e.path];
  for (let n = full.length; n >= 0; n--) {
    const node = doc.getIn(full.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { ...base, loc: { file, line: pos.line, col: pos.col } };
    }
  }
  return base;
}
