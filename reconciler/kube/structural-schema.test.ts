import { describe, expect, it } from 'vitest';
import { convertSchema, schemaDocuments, type SchemaObject } from './structural-schema.js';

const docs = (extra: Array<{ file: string; schema: SchemaObject }> = []): Map<string, SchemaObject> => schemaDocuments(extra);

describe('convertSchema', () => {
  it('inlines $defs refs and drops document keywords', () => {
    const s = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://x/a.schema.json',
      type: 'object',
      properties: { a: { $ref: '#/$defs/a', description: 'overrides' } },
      $defs: { a: { type: 'string', description: 'A.' } },
    };
    expect(convertSchema(s, docs(), 'openapi')).toEqual({
      schema: { type: 'object', properties: { a: { type: 'string', description: 'overrides' } } },
      dropped: [],
    });
  });

  it('resolves refs into other documents by $id or file name, relative to that document', () => {
    const common = { $id: 'https://x/common.schema.json', $defs: { sel: { type: 'object', properties: { k: { $ref: '#/$defs/k' } } }, k: { type: 'string' } } };
    const s = { type: 'object', properties: { a: { $ref: 'https://x/common.schema.json#/$defs/sel' }, b: { $ref: 'common.schema.json#/$defs/k' } } };
    const out = convertSchema(s, docs([{ file: 'common.schema.json', schema: common }]), 'openapi').schema;
    expect(out.properties).toEqual({ a: { type: 'object', properties: { k: { type: 'string' } } }, b: { type: 'string' } });
  });

  it('refuses recursive refs', () => {
    const s = { $defs: { n: { type: 'object', properties: { next: { $ref: '#/$defs/n' } } } }, $ref: '#/$defs/n' };
    expect(() => convertSchema(s, docs(), 'crd')).toThrowError(/recursive \$ref/);
  });

  it.each<[string, SchemaObject, SchemaObject, SchemaObject]>([
    ['const becomes a typed enum', { const: 'x' }, { enum: ['x'], type: 'string' }, { enum: ['x'], type: 'string' }],
    ['enum without type gets one', { enum: [1, 2] }, { enum: [1, 2], type: 'integer' }, { enum: [1, 2], type: 'integer' }],
    ['nullable type list', { type: ['string', 'null'] }, { type: 'string', nullable: true }, { type: 'string', nullable: true }],
    ['int-or-string', { type: ['integer', 'string'] }, {}, { 'x-kubernetes-int-or-string': true }],
    ['2020 exclusive bounds', { type: 'integer', exclusiveMinimum: 0 }, { type: 'integer', minimum: 0, exclusiveMinimum: true }, { type: 'integer', minimum: 0, exclusiveMinimum: true }],
    ['additionalProperties false only in OpenAPI', { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
      { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } }, { type: 'object', properties: { a: { type: 'string' } } }],
    ['string maps stay', { type: 'object', additionalProperties: { type: 'string' } }, { type: 'object', additionalProperties: { type: 'string' } }, { type: 'object', additionalProperties: { type: 'string' } }],
    ['uniqueItems becomes a set list in CRDs', { type: 'array', uniqueItems: true, items: { type: 'string' } },
      { type: 'array', uniqueItems: true, items: { type: 'string' } }, { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' }],
    ['branches carry validations only in CRDs', { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'], description: 'd' }] },
      { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'], description: 'd' }] },
      { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }] }],
  ])('%s', (_name, input, openapi, crd) => {
    expect(convertSchema(input, docs(), 'openapi').schema).toEqual(openapi);
    expect(convertSchema(input, docs(), 'crd').schema).toMatchObject(crd);
  });

  it('lists the keywords it had to drop', () => {
    const s = { type: 'object', if: { required: ['a'] }, then: { required: ['b'] }, patternProperties: { '^x': { type: 'string' } } };
    expect(convertSchema(s, docs(), 'openapi').dropped).toEqual(['if', 'patternProperties', 'then']);
  });

  it('shapes a CRD root: plain apiVersion/kind, opaque metadata, no required server fields', () => {
    const s = {
      title: 'K',
      type: 'object',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: { apiVersion: { const: 'g/v1', description: 'v' }, kind: { const: 'K' }, metadata: { type: 'object', properties: { name: { type: 'string' } } }, spec: { type: 'object' } },
    };
    expect(convertSchema(s, docs(), 'crd').schema).toEqual({
      type: 'object',
      required: ['spec'],
      properties: { apiVersion: { type: 'string', description: 'v' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } },
    });
  });
});
