/**
 * The contract validator of the Agora Chat push-settings description: compiles the bundled OpenAPI 3.1
 * document's own schemas with Ajv (JSON Schema draft 2020-12) and checks requests and responses against
 * them. The mock sandbox, this project's tests and partner teams' tests all use it, so none of them
 * re-declares a shape the description already has.
 *
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type ApiModel, type OpenApiDocument, type OperationModel, buildOperationModel, escapePointer, loadDescription, unescapePointer } from './model.js';

export {
  HTTP_METHODS,
  METHODS,
  PERIOD_MS,
  atPointer,
  buildOperationModel,
  descriptionUrl,
  escapePointer,
  followRef,
  loadDescription,
  resolveRef,
  unescapePointer,
  type ApiModel,
  type DeprecatedField,
  type ErrorModel,
  type ExampleModel,
  type HttpMethod,
  type OpenApiDocument,
  type OperationModel,
  type ParameterModel,
  type PayloadModel,
  type RateLimit,
  type RequestBodyModel,
  type ResponseModel,
  type SchemaNode,
  type SchemaRef,
} from './model.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/** A JSON value as parsed from a request or response body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One broken rule: which field, which rule, and a sentence naming both. */
export interface ContractIssue {
  /** The field, as a path into the checked value: `nickname`, `data.ignoreDuration`, `entities[0].uuid`; `body` for the whole value. */
  field: string;
  /** The JSON Schema keyword that failed: `maxLength`, `enum`, `pattern`, `required`, `type`, `additionalProperties`, ... */
  rule: string;
  /** `field: what is wrong (rule)`, for logs and error descriptions. */
  message: string;
}

/** An operation of the description: the operation model's record (see `model.ts`). */
export type OperationInfo = OperationModel;

const DOCUMENT_ID = 'urn:agora-chat-push:openapi';
// OpenAPI words that may stand in the document or in its schemas; Ajv's strict mode would reject them.
const OPENAPI_VOCABULARY = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs', 'example', 'discriminator', 'xml'];

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

function fieldOf(instancePath: string, extra?: string): string {
  const segments = instancePath.split('/').slice(1).map(unescapePointer);
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
export function patternMeaning(schema: unknown): string | undefined {
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
      return patternMeaning(error.parentSchema) ?? `must match the pattern ${String(p.pattern)}`;
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
  const extra = error.keyword === 'required' ? String(p.missingProperty) : error.keyword === 'additionalProperties' ? String(p.additionalProperty) : undefined;
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
function explainWith(branchErrors: (error: ErrorObject) => ErrorObject[][] | undefined): (errors: ErrorObject[]) => ContractIssue[] {
  const explain = (errors: ErrorObject[]): ContractIssue[] => {
    const oneOf = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
    if (!oneOf) return dedupe(errors.map(toIssue));
    const at = oneOf.instancePath;
    const inside = (e: ErrorObject): boolean => e.instancePath === at || e.instancePath.startsWith(`${at}/`);
    const rest = explain(errors.filter((e) => !inside(e)));
    const branches = branchErrors(oneOf);
    if (!branches || branches.length === 0) return dedupe([...rest, toIssue(oneOf)]);
    const shape = (list: ErrorObject[]): number => list.filter((e) => e.instancePath === at && ['required', 'additionalProperties', 'type'].includes(e.keyword)).length;
    const ranked = branches.map((list) => ({ list, shape: shape(list) })).sort((a, b) => a.shape - b.shape || a.list.length - b.list.length);
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
  /** The operation model the validator routes and checks with (built once from `document`). */
  readonly model: ApiModel;
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
      return validate(error.data) ? [] : (validate.errors ?? []).map((e) => ({ ...e, instancePath: `${error.instancePath}${e.instancePath}` }));
    });
  });
  const check = (pointer: string, value: unknown): ContractIssue[] => {
    const validate = compile(pointer);
    return validate(value) ? [] : explain(validate.errors ?? []);
  };

  const model = buildOperationModel(document);
  // Path parameters (path-item and operation level) and the pointers of their schemas, by operation.
  const pathSchemas = new Map(model.operations.map((o) => [o.operationId, o.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema.pointer] as const)]));
  const responseSchema = (operation: OperationModel, status: string): string | undefined => operation.responses.find((r) => r.status === status)?.schema?.pointer;

  return {
    document,
    model,
    operations: model.operations,
    operation: (operationId) => model.operation(operationId),
    match: (method, path) => model.match(method, path),
    validateParameters(operationId, params) {
      const e = model.operation(operationId);
      const issues: ContractIssue[] = [];
      // The app-level form of a path repeats the username as the conversation `key` (a caller of
      // `setSilentModeForAll(username)` never passed a key): a value already reported under an earlier
      // parameter for the same rule is reported once, under that parameter's name.
      const reported = new Map<string, string>(); // rule + value -> the parameter it was reported under
      for (const [name, pointer] of pathSchemas.get(e.operationId) ?? []) {
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
      const e = model.operation(operationId);
      return e.requestBody ? check(e.requestBody.schema.pointer, body) : [];
    },
    validateResponse(operationId, status, body) {
      const e = model.operation(operationId);
      const documented = e.statuses.includes(String(status));
      const pointer = responseSchema(e, String(status));
      if (!documented) {
        return [{ field: 'status', rule: 'responses', message: `status: ${String(status)} is not documented for ${operationId} (responses)` }];
      }
      // A documented answer without a JSON body (none today) has nothing to check.
      return pointer === undefined ? [] : check(pointer, body);
    },
    validateSchema(name, value) {
      if (!document.components.schemas?.[name]) throw new Error(`unknown schema "${name}"`);
      return check(`#/components/schemas/${escapePointer(name)}`, value);
    },
    validateAt: check,
    compile,
  };
}
