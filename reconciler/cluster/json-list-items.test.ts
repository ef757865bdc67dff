// Splitting kubectl's JSON List into items without parsing it whole.
import { describe, expect, it } from 'vitest';
import { jsonListItemSpans } from './json-list-items.js';

const items = (text: string): unknown[] | null => {
  const bytes = Buffer.from(text, 'utf8');
  return jsonListItemSpans(bytes)?.map(([a, b]) => JSON.parse(bytes.toString('utf8', a, b)) as unknown) ?? null;
};

describe('jsonListItemSpans', () => {
  const rows: Array<[string, string, unknown[] | null]> = [
    ['kubectl layout', '{\n  "apiVersion": "v1",\n  "items": [\n    {"kind": "Node", "x": [1, {"y": "}]"}]},\n    {"kind": "Service"}\n  ],\n  "kind": "List"\n}\n', [{ kind: 'Node', x: [1, { y: '}]' }] }, { kind: 'Service' }]],
    ['items after other members, escaped quotes in strings', '{"kind":"List","metadata":{"resourceVersion":"\\"1\\""},"items":[{"a":"b\\\\"},{"c":null}]}', [{ a: 'b\\' }, { c: null }]],
    ['multi-byte UTF-8 inside strings', '{"items":[{"name":"café ✓ \\u00e9"},{"x":"日本"}]}', [{ name: 'café ✓ é' }, { x: '日本' }]],
    ['scalars inside the list', '{"items":[1,true,null,"s"]}', [1, true, null, 's']],
    ['empty items', '{"apiVersion":"v1","items":[]}', []],
    ['no items member', '{"apiVersion":"v1","kind":"Service"}', null],
    ['not an object', '[{"a":1}]', null],
    ['truncated', '{"items":[{"a":1}', null],
  ];
  for (const [desc, text, want] of rows) it(desc, () => expect(items(text)).toEqual(want));
});
