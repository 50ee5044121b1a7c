/**
 * The site's text companions, generated from the bundle (never hand-written):
 * - `reference.md`: the whole API in Markdown, for a terminal reader or an assistant without JavaScript:
 *   the introduction, then every operation (method, path, parameters, body fields with their rules, request
 *   examples, answers and errors with their examples, rate limit, one curl example), every schema, the errata.
 * - `llms.txt` (https://llmstxt.org): a title, a one-paragraph summary, links to the reference and the
 *   description files.
 * Links are relative, so both work from any static host under any sub-path.
 */
import { type ApiModel, type ExampleModel, type OpenApiDocument, type OperationModel, type ResponseModel, atPointer, buildOperationModel, resolveRef } from '@agora-chat-push/openapi';
import { type DerivedCodes, type ErratumEntry, type Marks, type OwnCodeRule, derivedMark, erratumEntries, markDerivedCodes, markOwnCodes, markText, marksOf } from './annotate.js';
import { exampleSamples, type ExampleSample } from './example-samples.js';
import { listSamples, readSample } from './samples.js';

type Node = Record<string, unknown>;

/** A JSON value as inline code. */
const code = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
};
/** Text on one line (for list items and table cells). */
const oneLine = (text: unknown): string => (typeof text === 'string' ? text.replace(/\s*\n\s*/g, ' ').trim() : '');
const refName = (node: unknown): string | undefined =>
  node && typeof node === 'object' && typeof (node as Node).$ref === 'string'
    ? String((node as Node).$ref)
        .split('/')
        .pop()
    : undefined;
const anchor = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/ /g, '-');

