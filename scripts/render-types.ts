// Renders one JSON Schema into a TypeScript module of types (json-schema-to-typescript).
import { compile, type JSONSchema } from 'json-schema-to-typescript';

/** The generated file name and text for schemas/<name>.schema.json. */
export async function renderGeneratedTypes(schemaFile: string, schema: unknown): Promise<{ fileName: string; text: string }> {
  const base = schemaFile.replace(/\.schema\.json$/, '');
  const text = await compile(schema as JSONSchema, base, {
    bannerComment: `// Generated from schemas/${schemaFile} by \`npm run generate\`. Do not edit.`,
    additionalProperties: false,
    unreachableDefinitions: false,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
  });
  return { fileName: `${base}.generated.ts`, text };
}
