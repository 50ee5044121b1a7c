/**
 * The contract validator of the Agora Chat push-settings description: compiles the bundled OpenAPI 3.1
 * document's own schemas with Ajv (JSON Schema draft 2020-12) and checks requests and responses against
 * them. The mock sandbox, this project's tests and partner teams' tests all use it, so none of them
 * re-declares a shape the description already has.
 *
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/** A JSON value as parsed from a request or response body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The bundled OpenAPI document (loosely typed: read it with the `openapi-typescript` types for precision). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One broken rule: which field, which rule, and a sentence naming both. */
export interface ContractIssue {
  /** The field, as a path into the checked value: `nickname`, `data.ignoreDuration`, `entities[0].uuid`; `body` for the whole value. */
  field: string;
  /** The JSON Schema keyword that failed: `maxLength`, `enum`, `pattern`, `required`, `type`, `additionalProperties`, ... */
  rule: string;
  /** `field: what is wrong (rule)`, for logs and error descriptions. */
  message: string;
}

/** The rate limit of an operation, from its `x-rate-limit` extension (see EXTENSIONS.md). */
export interface RateLimit {
  limit: number;
  period: 'second' | 'minute';
  scope: 'app-key';
  /** Operations (or actions) with the same budget share one limit. */
  budget: string;
}

/** An operation of the description, with what a router and a validator need. */
export interface OperationInfo {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete';
  /** The path template, e.g. `/{org_name}/{app_name}/users/{username}`. */
  path: string;
  /** Path parameter names in order of appearance. */
  pathParameters: string[];
  hasRequestBody: boolean;
  /** Documented response statuses, e.g. `['200', '400', ...]`. */
  statuses: string[];
  rateLimit: RateLimit;
}

/** Where the bundled description lives in this package. */
export const descriptionUrl: URL = new URL('./openapi.json', import.meta.url);

/** Reads the bundled description that ships with this package. */
export function loadDescription(): OpenApiDocument {
  return JSON.parse(readFileSync(descriptionUrl, 'utf8')) as OpenApiDocument;
}

const DOCUMENT_ID = 'urn:agora-chat-push:openapi';
/** The HTTP methods the description's operations use (lowercase, as the keys of a path item). */
export const METHODS = ['get', 'put', 'post', 'delete'] as const;
/** The length of an `x-rate-limit` period in ms. */
export const PERIOD_MS: Readonly<Record<RateLimit['period'], number>> = Object.freeze({ second: 1_000, minute: 60_000 });
// OpenAPI words that may stand in the document or in its schemas; Ajv's strict mode would reject them.
const OPENAPI_VOCABULARY = [
  'openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags',
  'externalDocs', 'example', 'discriminator', 'xml',
];

/**
 * The vendor extensions (`x-...`, e.g. `x-enum-varnames`, see EXTENSIONS.md) that stand in the document's schemas:
 * annotations for tools, which Ajv's strict mode would otherwise reject as unknown keywords.
 */
function extensionKeywords(document: object): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      else walk(child);
    }
  };
  walk((document as { components?: unknown }).components);
  return [...found];
}

