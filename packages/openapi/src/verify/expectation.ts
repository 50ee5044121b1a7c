/**
 * The fields of an answer a consumer expects (a pact interaction's answer) that the description does not name.
 *
 * The description's answer schemas are open ("answers can carry more fields; ignore those you do not know"), so
 * a schema check alone accepts a consumer that expects `data.translationLanguage` where the service sends
 * `data.language`. In bi-directional contract testing such a field is a bug of the consumer: the provider never
 * promised it. This walks the expected value beside its schema and lists every object member that no
 * `properties`, `patternProperties` or schema-valued `additionalProperties` of the schema (or of its `allOf`,
 * `oneOf`, `anyOf` branches) names. An object whose schema names nothing (a free-form object) accepts any member.
 */
import { followRef } from '../index.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The schema behind local `$ref`s (a missing target reads as an empty schema, which names nothing). */
function resolved(document: object, schema: unknown): Obj {
  const { node } = followRef(document, schema);
  return isObj(node) ? node : {};
}

/** The schema and every branch of its `allOf` / `oneOf` / `anyOf`, resolved, flattened. */
function branchesOf(document: object, schema: unknown, seen = new Set<Obj>()): Obj[] {
  const node = resolved(document, schema);
  if (seen.has(node)) return [];
  seen.add(node);
  const out = [node];
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = node[keyword];
    if (Array.isArray(list)) for (const branch of list) out.push(...branchesOf(document, branch, seen));
  }
  return out;
}

/** The schemas a member `key` of an object falls under, or `undefined` when none names it. */
function memberSchemas(branches: Obj[], key: string): unknown[] | undefined {
  const found: unknown[] = [];
  let named = false;
  for (const b of branches) {
    if (isObj(b.properties) && key in b.properties) {
      named = true;
      found.push(b.properties[key]);
    }
    if (isObj(b.patternProperties)) {
      for (const [pattern, sub] of Object.entries(b.patternProperties)) {
        if (new RegExp(pattern, 'u').test(key)) {
          named = true;
          found.push(sub);
        }
      }
    }
  }
  if (named) return found;
  const additional = branches.map((b) => b.additionalProperties).filter(isObj);
  return additional.length > 0 ? additional : undefined;
}

/** Whether a schema (with its branches) says anything about an object's members. */
const namesMembers = (branches: Obj[]): boolean => branches.some((b) => isObj(b.properties) || isObj(b.patternProperties) || b.additionalProperties !== undefined);

const join = (field: string, key: string): string => (field === '' ? key : `${field}.${key}`);

/**
 * The fields of `value` (as `data.translationLanguage`, `entities[0].nick`) that `schema` does not name, in the
 * order they appear.
 */
export function unknownFields(document: object, schema: unknown, value: unknown, field = ''): string[] {
  const branches = branchesOf(document, schema);
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      const items = branches.flatMap((b) => {
        const prefix = Array.isArray(b.prefixItems) ? b.prefixItems[i] : undefined;
        return prefix !== undefined ? [prefix] : b.items !== undefined && typeof b.items === 'object' ? [b.items] : [];
      });
      return items.length === 0 ? [] : unknownFields(document, { allOf: items }, item, `${field}[${i}]`);
    });
  }
  if (!isObj(value) || !namesMembers(branches)) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const schemas = memberSchemas(branches, key);
    if (schemas === undefined) return [join(field, key)];
    return unknownFields(document, { allOf: schemas }, member, join(field, key));
  });
}
