// Finds the items of a JSON `List` (what `kubectl get ... -o json` prints) without parsing the
// whole document at once: each item is then parsed, decoded and dropped on its own, so the raw
// objects of a 100k-Service export die young instead of all living (and being promoted) together.
// Works on the UTF-8 bytes (JSON's structural characters are ASCII, and no byte of a multi-byte
// UTF-8 sequence is), so the file never has to exist as one 64 MB string.

/** The [start, end) spans of each element of the top-level `items` array, or null when the text is not a JSON object with one. */
export function jsonListItemSpans(text: Uint8Array): Array<[number, number]> | null {
  let i = skipWs(text, 0);
  if (text[i] !== 0x7b /* { */) return null;
  i++;
  // Walk the top-level members until "items".
  for (;;) {
    i = skipWs(text, i);
    if (text[i] !== 0x22 /* " */) return null;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return null;
    const isItems = keyEnd - i === 7 && text[i + 1] === 0x69 && text[i + 2] === 0x74 && text[i + 3] === 0x65 && text[i + 4] === 0x6d && text[i + 5] === 0x73; // "items"
    i = skipWs(text, keyEnd);
    if (text[i] !== 0x3a /* : */) return null;
    i = skipWs(text, i + 1);
    if (isItems) return arraySpans(text, i);
    const end = endOfValue(text, i);
    if (end < 0) return null;
    i = skipWs(text, end);
    if (text[i] !== 0x2c /* , */) return null;
    i++;
  }
}

function arraySpans(text: Uint8Array, start: number): Array<[number, number]> | null {
  if (text[start] !== 0x5b /* [ */) return null;
  const spans: Array<[number, number]> = [];
  let i = skipWs(text, start + 1);
  if (text[i] === 0x5d /* ] */) return spans;
  for (;;) {
    const end = endOfValue(text, i);
    if (end < 0) return null;
    spans.push([i, end]);
    i = skipWs(text, end);
    const c = text[i];
    if (c === 0x5d) return spans;
    if (c !== 0x2c) return null;
    i = skipWs(text, i + 1);
  }
}

/** Bytes that end a number, true, false or null: whitespace , ] }. */
const DELIMITERS = new Set([0x20, 0x0a, 0x0d, 0x09, 0x2c, 0x5d, 0x7d]);

/** End (exclusive) of the JSON value starting at i; -1 when malformed (JSON.parse then reports it). */
function endOfValue(text: Uint8Array, i: number): number {
  const c = text[i];
  if (c === 0x22) return endOfString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === 0x22) {
        j = endOfString(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < text.length && !DELIMITERS.has(text[j]!)) j++;
  return j > i ? j : -1;
}

function endOfString(text: Uint8Array, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === 0x5c /* \ */) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

function skipWs(text: Uint8Array, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}
