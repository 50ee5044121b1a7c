/**
 * The site's text companions, generated from the bundle (never hand-written):
 * - `reference.md`: the whole API in Markdown, for a terminal reader or an assistant without JavaScript:
 *   the introduction, then every operation (method, path, parameters, body fields with their rules, request
 *   examples, answers and errors with their examples, rate limit, one curl example), every schema, the errata.
 * - `llms.txt` (https://llmstxt.org): a title, a one-paragraph summary, links to the reference and the
 *   description files.
 * Links are relative, so both work from any static host under any sub-path.
 */
import { resolveRef } from '@agora-chat-push/openapi';
import { exampleSamples, type ExampleSample } from './example-samples.js';
import { HTTP_METHODS } from './methods.js';

type Node = Record<string, unknown>;

/** A JSON value as inline code. */
const code = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
};
/** Text on one line (for list items and table cells). */
const oneLine = (text: unknown): string => (typeof text === 'string' ? text.replace(/\s*\n\s*/g, ' ').trim() : '');
const refName = (node: unknown): string | undefined =>
  node && typeof node === 'object' && typeof (node as Node).$ref === 'string' ? String((node as Node).$ref).split('/').pop() : undefined;
const anchor = (text: string): string => text.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-');

export class ReferenceWriter {
  private readonly document: Node;
  private readonly samples: readonly ExampleSample[];
  /** `samples`: the example samples of `document`, when the caller has them already. */
  constructor(document: Node, samples: readonly ExampleSample[] = exampleSamples(document)) {
    this.document = document;
    this.samples = samples;
  }

  deref(node: unknown): Node {
    return resolveRef<Node | undefined>(this.document, node) ?? {};
  }