/** Escapes one segment of a JSON pointer (`/` as `~1`, `~` as `~0`): `#/paths/${escapePointer(path)}`. */
export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The node at a local JSON pointer of `document` (`#/components/schemas/PushMode`). */
export function atPointer(document: object, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>((node, s) => (node as Record<string, unknown> | undefined)?.[s.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

/** Follows a local `$ref` (`{ $ref: '#/components/...' }`) of `document`; returns any other node as it is. */
export function resolveRef<T = Record<string, unknown>>(document: object, node: unknown): T {
  const ref = (node as { $ref?: unknown } | null | undefined)?.$ref;
  return (typeof ref === 'string' ? atPointer(document, ref) : node) as T;
}

function fieldOf(instancePath: string, extra?: string): string {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  let field = '';
  for (const segment of segments) field += /^\d+$/.test(segment) ? `[${segment}]` : field ? `.${segment}` : segment;
  return field || 'body';
}

/**
 * What a pattern means, for people, from the schema's own description: its first sentence ("The daily
 * do-not-disturb time frame, `HH:MM-HH:MM` ..., where `HH` is `00` to `23` ..."), as "must be the daily ...".
 * A regex is not a message; `undefined` when the schema has no description.
 */
function ruleOf(schema: unknown): string | undefined {
  const description = (schema as { description?: unknown } | undefined)?.description;
  if (typeof description !== 'string' || description.trim() === '') return undefined;
  const text = description.trim().replace(/\s+/g, ' ');
  const end = /\.(?=\s|$)/.exec(text);
  const first = end ? text.slice(0, end.index) : text;
  // "A user ID: ..." -> "a user ID: ..."; "HH:MM ..." stays as it is.
  const lead = /^[A-Z](?![A-Z])/.test(first) ? first[0]!.toLowerCase() + first.slice(1) : first;
  return `must be ${lead}`;
}

function sentence(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return ruleOf(error.parentSchema) ?? `must match the pattern ${String(p.pattern)}`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minLength':
      return `must be at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'}`;
    case 'minimum':
      return `must be >= ${String(p.limit)}`;
    case 'maximum':
      return `must be <= ${String(p.limit)}`;
    case 'minProperties':
      return `must have at least ${String(p.limit)} field${p.limit === 1 ? '' : 's'}`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'type':
      return `must be ${String(p.type)}`;
    default:
      return error.message ?? `breaks the rule ${error.keyword}`;
  }
}

function toIssue(error: ErrorObject): ContractIssue {
  const p = error.params as Record<string, unknown>;
  const extra =
    error.keyword === 'required' ? String(p.missingProperty)
    : error.keyword === 'additionalProperties' ? String(p.additionalProperty)
    : undefined;
  const field = fieldOf(error.instancePath, extra);
  return { field, rule: error.keyword, message: `${field}: ${sentence(error)} (${error.keyword})` };
}

const dedupe = (issues: ContractIssue[]): ContractIssue[] => {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.message) ? false : (seen.add(i.message), true)));
};

/**
 * Turns Ajv's raw errors into the few that explain the failure. Ajv reports every branch of a `oneOf`;
 * here each branch is checked again on its own, and the branch the value was meant for (the one whose
 * errors are least about shape: missing or unknown fields, wrong type) gives the issues. When no branch
 * stands out, their explanations are joined with "or".
 */
function explainWith(
  branchErrors: (error: ErrorObject) => ErrorObject[][] | undefined,
): (errors: ErrorObject[]) => ContractIssue[] {
  const explain = (errors: ErrorObject[]): ContractIssue[] => {
    const oneOf = errors
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
    if (!oneOf) return dedupe(errors.map(toIssue));
    const at = oneOf.instancePath;
    const inside = (e: ErrorObject): boolean => e.instancePath === at || e.instancePath.startsWith(`${at}/`);
    const rest = explain(errors.filter((e) => !inside(e)));
    const branches = branchErrors(oneOf);
    if (!branches || branches.length === 0) return dedupe([...rest, toIssue(oneOf)]);
    const shape = (list: ErrorObject[]): number =>
      list.filter((e) => e.instancePath === at && ['required', 'additionalProperties', 'type'].includes(e.keyword)).length;
    const ranked = branches
      .map((list) => ({ list, shape: shape(list) }))
      .sort((a, b) => a.shape - b.shape || a.list.length - b.list.length);
    const [best, second] = ranked;
    if (!best) return rest;
    if (!second || best.shape < second.shape || best.list.length < second.list.length) {
      return dedupe([...rest, ...explain(best.list)]);
    }
    const field = fieldOf(at);
    // No branch stands out: say what each would need, in one issue about the oneOf itself.
    const alternatives = ranked
      .map(({ list }) =>
        explain(list)
          .map((i) => {
            const text = i.message.replace(/ \(\w+\)$/, '');
            return i.field === field ? text.slice(field.length + 2) : text.replace(': ', ' ');
          })
          .join(' and '),
      )
      .join(', or ');
    return dedupe([...rest, { field, rule: oneOf.keyword, message: `${field}: ${alternatives} (${oneOf.keyword})` }]);
  };
  return explain;
}

