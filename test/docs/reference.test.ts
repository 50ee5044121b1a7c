// The site's text companions (packages/docs/dist/reference.md and llms.txt), generated from the bundle: the
// reference must carry every operation, parameter, field and rule of the description, so that a reader without
// JavaScript (a terminal, an assistant) misses nothing; llms.txt must follow the llms.txt convention.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { descriptionFiles, distDir, ensureBuilt } from '../../packages/docs/src/build.js';
import { llmsTxt, markdownReference } from '../../packages/docs/src/reference.js';
import { bundle, deref, METHODS } from '../support/description.js';

type Node = Record<string, unknown>;
const document = bundle as unknown as Node;
let reference = '';
let llms = '';

beforeAll(() => {
  ensureBuilt();
  reference = readFileSync(join(distDir, 'reference.md'), 'utf8');
  llms = readFileSync(join(distDir, 'llms.txt'), 'utf8');
}, 120_000);

/** Every rule of every schema in the document, as the strings a reader must find: `name: what`. */
function rulesOf(): string[] {
  const wanted = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${where}[${i}]`));
      return;
    }
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const schema = node as Node;
    for (const [name] of Object.entries((schema.properties ?? {}) as Node)) wanted.add(`\`${name}\``);
    if (Array.isArray(schema.enum)) for (const value of schema.enum) wanted.add(JSON.stringify(value));
    if ('const' in schema) wanted.add(`always \`${JSON.stringify(schema.const)}\``);
    if (typeof schema.pattern === 'string') wanted.add(`matching \`${schema.pattern}\``);
    if (typeof schema.minLength === 'number') wanted.add(`at least ${schema.minLength} character`);
    if (typeof schema.maxLength === 'number') wanted.add(`at most ${schema.maxLength} character`);
    if (typeof schema.minimum === 'number') wanted.add(`minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number') wanted.add(`maximum ${schema.maximum}`);
    if (typeof schema.minProperties === 'number') wanted.add(`at least ${schema.minProperties} field`);
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) wanted.add('no other field');
    if (schema.deprecated === true) wanted.add('**deprecated**');
    if (typeof schema.description === 'string' && schema.description.length < 200) wanted.add(schema.description.replace(/\s*\n\s*/g, ' ').trim());
    for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') walk(value, `${where}/${key}`);
  };
  walk((document.components as Node).schemas, '#/components/schemas');
  return [...wanted];
}

describe('the Markdown reference (reference.md)', () => {
  it('is what the generator makes of the bundle today (not a stale or hand-edited file)', () => {
    expect(reference).toBe(markdownReference(document, readFileSync(descriptionFiles().errata, 'utf8')));
  });

  it('has every operation: method, path, operationId, summary, rate limit, parameters, answers and a curl example', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Node)) {
      for (const method of METHODS) {
        const op = (item as Node)[method] as Node | undefined;
        if (!op) continue;
        const start = reference.indexOf(`\`${method.toUpperCase()} ${path}\` · operationId \`${String(op.operationId)}\``);
        if (start < 0) {
          missing.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        // From the operation's heading to the next heading of its level or above.
        const from = reference.lastIndexOf('\n### ', start);
        const next = reference.slice(start).search(/\n#{2,3} /); // not `# ` (a comment in a curl sample)
        const section = reference.slice(from, next < 0 ? undefined : start + next);
        const limit = op['x-rate-limit'] as Node;
        const wanted = [
          `### ${String(op.summary)}`,
          `**Rate limit:** ${String(limit.limit)} calls per ${String(limit.period)} per App Key, budget \`${String(limit.budget)}\``,
          '#### curl',
          `curl -X ${method.toUpperCase()}`,
          ...Object.keys(op.responses as Node).map((status) => `##### ${status}`),
          ...[...(((item as Node).parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) => `| \`${String(deref<Node | undefined>(p)?.name)}\` |`),
        ];
        for (const text of wanted) if (!section.includes(text)) missing.push(`${String(op.operationId)}: ${text}`);
        // Every response example, by name.
        for (const response of Object.values(op.responses as Node)) {
          for (const content of Object.values((deref<Node | undefined>(response)?.content ?? {}) as Node)) {
            for (const name of Object.keys(((content as Node).examples ?? {}) as Node)) if (!section.includes(`(\`${name}\`)`)) missing.push(`${String(op.operationId)}: example ${name}`);
          }
        }
        if (op.requestBody) {
          for (const content of Object.values((deref<Node | undefined>(op.requestBody)?.content ?? {}) as Node)) {
            for (const name of Object.keys(((content as Node).examples ?? {}) as Node)) if (!section.includes(`(\`${name}\`)`)) missing.push(`${String(op.operationId)}: request example ${name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every field and every rule of every schema', () => {
    const rules = rulesOf();
    expect(rules.length).toBeGreaterThan(50);
    const flat = reference.replace(/\s+/g, ' ');
    expect(rules.filter((rule) => !flat.includes(rule.replace(/\s+/g, ' ')))).toEqual([]);
  });

  it('has the introduction (auth, envelope, errors, rate limits), the servers and the errata', () => {
    const info = document.info as Node;
    for (const heading of String(info.description).match(/^## .+$/gm) ?? []) expect(reference).toContain(`#${heading}`);
    expect(reference).toContain('## Servers');
    expect(reference).toContain('## Authentication');
    expect(reference).toMatch(/^## Errata$/m);
    expect(reference).toContain('## E17.'.replace('## ', '### '));
  });

  it('links only to files of the site, relatively', () => {
    const links = [...reference.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    const files = links.filter((l) => !l.startsWith('#') && !/^https?:/.test(l));
    expect([...new Set(files)].sort()).toEqual(['index.html', 'openapi.json', 'openapi.yaml']);
  });
});

describe('llms.txt', () => {
  it('follows the llms.txt convention: a title, a summary quote, and sections of links', () => {
    expect(llms).toBe(llmsTxt(document));
    const lines = llms.split('\n');
    expect(lines[0]).toBe(`# ${String((document.info as Node).title)}`);
    expect(lines[2]).toMatch(/^> .{100,}/);
    expect(llms).toMatch(/^## Docs$/m);
    for (const file of ['reference.md', 'openapi.yaml', 'openapi.json']) expect(llms).toMatch(new RegExp(`^- \\[[^\\]]+\\]\\(${file.replace('.', '\\.')}\\): `, 'm'));
    // Every operation is named in the summary.
    for (const [path, item] of Object.entries(document.paths as Node)) {
      for (const method of METHODS) if ((item as Node)[method]) expect(llms).toContain(`${method.toUpperCase()} ${path}`);
    }
  });
});
