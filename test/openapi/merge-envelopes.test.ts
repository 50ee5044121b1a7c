// The bundler's envelope merge (packages/openapi/scripts/merge-envelopes.ts): it merges `allOf` of plain object
// members into one object, drops the components only those envelopes used, and refuses, naming the schema, the
// member and the keyword, every `allOf` it cannot merge exactly. The built bundle has no `allOf` left and no
// ResponseEnvelope; the equivalence test proves its verdicts unchanged.
import { describe, expect, it } from 'vitest';
import { mergeEnvelopes } from '../../packages/openapi/scripts/merge-envelopes.js';
import { bundle } from '../support/description.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const base = {
  type: 'object',
  title: 'Base',
  description: 'Common fields.',
  required: ['a'],
  properties: { a: { type: 'string', minLength: 1 }, t: ref('Time') },
};
function document(envelope: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    openapi: '3.1.0',
    paths: { '/x': { get: { responses: { '200': { content: { 'application/json': { schema: ref('Envelope') } } } } } } },
    components: { schemas: { Base: structuredClone(base), Time: { type: 'integer', minimum: 0 }, Envelope: envelope, ...extra } },
  };
}

describe('mergeEnvelopes', () => {
  it('merges allOf of a $ref and an inline payload into one object, keeping rules, refs and both descriptions', () => {
    const doc = document({ title: 'Envelope', description: 'The answer.', allOf: [ref('Base'), { type: 'object', required: ['data'], properties: { data: { type: 'boolean' } } }] });
    expect(mergeEnvelopes(doc)).toEqual({ merged: ['Envelope'], dropped: ['Base'] });
    expect(doc.components.schemas).toEqual({
      Time: { type: 'integer', minimum: 0 },
      Envelope: {
        type: 'object',
        title: 'Envelope',
        description: 'The answer.\n\nCommon fields.\n',
        required: ['a', 'data'],
        properties: { a: { type: 'string', minLength: 1 }, t: ref('Time'), data: { type: 'boolean' } },
      },
    });
  });

  it('keeps a member that something else still refers to', () => {
    const doc = document({ allOf: [ref('Base'), { properties: { data: {} } }] }, { Other: { type: 'array', items: ref('Base') } });
    expect(mergeEnvelopes(doc).dropped).toEqual([]);
    expect(doc.components.schemas).toHaveProperty('Base');
  });

  it('copies, never shares, the member property schemas (a later edit of one envelope leaves the other alone)', () => {
    const doc = document({ allOf: [ref('Base')] }, { Second: { allOf: [ref('Base')] } });
    mergeEnvelopes(doc);
    const schemas = doc.components.schemas as unknown as Record<string, { properties: Record<string, object> }>;
    expect(schemas.Envelope!.properties.a).not.toBe(schemas.Second!.properties.a);
  });

  it.each([
    ['a keyword beside allOf', { allOf: [ref('Base')], additionalProperties: false }, {}, /^Envelope: allOf beside additionalProperties is not merged/],
    ['a member with additionalProperties', { allOf: [ref('Base'), { type: 'object', additionalProperties: false }] }, {}, /^Envelope\.allOf\[1\]: "additionalProperties" is not merged exactly/],
    ['a member with oneOf', { allOf: [ref('Base'), { oneOf: [{ type: 'object' }] }] }, {}, /^Envelope\.allOf\[1\]: "oneOf" is not merged exactly/],
    ['a $ref member with unevaluatedProperties', { allOf: [ref('Strict')] }, { Strict: { type: 'object', unevaluatedProperties: false } }, /^Envelope\.allOf\[0\] \(Strict\): "unevaluatedProperties"/],
    ['a member that is not an object', { allOf: [ref('Base'), { type: 'string' }] }, {}, /^Envelope\.allOf\[1\]: a member must be type: object/],
    ['two members that disagree on a property', { allOf: [ref('Base'), { properties: { a: { type: 'integer' } } }] }, {}, /^Envelope\.allOf\[1\]: property "a" differs/],
    ['a $ref with siblings', { allOf: [{ ...ref('Base'), description: 'x' }] }, {}, /^Envelope\.allOf\[0\] \(Base\): \$ref with siblings/],
    ['a missing member', { allOf: [ref('Nope')] }, {}, /^Envelope\.allOf\[0\] \(Nope\): no such schema/],
    ['a boolean member', { allOf: [ref('Base'), false] }, {}, /^Envelope\.allOf\[1\]: false is not a schema object/],
    ['a null member', { allOf: [null] }, {}, /^Envelope\.allOf\[0\]: null is not a schema object/],
    ['a $ref to a boolean schema', { allOf: [ref('Never')] }, { Never: false }, /^Envelope\.allOf\[0\] \(Never\): false is not a schema object/],
  ])('refuses %s, naming the schema, the member and the keyword', (_name, envelope, extra, message) => {
    expect(() => mergeEnvelopes(document(envelope, extra))).toThrow(message);
  });

  it('adds no type when neither the envelope nor a member has one (allOf of untyped members accepts non-objects)', () => {
    const doc = document({ allOf: [{ required: ['a'], properties: { a: {} } }] });
    mergeEnvelopes(doc);
    expect(doc.components.schemas.Envelope).toEqual({ required: ['a'], properties: { a: {} } });
  });

  it('leaves the same property named twice alone when both members agree', () => {
    const doc = document({ allOf: [ref('Base'), { properties: { a: { type: 'string', minLength: 1 } } }] });
    expect(mergeEnvelopes(doc).merged).toEqual(['Envelope']);
  });
});

describe('the built bundle', () => {
  const text = JSON.stringify(bundle);
  it('has no allOf left and no ResponseEnvelope; the four envelopes are flat objects with their payload', () => {
    expect(text).not.toContain('"allOf"');
    expect(bundle.components.schemas).not.toHaveProperty('ResponseEnvelope');
    const schemas = bundle.components.schemas as Record<string, { type?: string; required?: string[] }>;
    for (const [name, payload] of [
      ['PushSettingsEnvelope', 'data'],
      ['PushLanguageEnvelope', 'data'],
      ['PushTemplateEnvelope', 'data'],
      ['UserEntitiesEnvelope', 'entities'],
    ] as const) {
      expect(schemas[name]!.type, name).toBe('object');
      expect(schemas[name]!.required, name).toEqual(['action', 'uri', 'timestamp', 'duration', payload]);
    }
  });
});