/** Checks values against the description's own schemas. Build it once and reuse it: compiling costs milliseconds. */
export interface ContractValidator {
  readonly document: OpenApiDocument;
  readonly operations: readonly OperationInfo[];
  /** The operation with this id; throws on an unknown id. */
  operation(operationId: string): OperationInfo;
  /** Finds the operation and path parameters for a method and a concrete path (without query string). */
  match(method: string, path: string): { operation: OperationInfo; params: Record<string, string> } | undefined;
  /** Checks path parameter values against their schemas. */
  validateParameters(operationId: string, params: Record<string, string>): ContractIssue[];
  /** Checks a request body against the operation's schema. */
  validateRequestBody(operationId: string, body: unknown): ContractIssue[];
  /** Checks a response body against the schema documented for this status. An undocumented status is an issue. */
  validateResponse(operationId: string, status: number | string, body: unknown): ContractIssue[];
  /** Checks a value against a component schema, e.g. `PushMode`. */
  validateSchema(name: string, value: unknown): ContractIssue[];
  /**
   * Checks a value against any schema of the document, by JSON pointer
   * (`#/paths/~1{org_name}~1.../put/requestBody/content/application~1json/schema`), with the same explanations
   * as the methods above. The traffic checker uses it for every documented body.
   */
  validateAt(pointer: string, value: unknown): ContractIssue[];
  /** A compiled validator for any schema of the document, by JSON pointer (`#/components/schemas/PushMode`). */
  compile(pointer: string): ValidateFunction;
}