export class ReferenceWriter {
  private readonly document: Node;
  private readonly model: ApiModel;
  /** ERRATA.md: the marks' entries, and the reference's last section. */
  private readonly errata: string;
  /** The curl sample of each operation: its first request example's, or its hand-written one (samples/). */
  private readonly curlSamples: Map<string, string>;
  /** Response components that more than one operation gives, with how many: stated once, linked from each. */
  private readonly shared: Map<string, number>;
  readonly marks: ReferenceMarks;
  /**
   * `samples`: the example samples of `document`, when the caller has them already; `errata`: ERRATA.md;
   * `model`: the operation model of `document`, when the caller has it already.
   */
  constructor(document: Node, samples?: readonly ExampleSample[], errata = '', model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)) {
    this.document = document;
    this.model = model;
    this.errata = errata;
    this.marks = new ReferenceMarks(document, errata);
    this.curlSamples = new Map<string, string>();
    for (const sample of samples ?? exampleSamples(document, model)) {
      if (sample.language === 'curl' && !this.curlSamples.has(sample.operationId)) this.curlSamples.set(sample.operationId, sample.source);
    }
    for (const sample of listSamples()) {
      if (sample.language === 'curl' && sample.example === undefined && !this.curlSamples.has(sample.operationId)) {
        this.curlSamples.set(sample.operationId, readSample(sample));
      }
    }
    const users = new Map<string, Set<string>>();
    for (const op of this.model.operations) {
      for (const r of op.responses) if (r.component) users.set(r.component, (users.get(r.component) ?? new Set()).add(op.operationId));
    }
    this.shared = new Map([...users].filter(([, ops]) => ops.size > 1).map(([name, ops]) => [name, ops.size]));
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
        lines.push(
          `${indent}- ${keyword === 'allOf' ? 'with' : keyword === 'oneOf' ? 'exactly one of the forms,' : 'any of the forms,'} ${title}${b.description ? `: ${oneLine(b.description)}` : ''}`,
        );
        lines.push(...sub);
      });
    }
    return lines;
  }

  /** The Markdown of a description or other prose of the description, with this site's marks. */
  prose(text: unknown): string {
    return typeof text === 'string' ? this.marks.apply(text.trim()) : '';
  }

  /** A named example: heading, description, and its value (```jsonc when a line needs a note). */
  example(example: ExampleModel, heading: string): string[] {
    return [
      '',
      `${heading} ${oneLine(example.summary) || example.name} (\`${example.name}\`)`,
      ...(example.description ? ['', this.prose(example.description)] : []),
      '',
      ...this.marks.jsonBlock(example.value),
    ];
  }

  /** One answer in full: description, headers, body schema (linked when named), examples. */
  answer(response: ResponseModel, exampleHeading: string): string[] {
    const lines: string[] = ['', this.prose(response.description)];
    const node = atPointer(this.document, response.pointer) as Node;
    for (const [header, rawHeader] of Object.entries((node.headers ?? {}) as Node)) {
      const h = this.deref(rawHeader);
      lines.push('', `- Header \`${header}\`: ${this.rule(h.schema)}${h.description ? `. ${this.marks.apply(oneLine(h.description))}` : ''}`);
    }
    if (response.schema) {
      lines.push('', `Body (\`application/json\`): ${this.rule(response.schema.node)}`);
      // A named schema's fields are in "Schemas", once: linked above, not repeated here.
      if (!response.schema.component) {
        const fields = this.fields(response.schema.node);
        if (fields.length) lines.push('', ...fields.map((f) => this.marks.apply(f)));
      }
    }
    for (const example of response.examples) lines.push(...this.example(example, exampleHeading));
    return lines;
  }

  operation(op: OperationModel): string[] {
    const lines: string[] = [];
    lines.push(`<a id="${op.operationId}"></a>`, '', `### ${oneLine(op.summary)}`, '', `\`${op.method.toUpperCase()} ${op.path}\` · operationId \`${op.operationId}\` · tag *${op.tags.join(', ')}*`);
    if (op.deprecated) lines.push('', '**Deprecated.**');
    if (op.description) lines.push('', this.prose(op.description));
    const limit = op.rateLimit;
    lines.push(
      '',
      `**Rate limit:** ${limit.limit} calls per ${limit.period} per ${limit.scope === 'app-key' ? 'App Key' : String(limit.scope)}, budget \`${limit.budget}\`` +
        `${limit.budget === op.operationId ? '' : ' (shared by the operations and actions with this budget)'}.`,
    );
    if (op.security.length) {
      const schemes = ((this.document.components as Node | undefined)?.securitySchemes ?? {}) as Node;
      lines.push('', `**Auth:** ${op.security.map((n) => `\`${n}\` (${schemeWords((schemes[n] ?? {}) as Node)})`).join(' or ')}.`);
    }
    if (op.parameters.length) {
      lines.push('', '#### Parameters', '', '| Name | In | Required | Rules | Description |', '|---|---|---|---|---|');
      for (const p of op.parameters) {
        const rules = this.rule(p.schema.node);
        const rule = [rules, p.example !== undefined && !rules.includes(code(p.example)) ? `example ${code(p.example)}` : ''].filter(Boolean).join(', ');
        lines.push(`| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${rule.replace(/\|/g, '\\|')} | ${this.marks.apply(oneLine(p.description)).replace(/\|/g, '\\|')} |`);
      }
    }
    if (op.requestBody) {
      const body = this.deref(atPointer(this.document, `${op.pointer}/requestBody`));
      lines.push('', `#### Request body (\`${op.requestBody.mediaType}\`${op.requestBody.required ? ', required' : ''})`);
      if (body.description) lines.push('', this.prose(body.description));
      lines.push('', `Schema: ${this.rule(op.requestBody.schema.node)}`);
      const fields = this.fields(op.requestBody.schema.node);
      if (fields.length) lines.push('', ...fields.map((f) => this.marks.apply(f)));
      for (const example of op.requestBody.examples) lines.push(...this.example(example, '##### Request example:'));
    }
    lines.push('', '#### Answers');
    for (const response of op.responses) {
      lines.push('', `##### ${response.status}${response.component ? ` (${response.component})` : ''}`);
      if (response.component && this.shared.has(response.component)) {
        // Stated once under "Shared answers"; here what it is and which examples it has.
        lines.push(
          '',
          `${this.prose(oneLine(response.description))} The same answer for ${this.shared.get(response.component)} operations: [${response.component}](#response-${anchor(response.component)}).`,
        );
        if (response.examples.length) {
          lines.push('', ...response.examples.map((e) => `- Example: ${oneLine(e.summary) || e.name} (\`${e.name}\`)${this.marks.exampleNote(e.value)}`));
        }
      } else {
        lines.push(...this.answer(response, '###### Example:'));
      }
    }
    const curl = this.curlSamples.get(op.operationId);
    if (curl) lines.push('', '#### curl', '', '```sh', curl.trimEnd(), '```', '');
    return lines;
  }

  /** The reference, its Errata section from the ERRATA.md given to the constructor. */
  write(): string {
    const errata = this.errata;
    const info = this.document.info as Node;
    const out: string[] = [];
    out.push(
      `# ${String(info.title)}: API reference`,
      '',
      `> Version ${String(info.version)}. Generated from the bundled OpenAPI description ([openapi.yaml](openapi.yaml), ` +
        '[openapi.json](openapi.json)) by the docs build of this project; do not edit. The same content as a web page ' +
        'without JavaScript: [reference.html](reference.html); with search and examples to switch between: [the docs page](index.html). ' +
        `Marks: ${DERIVED_WORDS} and ${OWN_WORDS} (see [Errata](#errata)).`,
      '',
    );
    if (info.summary) out.push(String(info.summary), '');
    if (info.description) out.push(this.prose(String(info.description).replace(/^(#{1,5}) /gm, '#$1 ')), '');
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
      for (const [name, raw] of Object.entries(schemes)) out.push(`- \`${name}\`: ${schemeWords(raw as Node)}. ${oneLine((raw as Node).description)}`);
      out.push('');
    }
    const tagDescriptions = new Map(((this.document.tags ?? []) as Node[]).map((t) => [String(t.name), t.description]));
    out.push('## Operations', '');
    let tag: string | undefined;
    for (const op of this.model.operations) {
      const opTag = op.tags[0] ?? '';
      if (opTag !== tag) {
        tag = opTag;
        out.push(`## ${tag}`, '');
        if (tagDescriptions.get(tag)) out.push(this.prose(tagDescriptions.get(tag)), '');
      }
      out.push(...this.operation(op));
    }
    if (this.shared.size) {
      out.push('## Shared answers', '', 'Answers that several operations give, each stated once: what it means, its body and its examples.', '');
      const done = new Set<string>();
      for (const op of this.model.operations) {
        for (const response of op.responses) {
          if (!response.component || !this.shared.has(response.component) || done.has(response.component)) continue;
          done.add(response.component);
          out.push(`<a id="response-${anchor(response.component)}"></a>`, '', `### ${response.component}`, '', `Status ${response.status}.`, ...this.answer(response, '#### Example:'), '');
        }
      }
    }
    out.push('## Schemas', '', 'Every named schema of the description, with all its fields and rules.', '');
    for (const [name, schema] of Object.entries(((this.document.components as Node).schemas ?? {}) as Node)) {
      const s = schema as Node;
      out.push(`<a id="schema-${anchor(name)}"></a>`, '', `### ${name}`, '', `Rules: ${this.rule(schema).replace(/ \(\[[^\]]+\]\(#schema-[^)]+\)\)$/, '') || 'schema'}`);
      if (s.description) out.push('', this.prose(s.description));
      const fields = this.fields(schema);
      if (fields.length) out.push('', ...fields.map((f) => this.marks.apply(f)));
      out.push('');
    }
    if (errata.trim()) out.push('## Errata', '', this.marks.errata(errata), '');
    return `${out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`;
  }
}

const DERIVED_WORDS = '*derived* (an error code no source prints, named as the service names its codes)';
const OWN_WORDS = "*this description's own rule* (a rule no source states)";

const schemeWords = (s: Node): string => [s.type, s.scheme, s.bearerFormat].filter(Boolean).join(', ');

/**
 * The marks of the reference: links to errata entries (anchors `errata-e<n>` of its own Errata section), derived
 * error codes, and codes that are this description's own rule at some statuses, from ERRATA.md (src/annotate.ts).
 */
export class ReferenceMarks implements Marks {
  readonly entries: ErratumEntry[];
  readonly derived: DerivedCodes;
  readonly own: OwnCodeRule[];
  constructor(document: Node, errata: string) {
    const marks = marksOf(
      document,
      erratumEntries(errata, 'errata').map((e) => ({ ...e, route: `#errata-${e.id.toLowerCase()}` })),
    );
    this.entries = marks.entries;
    this.derived = marks.derived;
    this.own = marks.own;
  }

  /** The same marks as the page's (src/annotate.ts), with links to the reference's own Errata section. */
  apply(markdown: string): string {
    return markText(markdown, this);
  }

  /** A note after an example line whose value is an error with a derived code. */
  exampleNote(value: unknown): string {
    const error = (value as Node | undefined)?.error;
    return typeof error === 'string' && this.derived.codes.includes(error) ? `, with the derived code \`${error}\`${derivedMark(this.derived)}` : '';
  }

  /** A JSON value as a code block; a line with a derived code gets a comment (then the block is ```jsonc). */
  jsonBlock(value: unknown): string[] {
    const json = JSON.stringify(value, null, 2) ?? 'null';
    let noted = false;
    const lines = json.split('\n').map((line) => {
      const match = /^\s*"error": "([^"]+)",?$/.exec(line);
      if (!match || !this.derived.codes.includes(match[1] as string)) return line;
      noted = true;
      const entry = this.derived.entry ? ` (ERRATA ${this.derived.entry.id})` : '';
      return `${line} // derived: no source prints this code${entry}`;
    });
    return [noted ? '```jsonc' : '```json', ...lines, '```'];
  }

  /** ERRATA.md as the reference's last section: an anchor per entry, headings one level down, marks on codes. */
  errata(errata: string): string {
    const body = errata
      .replace(/^\s*#\s+[^\n]*\n/, '')
      .replace(/^(#{2,5}) /gm, '#$1 ')
      .trim();
    const anchored = body.replace(/^### (E\d+)\b/gm, (whole, id: string) => `<a id="errata-${id.toLowerCase()}"></a>\n\n${whole}`);
    return markOwnCodes(markDerivedCodes(anchored, this.derived), this.own);
  }
}

/** The Markdown reference of the whole API (`reference.md`). */
export function markdownReference(document: Node, errata = '', samples?: readonly ExampleSample[], model?: ApiModel): string {
  return new ReferenceWriter(document, samples, errata, model).write();
}

/** `llms.txt`: title, one-paragraph summary, one link per operation, links to the reference and the description files. */
export function llmsTxt(document: Node, model: ApiModel = buildOperationModel(document as unknown as OpenApiDocument)): string {
  const info = document.info as Node;
  const { operations } = model;
  const named = operations.map((op) => `${op.method.toUpperCase()} ${op.path} (${oneLine(op.summary)})`);
  return [
    `# ${String(info.title)}`,
    '',
    `> ${oneLine(info.summary)} An unofficial, community-maintained OpenAPI ${String(document.openapi)} description ` +
      `(version ${String(info.version)}) of the Agora Chat REST API for push-notification settings, with every rule, ` +
      `example, error and rate limit; not made or endorsed by Agora. ${operations.length} operations: ${named.join('; ')}.`,
    '',
    'Every request needs `Authorization: Bearer <app token>` (an Agora Chat app token) and goes to ' +
      '`https://{host}/{org_name}/{app_name}/...`, the host, org and app taken from the project\'s "REST API" field in Agora Console.',
    '',
    '## Operations',
    '',
    ...operations.map(
      (op) =>
        `- [${oneLine(op.summary)}](reference.html#${op.operationId}): \`${op.method.toUpperCase()} ${op.path}\`, operationId \`${op.operationId}\`; ` +
        `parameters, body, answers, errors and a curl sample (the same in Markdown: [reference.md](reference.md#${op.operationId}))`,
    ),
    '',
    '## Docs',
    '',
    '- [API reference in Markdown](reference.md): every operation with its parameters, body fields and their rules, answers, errors, rate limit and a curl example; every schema; the errata',
    '- [API reference as a web page](reference.html): the same, as one HTML page without JavaScript',
    '- [OpenAPI description, YAML](openapi.yaml): the bundled description, for code generators, Postman or Insomnia',
    '- [OpenAPI description, JSON](openapi.json): the same, as JSON',
    '',
    '## Optional',
    '',
    '- [Docs page](index.html): the same content rendered with Redoc (needs JavaScript)',
    '',
  ].join('\n');
}
