// Where a component schema of a bundle is used, in requests and in answers: for the breaking-change gate
// (scripts/gate.ts). `redocly diff` reports a change to a schema shared by a request and an answer at one
// place only (the first it meets), although its rules judge the change for both directions; this finds every
// place, so the gate can name each request and each answer the change reaches.
//
// It reads the bundle as a plain document: an operation is a member of a path item that has `responses`
// (no list of HTTP methods is kept here). When the operation model (packages/openapi/src/model.ts, issue 20)
// is on main this walk is to be replaced by it.

/** The side of an exchange a schema is used on. */
export type Side = 'request' | 'answer';

export interface SchemaUsage {
  side: Side;
  operationId: string;
  method: string;
  path: string;
  /** Where in the operation: "body", "path parameter `type`", "200 answer", "200 answer header `Retry-After`". */
  place: string;
  /** The properties from there to the schema: `['data', 'type']`; empty when the place is the schema itself. */
  trail: string[];
}

/** "`setPushSettings` body `type`": a usage, with `below` (the trail inside the schema) appended. */
export function usageText(usage: SchemaUsage, below: string[] = []): string {
  const trail = [...usage.trail, ...below];
  return `\`${usage.operationId}\` ${usage.place}${trail.length ? ` \`${trailText(trail)}\`` : ''}`;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const unescape = (part: string): string => part.replace(/~1/g, '/').replace(/~0/g, '~');
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Follows a local `$ref` chain (at most 10 hops); anything else is returned as it is. */
function resolve(document: Node, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 10 && isNode(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/'); hops++) {
    let target: unknown = document;
    for (const part of current.$ref.slice(2).split('/').map(unescape)) target = isNode(target) ? target[part] : undefined;
    current = target;
  }
  return current;
}

/** A trail of property names as the gate prints it: `data.items[].type`. */
export function trailText(trail: string[]): string {
  return trail.join('.').replace(/\.\[\]/g, '[]');
}

/**
 * The property trail of a pointer below a schema (`properties/data/properties/type` -> `data`, `type`;
 * `items` -> `[]`); combinator and other keywords add nothing to the trail.
 */
export function schemaTrail(suffix: string): string[] {
  const parts = suffix.split('/').filter(Boolean).map(unescape);
  const trail: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if ((parts[i] === 'properties' || parts[i] === 'patternProperties') && parts[i + 1] !== undefined) trail.push(parts[++i] as string);
    else if (parts[i] === 'items') trail.push('[]');
    else if (parts[i] === 'additionalProperties') trail.push('*');
  }
  return trail;
}

/** Every place of every operation whose schema reaches `#/components/schemas/<name>`, through any chain of `$ref`s. */
export function schemaUsages(document: unknown, name: string): SchemaUsage[] {
  if (!isNode(document) || !isNode(document.paths)) return [];
  const doc = document;
  const found: SchemaUsage[] = [];
  const seen = new Set<string>();

  const walk = (schema: unknown, trail: string[], stack: string[], record: (trail: string[]) => void): void => {
    if (!isNode(schema)) return;
    if (typeof schema.$ref === 'string') {
      const target = SCHEMA_REF.exec(schema.$ref)?.[1];
      const component = target === undefined ? undefined : unescape(target);
      if (component === name) record(trail);
      if (component !== undefined && stack.includes(component)) return; // a recursive schema: each component once per chain
      walk(resolve(doc, schema), trail, component === undefined ? stack : [...stack, component], record);
      return;
    }
    if (isNode(schema.properties)) for (const [key, sub] of Object.entries(schema.properties)) walk(sub, [...trail, key], stack, record);
    if (isNode(schema.patternProperties)) for (const [key, sub] of Object.entries(schema.patternProperties)) walk(sub, [...trail, key], stack, record);
    if (isNode(schema.additionalProperties)) walk(schema.additionalProperties, [...trail, '*'], stack, record);
    if (schema.items !== undefined) walk(schema.items, [...trail, '[]'], stack, record);
    if (Array.isArray(schema.prefixItems)) for (const sub of schema.prefixItems) walk(sub, [...trail, '[]'], stack, record);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[key])) for (const sub of schema[key] as unknown[]) walk(sub, trail, stack, record);
    for (const key of ['not', 'if', 'then', 'else']) walk(schema[key], trail, stack, record);
  };

  for (const [path, rawItem] of Object.entries(doc.paths as Node)) {
    const item = resolve(doc, rawItem);
    if (!isNode(item)) continue;
    for (const [method, rawOperation] of Object.entries(item)) {
      const operation = rawOperation;
      if (!isNode(operation) || !isNode(operation.responses)) continue; // summary, parameters, servers, …: not an operation
      const operationId = typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`;
      const at = (side: Side, place: string) => (trail: string[]) => {
        const key = [side, operationId, place, ...trail].join('\u0000');
        if (seen.has(key)) return;
        seen.add(key);
        found.push({ side, operationId, method: method.toUpperCase(), path, place, trail });
      };
      const parameters = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
      for (const raw of parameters) {
        const parameter = resolve(doc, raw);
        if (!isNode(parameter)) continue;
        const label = `${String(parameter.in ?? '')} parameter \`${String(parameter.name ?? '?')}\``.trim();
        walk(parameter.schema, [], [], at('request', label));
        if (isNode(parameter.content)) for (const media of Object.values(parameter.content)) if (isNode(media)) walk(media.schema, [], [], at('request', label));
      }
      const body = resolve(doc, operation.requestBody);
      if (isNode(body) && isNode(body.content)) for (const media of Object.values(body.content)) if (isNode(media)) walk(media.schema, [], [], at('request', 'body'));
      for (const [status, rawResponse] of Object.entries(operation.responses)) {
        const response = resolve(doc, rawResponse);
        if (!isNode(response)) continue;
        if (isNode(response.content)) for (const media of Object.values(response.content)) if (isNode(media)) walk(media.schema, [], [], at('answer', `${status} answer`));
        if (isNode(response.headers)) {
          for (const [header, rawHeader] of Object.entries(response.headers)) {
            const h = resolve(doc, rawHeader);
            if (isNode(h)) walk(h.schema, [], [], at('answer', `${status} answer header \`${header}\``));
          }
        }
      }
    }
  }
  return found;
}
