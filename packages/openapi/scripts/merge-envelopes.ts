// Merges each answer envelope of the bundle (`allOf` the ResponseEnvelope and a payload object) into one flat object
// schema, and drops the component schemas that only such envelopes used (the ResponseEnvelope).
//
// Why: the source composes every envelope from one ResponseEnvelope (the shape is written once), but the published
// bundle is read by generators that handle `allOf` each in their own way: openapi-zod-client builds `.and()`
// intersections, hey-api and orval `A & B` types, kubb and typed-openapi their own names, and `redocly score` counts
// every member as polymorphism. One flat object reads the same in all of them (issue 13).
//
// The merge is exact or it does not happen: it only merges members that are plain object schemas (type, title,
// description, required, properties), with no keyword whose meaning depends on the other members
// (additionalProperties, unevaluatedProperties, patternProperties, ...), and a property named by two members must
// have the same schema in both. Under those conditions `allOf` of the members and the merged object accept exactly
// the same instances (JSON Schema 2020-12, section 10.2.1.1: each member applies to the whole instance).
// Anything else fails the build with the schema, member and keyword named; test/openapi/equivalence.test.ts proves
// the bundle's verdicts unchanged on its corpus.
import { isDeepStrictEqual } from 'node:util';

type Schema = Record<string, unknown>;
interface OpenApi {
  components?: { schemas?: Record<string, Schema> };
  [key: string]: unknown;
}

/** Keywords a member may carry and the merge keeps the meaning of. */
const MERGEABLE = new Set(['type', 'title', 'description', 'required', 'properties']);
/** Keywords the envelope itself may carry beside `allOf`. */
const ENVELOPE_KEYS = new Set(['type', 'title', 'description', 'allOf']);
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

export interface MergeResult {
  /** The envelopes merged into one object, in document order. */
  merged: string[];
  /** Component schemas dropped because only merged envelopes referred to them. */
  dropped: string[];
}

function isObject(node: unknown): node is Schema {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

function refName(node: Schema): string | undefined {
  return typeof node.$ref === 'string' ? SCHEMA_REF.exec(node.$ref)?.[1] : undefined;
}

/** Every `$ref` string in the document (to find the components nothing refers to any more). */
function collectRefs(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const child of node) collectRefs(child, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
  return into;
}

/**
 * Merges the envelopes of `document` in place. A schema with `allOf` and other keywords beside it, or a member
 * that cannot be merged exactly, throws an Error naming the schema, the member and the keyword.
 */
export function mergeEnvelopes(document: OpenApi): MergeResult {
  const schemas = document.components?.schemas ?? {};
  const merged: string[] = [];
  const members = new Set<string>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (!Array.isArray(schema.allOf)) continue;
    const extra = Object.keys(schema).filter((key) => !ENVELOPE_KEYS.has(key));
    if (extra.length > 0) throw new Error(`${name}: allOf beside ${extra.join(', ')} is not merged; write the envelope as allOf members only`);
    if (schema.type !== undefined && schema.type !== 'object') throw new Error(`${name}: an envelope must be type: object`);
    const required: string[] = [];
    const properties: Record<string, unknown> = {};
    const descriptions = [typeof schema.description === 'string' ? schema.description.trimEnd() : ''];
    let typed = schema.type !== undefined;
    (schema.allOf as unknown[]).forEach((member, index) => {
      if (!isObject(member)) throw new Error(`${name}.allOf[${index}]: ${JSON.stringify(member)} is not a schema object; only object members are merged`);
      const ref = refName(member);
      const label = `${name}.allOf[${index}]${ref ? ` (${ref})` : ''}`;
      const resolved: unknown = ref ? schemas[ref] : member;
      if (resolved === undefined) throw new Error(`${label}: no such schema`);
      if (!isObject(resolved)) throw new Error(`${label}: ${JSON.stringify(resolved)} is not a schema object; only object members are merged`);
      if (resolved.type !== undefined) typed = true;
      if (ref) {
        if (Object.keys(member).length !== 1) throw new Error(`${label}: $ref with siblings is not merged`);
        members.add(ref);
      }
      for (const key of Object.keys(resolved)) {
        if (!MERGEABLE.has(key)) throw new Error(`${label}: "${key}" is not merged exactly; only ${[...MERGEABLE].join(', ')}`);
      }
      if (resolved.type !== undefined && resolved.type !== 'object') throw new Error(`${label}: a member must be type: object`);
      for (const field of (resolved.required as string[] | undefined) ?? []) if (!required.includes(field)) required.push(field);
      for (const [field, fieldSchema] of Object.entries((resolved.properties as Schema | undefined) ?? {})) {
        if (field in properties && !isDeepStrictEqual(properties[field], fieldSchema)) {
          throw new Error(`${label}: property "${field}" differs from an earlier member's`);
        }
        properties[field] = structuredClone(fieldSchema);
      }
      // The shared envelope's own text (which fields are optional and why) stays with each answer.
      if (ref && typeof resolved.description === 'string') descriptions.push(resolved.description.trimEnd());
    });
    // `type: object` only if the envelope or a member said so: without it, allOf accepts non-objects too.
    const flat: Schema = typed ? { type: 'object' } : {};
    if (schema.title !== undefined) flat.title = schema.title;
    const description = descriptions.filter(Boolean).join('\n\n');
    if (description) flat.description = `${description}\n`;
    if (required.length > 0) flat.required = required;
    flat.properties = properties;
    schemas[name] = flat;
    merged.push(name);
  }
  const refs = collectRefs(document, new Set());
  const dropped = [...members].filter((name) => !refs.has(`#/components/schemas/${name}`));
  for (const name of dropped) delete schemas[name];
  return { merged, dropped };
}
