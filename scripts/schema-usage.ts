// Where a component schema of a bundle is used, in requests and in answers: for the breaking-change gate
// (scripts/gate.ts). `redocly diff` reports a change to a schema shared by a request and an answer at one
// place only (the first it meets), although its rules judge the change for both directions; this finds every
// place, so the gate can name each request and each answer the change reaches.
//
// The operations, their parameters, bodies and answers come from the operation model
// (packages/openapi/src/model.ts); this file only walks schemas, following `$ref`s.

import { type ApiModel, buildOperationModel, followRef, type OpenApiDocument, unescapePointer } from '../packages/openapi/src/model.js';

/** The side of an exchange a schema is used on. */
export type Side = 'request' | 'answer';

export interface SchemaUsage {
  side: Side;
  operationId: string;
  method: string;
  path: string;
  /** Where in the operation: "body", "path parameter `type`", "200 answer". */
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
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Follows a local `$ref` chain; anything else is returned as it is. */
const resolve = (document: Node, node: unknown): unknown => followRef(document, node).node;

/** A trail of property names as the gate prints it: `data.items[].type`. */
export function trailText(trail: string[]): string {
  return trail.join('.').replace(/\.\[\]/g, '[]');
}

/**
 * The property trail of a pointer below a schema (`properties/data/properties/type` -> `data`, `type`;
 * `items` -> `[]`); combinator and other keywords add nothing to the trail.
 */
export function schemaTrail(suffix: string): string[] {
  const parts = suffix.split('/').filter(Boolean).map(unescapePointer);
  const trail: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if ((parts[i] === 'properties' || parts[i] === 'patternProperties') && parts[i + 1] !== undefined) trail.push(parts[++i] as string);
    else if (parts[i] === 'items') trail.push('[]');
    else if (parts[i] === 'additionalProperties') trail.push('*');
  }
  return trail;
}

/** One model per description: the gate asks for the usages of every changed schema of the same two documents. */
const models = new WeakMap<object, ApiModel>();
function modelOf(document: Node): ApiModel {
  let model = models.get(document);
  if (!model) {
    try {
      model = buildOperationModel(document as unknown as OpenApiDocument);
    } catch (error) {
      throw new Error(`could not read the operations of the description: ${error instanceof Error ? error.message : String(error)}`);
    }
    models.set(document, model);
  }
  return model;
}

/** Every place of every operation whose schema reaches `#/components/schemas/<name>`, through any chain of `$ref`s. */
export function schemaUsages(document: unknown, name: string): SchemaUsage[] {
  if (!isNode(document)) return [];
  const doc = document;
  const model = modelOf(doc);
  const found: SchemaUsage[] = [];
  const seen = new Set<string>();

  const walk = (schema: unknown, trail: string[], stack: string[], record: (trail: string[]) => void): void => {
    if (!isNode(schema)) return;
    if (typeof schema.$ref === 'string') {
      const target = SCHEMA_REF.exec(schema.$ref)?.[1];
      const component = target === undefined ? undefined : unescapePointer(target);
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

  for (const operation of model.operations) {
    const { operationId } = operation;
    const at = (side: Side, place: string) => (trail: string[]) => {
      const key = [side, operationId, place, ...trail].join('\u0000');
      if (seen.has(key)) return;
      seen.add(key);
      found.push({ side, operationId, method: operation.method.toUpperCase(), path: operation.path, place, trail });
    };
    for (const parameter of operation.parameters) walk(parameter.schema.node, [], [], at('request', `${parameter.in} parameter \`${parameter.name}\``));
    if (operation.requestBody) walk(operation.requestBody.schema.node, [], [], at('request', 'body'));
    for (const response of operation.responses) if (response.schema) walk(response.schema.node, [], [], at('answer', `${response.status} answer`));
  }
  return found;
}
