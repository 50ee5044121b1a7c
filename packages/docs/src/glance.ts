/**
 * "Operations at a glance": one table in the introduction with every operation, its path, the rules of
 * its path values and body fields, and its rate limit, so a reader sees every rule on the landing page
 * before opening an operation. Derived from the description at build time (schemas, `x-rate-limit`):
 * nothing here restates a rule by hand.
 */
import { type ApiModel, type OpenApiDocument, type OperationModel, buildOperationModel, resolveRef } from '@agora-chat-push/openapi';
import { operationElementId } from './page.js';

type Node = Record<string, unknown>;

/**
 * An operation's request, its path without the prefix every operation shares, `/{org_name}/{app_name}`, which
 * is written `…`: `POST …/notification/template`. The glance table and reference.html's table of contents use it.
 */
export const shortRequest = (op: Pick<OperationModel, 'method' | 'path'>): string => `${op.method.toUpperCase()} ${op.path.replace(/^\/\{org_name\}\/\{app_name\}/, '…')}`;

/**
 * The section, from `document` and `model`, its operation model (built here unless the caller has it). Reads
 * no description: a model built before the page's annotations gives the same table.
 */
export function operationsAtAGlance(document: Node, model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)): string {
  const deref = (node: unknown): Node => resolveRef<Node | undefined>(document, node) ?? {};

  /** The rule of one value, in words: `string, at most 100 characters`, `one of \`user\`, \`chatgroup\``. */
  const rule = (raw: unknown): string => {
    const schema = deref(raw);
    if (Array.isArray(schema.oneOf)) return schema.oneOf.map((branch) => rule(branch)).join(' or ');
    const parts: string[] = [];
    if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
    else if (typeof schema.type === 'string') parts.push(schema.type);
    if (typeof schema.minLength === 'number' && typeof schema.maxLength === 'number') parts.push(`${schema.minLength} to ${schema.maxLength} characters`);
    else if (typeof schema.maxLength === 'number') parts.push(`at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') parts.push(`matching \`${schema.pattern}\``);
    if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') parts.push(`${schema.minimum} to ${schema.maximum}`);
    return parts.join(', ');
  };

  /** The fields of a request body: `name` (required) rule; a oneOf body lists its alternatives. */
  const fields = (raw: unknown): string => {
    const schema = deref(raw);
    if (Array.isArray(schema.oneOf)) return schema.oneOf.map((branch) => fields(branch)).join('<br>**or** ');
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const rules = Object.entries((schema.properties ?? {}) as Node).map(([name, property]) => `\`${name}\`${required.has(name) ? ' (required)' : ''}: ${rule(property)}`);
    if (typeof schema.minProperties === 'number') rules.push(`at least ${schema.minProperties} field${schema.minProperties === 1 ? '' : 's'}`);
    if (schema.additionalProperties === false) rules.push('no other field');
    return rules.join('; ');
  };

  const rows: string[] = [];
  for (const op of model.operations) {
    const params = op.parameters.filter((p) => p.in === 'path' && !['org_name', 'app_name'].includes(p.name)).map((p) => `path \`${p.name}\`: ${rule(p.schema.node)}`);
    const body = op.requestBody ? `body: ${fields(op.requestBody.schema.node)}` : '';
    const limit = op.rateLimit;
    const summary = `[${op.summary}](#/${operationElementId(op.tags[0] ?? '', op.operationId)})`;
    // A pipe inside a cell (regular expressions have them) must be escaped, code spans included.
    const cell = (text: string): string => text.replace(/\|/g, '\\|');
    rows.push(
      `| ${summary} | \`${shortRequest(op)}\` | ` +
        `${cell([...params, body].filter(Boolean).join('<br>'))} | ` +
        `${limit.limit}/${limit.period}${limit.budget === op.operationId ? '' : `, shared budget \`${limit.budget}\``} |`,
    );
  }
  return `

## Operations at a glance
Every operation with the rules of its path values and body fields, and its rate limit per App Key. Paths
start with \`/{org_name}/{app_name}\` (written \`…\`). Open an operation for its answers, errors and examples.

| Operation | Request | Path values and body fields | Rate limit |
|---|---|---|---|
${rows.join('\n')}

Two rules are not in any one field: \`ignoreInterval\` is valid only at the app level (\`type\` \`user\` and
\`key\` = the user's own ID), and in answers \`ignoreDuration\` is the Unix time (ms) when do-not-disturb ends.
`;
}
