import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { JsonObject, JsonValue } from './json.js';
import { applyJsonPatch, applyMergePatch, applyPatch } from './patch.js';

describe('JSON merge patch (RFC 7386 appendix A)', () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want);
  });

  it('does not mutate its input', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc: JsonObject = { metadata: { name: 'x', labels: { a: '1' } }, spec: { list: [1, 2, 3] } };

  it.each<[string, JsonValue[], JsonObject]>([
    ['add member', [{ op: 'add', path: '/metadata/labels/b', value: '2' }], { metadata: { name: 'x', labels: { a: '1', b: '2' } }, spec: { list: [1, 2, 3] } }],
    ['add to array end', [{ op: 'add', path: '/spec/list/-', value: 4 }], { metadata: doc.metadata!, spec: { list: [1, 2, 3, 4] } } as JsonObject],
    ['insert into array', [{ op: 'add', path: '/spec/list/1', value: 9 }], { metadata: doc.metadata!, spec: { list: [1, 9, 2, 3] } } as JsonObject],
    ['remove', [{ op: 'remove', path: '/spec/list/0' }], { metadata: doc.metadata!, spec: { list: [2, 3] } } as JsonObject],
    ['replace', [{ op: 'replace', path: '/metadata/name', value: 'y' }], { metadata: { name: 'y', labels: { a: '1' } }, spec: doc.spec! } as JsonObject],
    ['move', [{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/z' }], { metadata: { name: 'x', labels: { z: '1' } }, spec: doc.spec! } as JsonObject],
    ['copy', [{ op: 'copy', from: '/spec/list/2', path: '/spec/last' }], { metadata: doc.metadata!, spec: { list: [1, 2, 3], last: 3 } } as JsonObject],
    ['test then replace', [{ op: 'test', path: '/metadata/labels', value: { a: '1' } }, { op: 'replace', path: '/metadata/labels/a', value: '2' }], { metadata: { name: 'x', labels: { a: '2' } }, spec: doc.spec! } as JsonObject],
    ['escaped pointer', [{ op: 'add', path: '/metadata/labels/gitlb.io~1node', value: 'n' }], { metadata: { name: 'x', labels: { a: '1', 'gitlb.io/node': 'n' } }, spec: doc.spec! } as JsonObject],
  ])('%s', (_name, ops, want) => {
    expect(applyJsonPatch(doc, ops)).toEqual(want);
  });

  it.each<[string, JsonValue[]]>([
    ['failed test', [{ op: 'test', path: '/metadata/name', value: 'other' }]],
    ['remove missing', [{ op: 'remove', path: '/spec/nothing' }]],
    ['index out of range', [{ op: 'add', path: '/spec/list/7', value: 1 }]],
    ['replace missing', [{ op: 'replace', path: '/nope', value: 1 }]],
  ])('%s fails as a whole with 422', (_name, ops) => {
    const before = JSON.stringify(doc);
    const err = (() => {
      try {
        applyJsonPatch(doc, [{ op: 'add', path: '/metadata/labels/c', value: '3' }, ...ops]);
      } catch (e) {
        return e as ApiError;
      }
      return undefined;
    })();
    expect(err?.code).toBe(422);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('applyPatch content types', () => {
  it('takes strategic merge patch only for types with list strategies, and refuses server-side apply', () => {
    expect(applyPatch({ a: { b: 1 } }, 'application/strategic-merge-patch+json', { a: { c: 2 } }, () => undefined)).toEqual({ a: { b: 1, c: 2 } });
    expect(() => applyPatch({}, 'application/strategic-merge-patch+json', {})).toThrowError(/unknown format/);
    expect(applyPatch({ a: 1 }, 'application/json-patch+json; charset=utf-8', [{ op: 'replace', path: '/a', value: 2 }])).toEqual({ a: 2 });
    expect(() => applyPatch({}, 'application/apply-patch+yaml', {})).toThrowError(/unknown format/);
  });
});