/** Builds a validator from the bundled description (or from `document`, e.g. a description under review). */
export function createContractValidator(document: OpenApiDocument = loadDescription()): ContractValidator {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv);
  ajv.addVocabulary([...OPENAPI_VOCABULARY, ...extensionKeywords(document)]);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID } as object);

  const cache = new Map<string, ValidateFunction>();
  const compile = (pointer: string): ValidateFunction => {
    const ref = `${DOCUMENT_ID}${pointer.startsWith('#') ? pointer : `#${pointer}`}`;
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      cache.set(ref, validate);
    }
    return validate;
  };
  // Where each schema object stands in the document, so that a failed oneOf can check its branches one by one.
  const pointers = new WeakMap<object, string>();
  const index = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object' || pointers.has(node)) return;
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) index(child, `${pointer}/${escapePointer(key)}`);
  };
  index(document, '#');
  const explain = explainWith((error) => {
    const pointer = error.parentSchema ? pointers.get(error.parentSchema) : undefined;
    const branches = (error.parentSchema as Record<string, unknown> | undefined)?.[error.keyword];
    if (pointer === undefined || !Array.isArray(branches)) return undefined;
    return branches.map((_, i) => {
      const validate = compile(`${pointer}/${error.keyword}/${i}`);
      return validate(error.data)
        ? []
        : (validate.errors ?? []).map((e) => ({ ...e, instancePath: `${error.instancePath}${e.instancePath}` }));
    });
  });
  const check = (pointer: string, value: unknown): ContractIssue[] => {
    const validate = compile(pointer);
    return validate(value) ? [] : explain(validate.errors ?? []);
  };

  const at = (pointer: string): unknown => atPointer(document, pointer);
  const resolve = (node: unknown): { node: Record<string, unknown>; pointer?: string } => {
    const ref = (node as { $ref?: string }).$ref;
    return typeof ref === 'string'
      ? { node: at(ref) as Record<string, unknown>, pointer: ref }
      : { node: node as Record<string, unknown> };
  };

  interface Entry {
    info: OperationInfo;
    regex: RegExp;
    pointer: string;
    parameters: Map<string, string>;
  }
  const entries: Entry[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const parameters = new Map<string, string>();
      const lists: [unknown, string][] = [
        [item.parameters, `${itemPointer}/parameters`],
        [op.parameters, `${itemPointer}/${method}/parameters`],
      ];
      for (const [list, listPointer] of lists) {
        (Array.isArray(list) ? list : []).forEach((p: unknown, i: number) => {
          const { node, pointer } = resolve(p);
          if (node.in === 'path') parameters.set(String(node.name), `${pointer ?? `${listPointer}/${i}`}/schema`);
        });
      }
      const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      // Path parameter names are identifiers (org_name, username, ...), so they serve as group names.
      const regex = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
      entries.push({
        info: {
          operationId: String(op.operationId),
          method,
          path,
          pathParameters,
          hasRequestBody: op.requestBody !== undefined,
          statuses: Object.keys(op.responses as object),
          rateLimit: op['x-rate-limit'] as RateLimit,
        },
        regex,
        pointer: `${itemPointer}/${method}`,
        parameters,
      });
    }
  }
  const byId = new Map(entries.map((e) => [e.info.operationId, e]));
  const entry = (operationId: string): Entry => {
    const found = byId.get(operationId);
    if (!found) throw new Error(`unknown operationId "${operationId}"; known: ${[...byId.keys()].join(', ')}`);
    return found;
  };
  const responsePointer = (e: Entry, status: string): string | undefined => {
    const response = ((at(e.pointer) as Record<string, unknown>).responses as Record<string, unknown>)[status];
    if (!response) return undefined;
    const { pointer } = resolve(response);
    return `${pointer ?? `${e.pointer}/responses/${status}`}/content/application~1json/schema`;
  };

  return {
    document,
    operations: entries.map((e) => e.info),
    operation: (operationId) => entry(operationId).info,
    match(method, path) {
      const m = method.toLowerCase();
      for (const e of entries) {
        if (e.info.method !== m) continue;
        const found = e.regex.exec(path);
        if (found) {
          const params: Record<string, string> = {};
          for (const name of e.info.pathParameters) {
            const raw = found.groups?.[name] ?? '';
            try {
              params[name] = decodeURIComponent(raw);
            } catch {
              params[name] = raw;
            }
          }
          return { operation: e.info, params };
        }
      }
      return undefined;
    },
    validateParameters(operationId, params) {
      const e = entry(operationId);
      const issues: ContractIssue[] = [];
      // The app-level form of a path repeats the username as the conversation `key` (a caller of
      // `setSilentModeForAll(username)` never passed a key): a value already reported under an earlier
      // parameter for the same rule is reported once, under that parameter's name.
      const reported = new Map<string, string>(); // rule + value -> the parameter it was reported under
      for (const [name, pointer] of e.parameters) {
        const value = params[name];
        for (const issue of check(pointer, value)) {
          const key = `${issue.rule}\u0000${String(value)}`;
          if ((reported.get(key) ?? name) !== name) continue;
          reported.set(key, name);
          const message = issue.message.replace(/^body: /, `${name}: `);
          issues.push({ ...issue, field: name, message });
        }
      }
      return issues;
    },
    validateRequestBody(operationId, body) {
      const e = entry(operationId);
      if (!e.info.hasRequestBody) return [];
      return check(`${e.pointer}/requestBody/content/application~1json/schema`, body);
    },
    validateResponse(operationId, status, body) {
      const e = entry(operationId);
      const pointer = responsePointer(e, String(status));
      if (!pointer) {
        return [{ field: 'status', rule: 'responses', message: `status: ${String(status)} is not documented for ${operationId} (responses)` }];
      }
      return check(pointer, body);
    },
    validateSchema(name, value) {
      if (!(document.components.schemas ?? {})[name]) throw new Error(`unknown schema "${name}"`);
      return check(`#/components/schemas/${escapePointer(name)}`, value);
    },
    validateAt: check,
    compile,
  };
}
