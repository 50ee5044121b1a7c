/**
 * The operation model: one typed record per operation of the description, built once from the bundle. Every
 * package reads the description's operations through it (the client generator, the sandbox, the proxy and the
 * traffic checker, the matchers, the docs build, the breaking-change gate): no other file walks `paths` or
 * lists HTTP methods.
 *
 * Records are named, never positional; every schema comes with the JSON pointer where it stands in the
 * document (what `ContractValidator.validateAt` and `compile` take), `$ref`s followed.
 */
import { readFileSync } from 'node:fs';

/** The bundled OpenAPI document (loosely typed: read it with the `openapi-typescript` types for precision). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** A schema object of the description, as it stands in the document (`$ref`s not followed). */
export type SchemaNode = Record<string, unknown>;

/** Every HTTP method a path item may hold, lowercase, in the order of the OpenAPI specification. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/**
 * The methods this description's operations use, lowercase.
 * @deprecated Read `buildOperationModel().methods` (or {@link HTTP_METHODS}); removed in 0.4.0.
 */
export const METHODS = ['get', 'put', 'post', 'delete'] as const satisfies readonly HttpMethod[];

/** The rate limit of an operation, from its `x-rate-limit` extension (see EXTENSIONS.md). */
export interface RateLimit {
  limit: number;
  period: 'second' | 'minute';
  scope: 'app-key';
  /** Operations (or actions) with the same budget share one limit. */
  budget: string;
}

/** The length of an `x-rate-limit` period in ms. */
export const PERIOD_MS: Readonly<Record<RateLimit['period'], number>> = Object.freeze({ second: 1_000, minute: 60_000 });

/** A named example (`components/examples` or inline), with its value. */
export interface ExampleModel {
  /** The example's key in the media type's `examples` (the component's name when it is a `$ref`). */
  name: string;
  summary?: string | undefined;
  description?: string | undefined;
  value: unknown;
  /** The `components/examples` name it refers to, when it is a `$ref`. */
  component?: string | undefined;
}

/** A schema and where it stands. */
export interface SchemaRef {
  /** The schema as written (a `$ref` node, or the schema itself). */
  node: SchemaNode;
  /** The schema with its top-level `$ref` followed. */
  resolved: SchemaNode;
  /** The JSON pointer of the schema node (`#/paths/~1{org_name}.../put/requestBody/content/application~1json/schema`). */
  pointer: string;
  /** The component schema's name, when the node is a `$ref` to `#/components/schemas/NAME`. */
  component?: string | undefined;
}

/** One parameter of an operation (path-item and operation parameters merged, the operation's winning). */
export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string | undefined;
  deprecated: boolean;
  schema: SchemaRef;
  /** The parameter component's name, when it is a `$ref` to `#/components/parameters/NAME`. */
  component?: string | undefined;
  example?: unknown;
}

/** A request-body field the description marks `deprecated`, with the advice of its description. */
export interface DeprecatedField {
  name: string;
  /** The sentence after "**Deprecated:**" in the field's description, without Markdown; `see the description` if none. */
  advice: string;
}

/** The request body of an operation (`application/json`). */
export interface RequestBodyModel {
  /** JSON pointer of the request body object (its `$ref` followed). */
  pointer: string;
  required: boolean;
  mediaType: string;
  schema: SchemaRef;
  /** The top-level fields of the body (the properties of its object schema). */
  fields: string[];
  /** Top-level fields marked `deprecated` (ERRATA E23), in the schema's order. */
  deprecatedFields: DeprecatedField[];
  examples: ExampleModel[];
}

/**
 * A documented error of an operation: a named error example of one of its responses (`error`, `exception`,
 * `error_description`).
 */
export interface ErrorModel {
  status: string;
  /** The example's name (`ErrorUserNotFound`). */
  example: string;
  error: string;
  exception?: string | undefined;
  errorDescription?: string | undefined;
  summary?: string | undefined;
}

/** The payload of a success answer: the one envelope field that holds an object or a list of objects. */
export interface PayloadModel {
  /** The envelope field: `data` or `entities`. */
  property: string;
  /** `true` when the field is a list of objects (`entities`). */
  list: boolean;
  /** The payload object's schema (the list's items for a list). */
  schema: SchemaRef;
  /** The payload object's fields. */
  fields: string[];
}

/** One documented answer of an operation. */
export interface ResponseModel {
  /** The status key as written (`200`, `4XX`, `default`). */
  status: string;
  description: string;
  /** The response component's name, when it is a `$ref` to `#/components/responses/NAME`. */
  component?: string | undefined;
  /** JSON pointer of the response object (its `$ref` followed). */
  pointer: string;
  /** The `application/json` schema, when the answer has one. */
  schema?: SchemaRef | undefined;
  /** The success payload (`data` or `entities`), for 2xx answers that have one. */
  payload?: PayloadModel | undefined;
  /** Header names the answer documents (lowercase). */
  headers: string[];
  examples: ExampleModel[];
}

