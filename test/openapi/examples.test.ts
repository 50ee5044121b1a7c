// Every example in the bundle (request bodies, responses, parameters, schema `examples`) validates
// against its own schema with Ajv (draft 2020-12 + formats), through the package's contract validator.
import { describe, expect, it } from 'vitest';
import { bundle, deref, escapePointer, operations, validator } from '../support/description.js';

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

function mediaExamples(content: unknown, contentPointer: string, where: string): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const [mediaType, media] of Object.entries((content ?? {}) as Record<string, Record<string, unknown>>)) {
    const schemaPointer = `${contentPointer}/${escapePointer(mediaType)}/schema`;
    for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, unknown>)) {
      cases.push({ where: `${where} example ${name}`, schemaPointer, value: deref<{ value: unknown }>(example).value });
    }
    if ('example' in media) cases.push({ where: `${where} example`, schemaPointer, value: media.example });
  }
  return cases;
}

function collectCases(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const { path, method, pointer, operation } of operations()) {
    const label = `${method.toUpperCase()} ${path}`;
    const body = operation.requestBody as Record<string, unknown> | undefined;
    if (body) cases.push(...mediaExamples(body.content, `${pointer}/requestBody/content`, `${label} request`));
    for (const [status, response] of Object.entries(operation.responses as Record<string, unknown>)) {
      const ref = (response as { $ref?: string }).$ref;
      const responsePointer = ref ?? `${pointer}/responses/${status}`;
      cases.push(...mediaExamples(deref<{ content?: unknown }>(response).content, `${responsePointer}/content`, `${label} ${status}`));
    }
  }
  for (const [name, parameter] of Object.entries(bundle.components.parameters ?? {})) {
    const p = parameter as { example?: unknown; schema?: unknown };
    if ('example' in p) cases.push({ where: `parameter ${name} example`, schemaPointer: `#/components/parameters/${name}/schema`, value: p.example });
  }
  for (const [name, header] of Object.entries(bundle.components.headers ?? {})) {
    const h = header as { example?: unknown };
    if ('example' in h) cases.push({ where: `header ${name} example`, schemaPointer: `#/components/headers/${name}/schema`, value: h.example });
  }
  // `examples` arrays inside schemas, at any depth.
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (Array.isArray(schema.examples) && (schema.type !== undefined || schema.$ref !== undefined || schema.oneOf !== undefined)) {
      schema.examples.forEach((value, i) => cases.push({ where: `schema ${pointer} examples[${i}]`, schemaPointer: pointer, value }));
    }
    for (const [key, child] of Object.entries(schema)) {
      if (key !== 'examples') walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk(bundle.components.schemas, '#/components/schemas');
  return cases;
}

const cases = collectCases();

describe('every example in the bundle', () => {
  it('finds the examples of all eight operations, their errors and the schemas', () => {
    expect(cases.filter((c) => c.where.includes(' request example ')).length).toBeGreaterThanOrEqual(8);
    expect(cases.filter((c) => / 200 example /.test(c.where)).length).toBeGreaterThanOrEqual(9);
    for (const status of ['400', '401', '403', '404', '413', '415', '429', '500']) {
      expect(
        cases.some((c) => c.where.includes(` ${status} example `)),
        `an example for ${status}`,
      ).toBe(true);
    }
    expect(cases.some((c) => c.where.startsWith('parameter '))).toBe(true);
    expect(cases.some((c) => c.where.startsWith('schema '))).toBe(true);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s validates against its schema', (_where, c) => {
    const validate = validator.compile(c.schemaPointer);
    expect(validate(c.value), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a broken example would be caught: the same check rejects a page example with one field out of range', () => {
    const example = cases.find((c) => c.where.includes('PushSettingsAppLevelRequest'));
    expect(example).toBeDefined();
    const broken = { ...(example?.value as object), ignoreDuration: 604800001 };
    expect(validator.compile(example?.schemaPointer ?? '')(broken)).toBe(false);
  });
});