  /** Every rule of one schema in words (not its properties): type, enum, const, lengths, pattern, bounds... */
  rule(raw: unknown): string {
    const schema = this.deref(raw);
    const name = refName(raw);
    const parts: string[] = [];
    const types = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : '';
    if (types) parts.push(types);
    if (schema.format) parts.push(`format \`${String(schema.format)}\``);
    if ('const' in schema) parts.push(`always ${code(schema.const)}`);
    if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map(code).join(', ')}`);
    if (typeof schema.minLength === 'number') parts.push(`at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
    if (typeof schema.maxLength === 'number') parts.push(`at most ${schema.maxLength} character${schema.maxLength === 1 ? '' : 's'}`);
    if (typeof schema.pattern === 'string') parts.push(`matching \`${schema.pattern}\``);
    if (typeof schema.minimum === 'number') parts.push(`minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number') parts.push(`maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number') parts.push(`more than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number') parts.push(`less than ${schema.exclusiveMaximum}`);
    if (typeof schema.multipleOf === 'number') parts.push(`a multiple of ${schema.multipleOf}`);
    if (typeof schema.minItems === 'number') parts.push(`at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number') parts.push(`at most ${schema.maxItems} items`);
    if (typeof schema.minProperties === 'number') parts.push(`at least ${schema.minProperties} field${schema.minProperties === 1 ? '' : 's'}`);
    if (typeof schema.maxProperties === 'number') parts.push(`at most ${schema.maxProperties} fields`);
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) parts.push('no other field');
    if ('default' in schema) parts.push(`default ${code(schema.default)}`);
    if (schema.deprecated === true) parts.push('**deprecated**');
    if (schema.readOnly === true) parts.push('read-only');
    if (schema.writeOnly === true) parts.push('write-only');
    if ('example' in schema) parts.push(`example ${code(schema.example)}`);
    if (Array.isArray(schema.examples)) parts.push(`examples ${schema.examples.map(code).join(', ')}`);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) {
        // A branch's own description: inline, or written beside its `$ref` (OpenAPI 3.1 lets a `$ref` carry one).
        const describe = (b: unknown): string => {
          const own = b && typeof b === 'object' ? (b as Node).description : undefined;
          const d = refName(b) ? own : this.deref(b).description;
          return typeof d === 'string' ? ` (${oneLine(d)})` : '';
        };
        parts.push(`${keyword === 'oneOf' ? 'exactly one of' : 'any of'}: ${branches.map((b, i) => `(${i + 1}) ${this.rule(b) || 'see below'}${describe(b)}`).join('; ')}`);
      }
    }
    const text = parts.join(', ');
    return name ? `${text}${text ? ' ' : ''}([${name}](#schema-${anchor(name)}))` : text;
  }

  /** The fields of an object schema as a nested list, each with its rules and description. */
  fields(raw: unknown, depth = 0, seen: Set<unknown> = new Set()): string[] {
    const schema = this.deref(raw);
    if (seen.has(schema) || depth > 6) return [];
    const next = new Set(seen).add(schema);
    const indent = '  '.repeat(depth);
    const lines: string[] = [];
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Node)) {
      const resolved = this.deref(property);
      const rule = this.rule(property);
      // A description beside a `$ref` overrides the referenced schema's (OpenAPI 3.1).
      const description = oneLine((property as Node).description ?? resolved.description);
      lines.push(`${indent}- \`${name}\`${required.has(name) ? ' (required)' : ''}: ${rule}${description ? `. ${description}` : ''}`);
      lines.push(...this.fields(property, depth + 1, next));
      if (resolved.items) {
        const items = this.deref(resolved.items);
        lines.push(`${indent}  - items: ${this.rule(resolved.items)}${items.description ? `. ${oneLine(items.description)}` : ''}`);
        lines.push(...this.fields(resolved.items, depth + 2, next));
      }
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches)) continue;
      branches.forEach((branch, i) => {
        const sub = this.fields(branch, depth + 1, next);
        if (sub.length === 0) return;
        const b = this.deref(branch);
        const title = refName(branch) ?? (typeof b.title === 'string' ? b.title : `branch ${i + 1}`);
        lines.push(`${indent}- ${keyword === 'allOf' ? 'with' : keyword === 'oneOf' ? 'exactly one of the forms,' : 'any of the forms,'} ${title}${b.description ? `: ${oneLine(b.description)}` : ''}`);
        lines.push(...sub);
      });
    }
    return lines;
  }

  /** `curl` for one operation: its first request example, or its path with the parameters' examples. */
  curl(path: string, method: string, op: Node, bodySamples: Map<string, string>): string {
    const sample = bodySamples.get(String(op.operationId));
    if (sample) return sample;
    const params = this.parameters(path, op);
    const url = path.replace(/\{([^}]+)\}/g, (_, key: string) => {
      if (key === 'org_name') return '$ORG';
      if (key === 'app_name') return '$APP';
      const p = params.find((x) => x.name === key);
      return String(p?.example ?? this.deref(p?.schema).example ?? `{${key}}`);
    });
    return `curl -X ${method.toUpperCase()} \\\n  "$BASE_URL${url}" \\\n  -H "Authorization: Bearer $TOKEN"\n`;
  }

  parameters(path: string, op: Node): Node[] {
    const item = (this.document.paths as Node)[path] as Node;
    return [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) => this.deref(p));
  }

  examples(content: Node | undefined, heading: string): string[] {
    const lines: string[] = [];
    const single = content?.example;
    const named = Object.entries((content?.examples ?? {}) as Node);
    if (single !== undefined) named.unshift(['example', { value: single }]);
    for (const [name, raw] of named) {
      const example = this.deref(raw);
      lines.push(
        '',
        `${heading} ${oneLine(example.summary) || name} (\`${name}\`)`,
        ...(example.description ? ['', String(example.description).trim()] : []),
        '',
        '```json',
        JSON.stringify(example.value, null, 2),
        '```',
      );
    }
    return lines;
  }

  operation(path: string, method: string, op: Node, bodySamples: Map<string, string>): string[] {
    const lines: string[] = [];
    lines.push(`### ${oneLine(op.summary)}`, '', `\`${method.toUpperCase()} ${path}\` · operationId \`${String(op.operationId)}\` · tag *${((op.tags as string[]) ?? []).join(', ')}*`);
    if (op.deprecated) lines.push('', '**Deprecated.**');
    if (op.description) lines.push('', String(op.description).trim());
    const limit = op['x-rate-limit'] as Node | undefined;
    if (limit) {
      lines.push(
        '',
        `**Rate limit:** ${String(limit.limit)} calls per ${String(limit.period)} per ${String(limit.scope) === 'app-key' ? 'App Key' : String(limit.scope)}, budget \`${String(limit.budget)}\`` +
          `${limit.budget === op.operationId ? '' : ' (shared by the operations and actions with this budget)'}.`,
      );
    }
    const security = (op.security ?? this.document.security) as Node[] | undefined;
    if (security?.length) {
      const schemes = (this.document.components as Node | undefined)?.securitySchemes as Node | undefined;
      const names = security.flatMap((s) => Object.keys(s));
      lines.push('', `**Auth:** ${names.map((n) => { const s = (schemes?.[n] ?? {}) as Node; return `\`${n}\` (${[s.type, s.scheme, s.bearerFormat].filter(Boolean).join(', ')})`; }).join(' or ')}.`);
    }
    const params = this.parameters(path, op);
    if (params.length) {
      lines.push('', '#### Parameters', '', '| Name | In | Required | Rules | Description |', '|---|---|---|---|---|');
      for (const p of params) {
        const rule = [this.rule(p.schema), 'example' in p && !this.rule(p.schema).includes(code(p.example)) ? `example ${code(p.example)}` : ''].filter(Boolean).join(', ');
        lines.push(`| \`${String(p.name)}\` | ${String(p.in)} | ${p.required ? 'yes' : 'no'} | ${rule.replace(/\|/g, '\\|')} | ${oneLine(p.description).replace(/\|/g, '\\|')} |`);
      }
    }
    if (op.requestBody) {
      const body = this.deref(op.requestBody);
      for (const [type, rawContent] of Object.entries((body.content ?? {}) as Node)) {
        const content = rawContent as Node;
        lines.push('', `#### Request body (\`${type}\`${body.required ? ', required' : ''})`);
        if (body.description) lines.push('', String(body.description).trim());
        lines.push('', `Schema: ${this.rule(content.schema)}`);
        const fields = this.fields(content.schema);
        if (fields.length) lines.push('', ...fields);
        lines.push(...this.examples(content, '##### Request example:'));
      }
    }
    lines.push('', '#### Answers');
    for (const [status, rawResponse] of Object.entries((op.responses ?? {}) as Node)) {
      const response = this.deref(rawResponse);
      const name = refName(rawResponse);
      lines.push('', `##### ${status}${name ? ` (${name})` : ''}`, '', String(response.description ?? '').trim());
      for (const [header, rawHeader] of Object.entries((response.headers ?? {}) as Node)) {
        const h = this.deref(rawHeader);
        lines.push('', `- Header \`${header}\`: ${this.rule(h.schema)}${h.description ? `. ${oneLine(h.description)}` : ''}`);
      }
      for (const [type, rawContent] of Object.entries((response.content ?? {}) as Node)) {
        const content = rawContent as Node;
        lines.push('', `Body (\`${type}\`): ${this.rule(content.schema)}`);
        const fields = this.fields(content.schema);
        if (fields.length) lines.push('', ...fields);
        lines.push(...this.examples(content, '###### Example:'));
      }
    }
    lines.push('', '#### curl', '', '```sh', this.curl(path, method, op, bodySamples).trimEnd(), '```', '');
    return lines;
  }

  write(errata: string): string {
    const info = this.document.info as Node;
    const out: string[] = [];
    out.push(
      `# ${String(info.title)}: API reference`,
      '',
      `> Version ${String(info.version)}. Generated from the bundled OpenAPI description ([openapi.yaml](openapi.yaml), ` +
        '[openapi.json](openapi.json)) by the docs build of this project; do not edit. The same content, with ' +
        'search and examples to switch between: [the docs page](index.html).',
      '',
    );
    if (info.summary) out.push(String(info.summary), '');
    if (info.description) out.push(String(info.description).replace(/^(#{1,5}) /gm, '#$1 ').trim(), '');
    const servers = (this.document.servers ?? []) as Node[];
    if (servers.length) {
      out.push('## Servers', '');
      for (const server of servers) {
        out.push(`- \`${String(server.url)}\`: ${oneLine(server.description)}`);
        for (const [name, variable] of Object.entries((server.variables ?? {}) as Node)) {
          const v = variable as Node;
          out.push(`  - \`${name}\` (default \`${String(v.default)}\`): ${oneLine(v.description)}`);
        }
      }
      out.push('');
    }
    const schemes = ((this.document.components as Node | undefined)?.securitySchemes ?? {}) as Node;
    if (Object.keys(schemes).length) {
      out.push('## Authentication', '');
      for (const [name, raw] of Object.entries(schemes)) {
        const s = raw as Node;
        out.push(`- \`${name}\`: ${[s.type, s.scheme, s.bearerFormat].filter(Boolean).join(', ')}. ${oneLine(s.description)}`);
      }
      out.push('');
    }
    const tagDescriptions = new Map(((this.document.tags ?? []) as Node[]).map((t) => [String(t.name), t.description]));
    const bodySamples = new Map<string, string>();
    for (const sample of this.samples) {
      if (sample.language === 'curl' && !bodySamples.has(sample.operationId)) bodySamples.set(sample.operationId, sample.source);
    }
    out.push('## Operations', '');
    let tag = '';
    for (const [path, rawItem] of Object.entries(this.document.paths as Node)) {
      for (const method of HTTP_METHODS) {
        const op = (rawItem as Node)[method] as Node | undefined;
        if (!op) continue;
        const opTag = ((op.tags as string[]) ?? [''])[0] ?? '';
        if (opTag !== tag) {
          tag = opTag;
          out.push(`## ${tag}`, '');
          if (tagDescriptions.get(tag)) out.push(String(tagDescriptions.get(tag)).trim(), '');
        }
        out.push(...this.operation(path, method, op, bodySamples));
      }
    }
    out.push('## Schemas', '', 'Every named schema of the description, with all its fields and rules.', '');
    for (const [name, schema] of Object.entries(((this.document.components as Node).schemas ?? {}) as Node)) {
      const s = schema as Node;
      out.push(`### ${name}`, '', `<a id="schema-${anchor(name)}"></a>Rules: ${this.rule(schema).replace(/ \(\[[^\]]+\]\(#schema-[^)]+\)\)$/, '') || 'schema'}`);
      if (s.description) out.push('', String(s.description).trim());
      const fields = this.fields(schema);
      if (fields.length) out.push('', ...fields);
      out.push('');
    }
    if (errata.trim()) out.push('## Errata', '', errata.replace(/^\s*#\s+[^\n]*\n/, '').replace(/^(#{2,5}) /gm, '#$1 ').trim(), '');
    return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
  }
}

/** The Markdown reference of the whole API (`reference.md`). */
export function markdownReference(document: Node, errata = '', samples?: readonly ExampleSample[]): string {
  return new ReferenceWriter(document, samples).write(errata);
}

/** `llms.txt`: title, one-paragraph summary, links to the reference and the description files. */
export function llmsTxt(document: Node): string {
  const info = document.info as Node;
  const operations: string[] = [];
  for (const [path, rawItem] of Object.entries(document.paths as Node)) {
    for (const method of HTTP_METHODS) {
      const op = (rawItem as Node)[method] as Node | undefined;
      if (op) operations.push(`${method.toUpperCase()} ${path} (${oneLine(op.summary)})`);
    }
  }
  return [
    `# ${String(info.title)}`,
    '',
    `> ${oneLine(info.summary)} An unofficial, community-maintained OpenAPI ${String(document.openapi)} description ` +
      `(version ${String(info.version)}) of the Agora Chat REST API for push-notification settings, with every rule, ` +
      `example, error and rate limit; not made or endorsed by Agora. ${operations.length} operations: ${operations.join('; ')}.`,
    '',
    'Every request needs `Authorization: Bearer <app token>` (an Agora Chat app token) and goes to ' +
      '`https://{host}/{org_name}/{app_name}/...`, the host, org and app taken from the project\'s "REST API" field in Agora Console.',
    '',
    '## Docs',
    '',
    '- [API reference in Markdown](reference.md): every operation with its parameters, body fields and their rules, answers, errors, rate limit and a curl example; every schema; the errata',
    '- [OpenAPI description, YAML](openapi.yaml): the bundled description, for code generators, Postman or Insomnia',
    '- [OpenAPI description, JSON](openapi.json): the same, as JSON',
    '',
    '## Optional',
    '',
    '- [Docs page](index.html): the same content rendered with Redoc (needs JavaScript)',
    '',
  ].join('\n');
}