/** An operation of the description, with what a router, a validator, a generator and a docs page need. */
export interface OperationModel {
  operationId: string;
  method: HttpMethod;
  /** The path template, e.g. `/{org_name}/{app_name}/users/{username}`. */
  path: string;
  /** JSON pointer of the operation object (`#/paths/~1{org_name}~1.../put`). */
  pointer: string;
  summary: string;
  description: string;
  tags: string[];
  deprecated: boolean;
  /** Path parameter names in order of appearance in the path. */
  pathParameters: string[];
  /** Every parameter (path, query, header), path-item level first. */
  parameters: ParameterModel[];
  /** `true` when the operation documents a request body. */
  hasRequestBody: boolean;
  requestBody?: RequestBodyModel | undefined;
  /** Documented answers, in the description's order. */
  responses: ResponseModel[];
  /** Documented response statuses, e.g. `['200', '400', ...]`. */
  statuses: string[];
  /** The success answer (the first 2xx). */
  success?: ResponseModel | undefined;
  /** The operation's `x-rate-limit` (required on every operation: lint's `rule/operation-rate-limit`). */
  rateLimit: RateLimit;
  /** The documented errors: each named error example of each response, in order. */
  errors: ErrorModel[];
  /** Security requirement names (`appToken`). */
  security: string[];
  /** The security requirements as the description states them: any one list passes, all schemes of a list needed. */
  securityRequirements: string[][];
  /** The operation's vendor extensions (`x-rate-limit`, `x-codeSamples`, ...), by name. */
  extensions: Record<string, unknown>;
  /**
   * The path parameters of a concrete path (without query string), decoded, or `undefined` when the path is not
   * this operation's. Compiled once.
   */
  matchPath(path: string): Record<string, string> | undefined;
}

/** The description's operations, looked up by id or by request. */
export interface ApiModel {
  readonly document: OpenApiDocument;
  readonly operations: readonly OperationModel[];
  /** The operation with this id; throws on an unknown id, naming the known ones. */
  operation(operationId: string): OperationModel;
  /** The operation and path parameters for a method (any case) and a concrete path (without query string). */
  match(method: string, path: string): { operation: OperationModel; params: Record<string, string> } | undefined;
  /** The operations of one path template, in method order. */
  operationsAt(path: string): OperationModel[];
  /** The HTTP methods the description's operations use, uppercase, in method order (`GET, PUT, POST, DELETE`). */
  readonly methods: readonly string[];
}

/** Where the bundled description lives in this package. */
export const descriptionUrl: URL = new URL('./openapi.json', import.meta.url);

/** Reads the bundled description that ships with this package. */
export function loadDescription(): OpenApiDocument {
  return JSON.parse(readFileSync(descriptionUrl, 'utf8')) as OpenApiDocument;
}

/** Escapes one segment of a JSON pointer (`/` as `~1`, `~` as `~0`): `#/paths/${escapePointer(path)}`. */
export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Unescapes one segment of a JSON pointer (`~1` as `/`, `~0` as `~`). */
export const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The node at a local JSON pointer of `document` (`#/components/schemas/PushMode`). */
export function atPointer(document: object, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>((node, s) => (node as Record<string, unknown> | undefined)?.[unescapePointer(s)], document);
}

/**
 * Follows a chain of local `$ref`s from `node` (a response component that is itself a `$ref`) to its end, at most
 * 32 hops (a cycle ends there): the node reached (`undefined` when a target is missing) and the pointer of the last
 * `$ref` followed (`pointer`, where `node` stands, when there was none).
 */
export function followRef(document: object, node: unknown, pointer?: string): { node: unknown; pointer: string | undefined } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#') && hops < 32; hops++) {
    at = current.$ref;
    current = atPointer(document, at);
  }
  return { node: current, pointer: at };
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Follows a local `$ref` (`{ $ref: '#/components/...' }`) of `document`; returns any other node as it is. */
export function resolveRef<T = Record<string, unknown>>(document: object, node: unknown): T {
  const ref = (node as { $ref?: unknown } | null | undefined)?.$ref;
  return (typeof ref === 'string' ? atPointer(document, ref) : node) as T;
}

/** The name of a `$ref` to `#/components/<kind>/NAME`. */
const componentOf = (node: unknown, kind: string): string | undefined => {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  const prefix = `#/components/${kind}/`;
  return typeof ref === 'string' && ref.startsWith(prefix) ? unescapePointer(ref.slice(prefix.length)) : undefined;
};

/** An operation's `x-rate-limit`, checked: the sandbox enforces it and the client paces calls with it. */
function rateLimitOf(operationId: string, value: unknown): RateLimit {
  const r = value as Partial<RateLimit> | undefined;
  if (!isObject(r)) throw new Error(`${operationId}: x-rate-limit is missing; every operation needs one (EXTENSIONS.md)`);
  if (!Number.isInteger(r.limit) || (r.limit as number) < 1 || !(r.period! in PERIOD_MS) || r.scope !== 'app-key' || typeof r.budget !== 'string' || r.budget === '') {
    throw new Error(`${operationId}: x-rate-limit must have an integer limit >= 1, a period of second or minute, scope app-key and a budget name (EXTENSIONS.md); got ${JSON.stringify(value)}`);
  }
  return r as RateLimit;
}

/** Builds the operation model of a description (the bundled one by default). Throws naming what is missing. */
export function buildOperationModel(document: OpenApiDocument = loadDescription()): ApiModel {
  const follow = (node: unknown, pointer: string): { node: Record<string, unknown>; pointer: string } => {
    const { node: current, pointer: at = pointer } = followRef(document, node, pointer);
    if (!isObject(current)) throw new Error(`the description has nothing at ${at}`);
    return { node: current, pointer: at };
  };

  const schemaRef = (node: unknown, pointer: string): SchemaRef => {
    if (!isObject(node)) throw new Error(`the description has no schema at ${pointer}`);
    return { node, resolved: follow(node, pointer).node, pointer, component: componentOf(node, 'schemas') };
  };

  /** The properties of an object schema (its `allOf` members' merged in), each as a {@link SchemaRef}. */
  const propertiesOf = (schema: SchemaRef): Map<string, SchemaRef> => {
    const found = new Map<string, SchemaRef>();
    const visit = (node: SchemaNode, pointer: string): void => {
      const { node: resolved, pointer: at } = follow(node, pointer);
      for (const [name, property] of Object.entries((resolved.properties ?? {}) as Record<string, unknown>)) {
        if (!found.has(name)) found.set(name, schemaRef(property, `${at}/properties/${escapePointer(name)}`));
      }
      ((resolved.allOf ?? []) as SchemaNode[]).forEach((member, i) => visit(member, `${at}/allOf/${i}`));
    };
    visit(schema.node, schema.pointer);
    return found;
  };

  const examplesOf = (media: Record<string, unknown>, pointer: string): ExampleModel[] => {
    const examples = (media.examples ?? {}) as Record<string, unknown>;
    return Object.entries(examples).map(([name, raw]) => {
      const example = follow(raw, `${pointer}/examples/${escapePointer(name)}`).node as {
        summary?: string;
        description?: string;
        value?: unknown;
      };
      return {
        name,
        summary: example.summary,
        description: example.description,
        value: example.value,
        component: componentOf(raw, 'examples'),
      };
    });
  };

  const deprecatedOf = (fields: Map<string, SchemaRef>): DeprecatedField[] => {
    const list: DeprecatedField[] = [];
    for (const [name, field] of fields) {
      if (field.node.deprecated !== true && field.resolved.deprecated !== true) continue;
      const text = String(field.node.description ?? field.resolved.description ?? '');
      const sentence = /\*\*Deprecated:\*\*\s*([^.]*)/.exec(text)?.[1];
      list.push({ name, advice: sentence ? sentence.replace(/[`*]/g, '').trim() : 'see the description' });
    }
    return list;
  };

  const payloadOf = (schema: SchemaRef): PayloadModel | undefined => {
    for (const [property, field] of propertiesOf(schema)) {
      const isList = field.resolved.type === 'array';
      const target = isList ? schemaRef(field.resolved.items, `${follow(field.node, field.pointer).pointer}/items`) : field;
      if (target.resolved.type !== 'object' && !isObject(target.resolved.properties)) continue;
      return { property, list: isList, schema: target, fields: [...propertiesOf(target).keys()] };
    }
    return undefined;
  };

  const parametersOf = (item: Record<string, unknown>, op: Record<string, unknown>, itemPointer: string, method: string): ParameterModel[] => {
    const byKey = new Map<string, ParameterModel>();
    const lists: [unknown, string][] = [
      [item.parameters, `${itemPointer}/parameters`],
      [op.parameters, `${itemPointer}/${method}/parameters`],
    ];
    for (const [list, listPointer] of lists) {
      (Array.isArray(list) ? list : []).forEach((raw: unknown, i: number) => {
        const { node, pointer } = follow(raw, `${listPointer}/${i}`);
        const parameter: ParameterModel = {
          name: String(node.name),
          in: node.in as ParameterModel['in'],
          required: node.required === true,
          description: node.description as string | undefined,
          deprecated: node.deprecated === true,
          schema: schemaRef(node.schema, `${pointer}/schema`),
          component: componentOf(raw, 'parameters'),
          example: node.example,
        };
        byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      });
    }
    return [...byKey.values()];
  };

  const responsesOf = (op: Record<string, unknown>, opPointer: string): ResponseModel[] =>
    Object.entries((op.responses ?? {}) as Record<string, unknown>).map(([status, raw]) => {
      const { node, pointer } = follow(raw, `${opPointer}/responses/${escapePointer(status)}`);
      const media = (node.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
      const mediaPointer = `${pointer}/content/application~1json`;
      const schema = media?.schema === undefined ? undefined : schemaRef(media.schema, `${mediaPointer}/schema`);
      return {
        status,
        description: String(node.description ?? ''),
        component: componentOf(raw, 'responses'),
        pointer,
        schema,
        payload: schema && /^2/.test(status) ? payloadOf(schema) : undefined,
        headers: Object.keys((node.headers ?? {}) as object).map((h) => h.toLowerCase()),
        examples: media ? examplesOf(media, mediaPointer) : [],
      };
    });

  const errorsOf = (responses: ResponseModel[]): ErrorModel[] =>
    responses.flatMap((response) =>
      /^2/.test(response.status)
        ? []
        : response.examples.flatMap((example) => {
            const value = example.value as Record<string, unknown> | undefined;
            if (!isObject(value) || typeof value.error !== 'string') return [];
            return [
              {
                status: response.status,
                example: example.name,
                error: value.error,
                exception: typeof value.exception === 'string' ? value.exception : undefined,
                errorDescription: typeof value.error_description === 'string' ? value.error_description : undefined,
                summary: example.summary,
              },
            ];
          }),
    );

  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `${itemPointer}/${method}`;
      if (typeof op.operationId !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const rateLimit = rateLimitOf(op.operationId, op['x-rate-limit']);
      const body = op.requestBody === undefined ? undefined : follow(op.requestBody, `${pointer}/requestBody`);
      let requestBody: RequestBodyModel | undefined;
      if (body) {
        const media = (body.node.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
        if (!media) throw new Error(`operation ${op.operationId} has a request body without application/json`);
        const mediaPointer = `${body.pointer}/content/application~1json`;
        const schema = schemaRef(media.schema, `${mediaPointer}/schema`);
        const fields = propertiesOf(schema);
        requestBody = {
          pointer: body.pointer,
          required: body.node.required === true,
          mediaType: 'application/json',
          schema,
          fields: [...fields.keys()],
          deprecatedFields: deprecatedOf(fields),
          examples: examplesOf(media, mediaPointer),
        };
      }
      const responses = responsesOf(op, pointer);
      const securityRequirements = ((op.security ?? document.security ?? []) as Record<string, unknown>[]).map((requirement) => Object.keys(requirement));
      const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      // Path parameter names are identifiers (org_name, username, ...), so they serve as group names.
      const regex = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
      operations.push({
        operationId: op.operationId,
        method,
        path,
        pointer,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        deprecated: op.deprecated === true,
        pathParameters,
        parameters: parametersOf(item, op, itemPointer, method),
        hasRequestBody: requestBody !== undefined,
        requestBody,
        responses,
        statuses: responses.map((r) => r.status),
        success: responses.find((r) => /^2/.test(r.status)),
        rateLimit,
        errors: errorsOf(responses),
        security: securityRequirements.flat(),
        securityRequirements,
        extensions: Object.fromEntries(Object.entries(op).filter(([key]) => key.startsWith('x-'))),
        matchPath(concrete) {
          const found = regex.exec(concrete);
          if (!found) return undefined;
          const params: Record<string, string> = {};
          for (const name of pathParameters) {
            const raw = found.groups?.[name] ?? '';
            try {
              params[name] = decodeURIComponent(raw);
            } catch {
              params[name] = raw;
            }
          }
          return params;
        },
      });
    }
  }

  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const methods = HTTP_METHODS.filter((m) => operations.some((o) => o.method === m)).map((m) => m.toUpperCase());
  return {
    document,
    operations,
    methods,
    operation(operationId) {
      const found = byId.get(operationId);
      if (!found) throw new Error(`unknown operationId "${operationId}"; known: ${[...byId.keys()].join(', ')}`);
      return found;
    },
    match(method, path) {
      const m = method.toLowerCase();
      for (const operation of operations) {
        if (operation.method !== m) continue;
        const params = operation.matchPath(path);
        if (params) return { operation, params };
      }
      return undefined;
    },
    operationsAt: (path) => operations.filter((o) => o.path === path),
  };
}
