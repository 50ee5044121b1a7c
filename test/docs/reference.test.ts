// The site's text companions (packages/docs/dist/reference.md and llms.txt), generated from the bundle: the
// reference must carry every operation, parameter, field and rule of the description, so that a reader without
// JavaScript (a terminal, an assistant) misses nothing; llms.txt must follow the llms.txt convention and link
// every operation; reference.html is the same content as a page without a script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { derivedErrorCodes, erratumEntries } from '../../packages/docs/src/annotate.js';
import { SITE_FILES, descriptionFiles, distDir, ensureBuilt } from '../../packages/docs/src/build.js';
import { THIRD_PARTY_AI } from '../../packages/docs/src/redoc-patches.js';
import { REFERENCE_HTML_MAX_GZIP, referenceHtml, referenceHtmlProblems } from '../../packages/docs/src/reference-html.js';
import { llmsTxt, markdownReference } from '../../packages/docs/src/reference.js';
import { bundle, validator } from '../support/description.js';

type Node = Record<string, unknown>;
const document = bundle as unknown as Node;
// The bundle's operation model, as the shared validator built it.
const { model } = validator;
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
    for (const op of model.operations) {
      const method = op.method.toUpperCase();
      const start = reference.indexOf(`\`${method} ${op.path}\` · operationId \`${op.operationId}\``);
      if (start < 0) {
        missing.push(`${method} ${op.path}`);
        continue;
      }
      // From the operation's heading to the next heading of its level or above.
      const from = reference.lastIndexOf('\n### ', start);
      const next = reference.slice(start).search(/\n#{2,3} /); // not `# ` (a comment in a curl sample)
      const section = reference.slice(from, next < 0 ? undefined : start + next);
      const wanted = [
        `### ${op.summary}`,
        `**Rate limit:** ${op.rateLimit.limit} calls per ${op.rateLimit.period} per App Key, budget \`${op.rateLimit.budget}\``,
        '#### curl',
        `curl -X ${method}`,
        ...op.statuses.map((status) => `##### ${status}`),
        ...op.parameters.map((p) => `| \`${p.name}\` |`),
      ];
      for (const text of wanted) if (!section.includes(text)) missing.push(`${op.operationId}: ${text}`);
      // Every response example and every request example, by name.
      for (const response of op.responses) for (const { name } of response.examples) if (!section.includes(`(\`${name}\`)`)) missing.push(`${op.operationId}: example ${name}`);
      for (const { name } of op.requestBody?.examples ?? []) if (!section.includes(`(\`${name}\`)`)) missing.push(`${op.operationId}: request example ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every field and every rule of every schema', () => {
    const rules = rulesOf();
    expect(rules.length).toBeGreaterThan(50);
    // Errata mentions are links to the reference's own Errata section: `[ERRATA E27](#errata-e27)` reads `ERRATA E27`.
    const flat = reference.replace(/\[([^\]]+)\]\(#[^)]*\)/g, '$1').replace(/\s+/g, ' ');
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
    expect([...new Set(files)].sort()).toEqual(['index.html', 'openapi.json', 'openapi.yaml', 'reference.html']);
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
    for (const op of model.operations) expect(llms).toContain(`${op.method.toUpperCase()} ${op.path}`);
  });
});

describe('marks, shared text and anchors of the reference', () => {
  const lines = (): string[] => reference.split('\n');

  it('says "derived" on every line that names a derived code (entity_not_found), examples and errata included', () => {
    const derived = derivedErrorCodes(document, erratumEntries(readFileSync(descriptionFiles().errata, 'utf8'), 'errata')).codes;
    expect(derived).toContain('entity_not_found');
    for (const code of derived) {
      const naming = lines().filter((l) => l.includes(code));
      expect(naming.length, code).toBeGreaterThan(3);
      expect(
        naming.filter((l) => !/derived/i.test(l)),
        code,
      ).toEqual([]);
    }
  });

  it("marks web_application as this description's own rule where it stands for 413 or 415, and not for 500 alone", () => {
    const naming = lines().filter((l) => l.includes('`web_application`') && /\b(413|415)\b/.test(l));
    expect(naming.length).toBeGreaterThan(0);
    for (const line of naming) expect(line).toContain("this description's own rule");
    const only500 = lines().filter((l) => l.includes('`web_application`') && /^\| 500 \|/.test(l));
    for (const line of only500) expect(line).not.toContain("this description's own rule");
  });

  it('states the error schema once and every shared answer once, linked from each operation that gives it', () => {
    expect(reference.match(/Documented codes:/g)).toHaveLength(1);
    const shared = [...reference.matchAll(/<a id="(response-[a-z0-9-]+)"><\/a>/g)].map((m) => m[1] as string);
    expect(shared.length).toBeGreaterThan(3);
    for (const id of shared) {
      expect(reference.split(`<a id="${id}">`).length - 1, id).toBe(1);
      expect(reference, id).toContain(`](#${id})`);
    }
  });

  it('has an anchor per operation, its operationId, before its heading', () => {
    for (const op of model.operations) expect(reference).toContain(`<a id="${op.operationId}"></a>\n\n### ${op.summary}`);
  });
});

describe('reference.html', () => {
  let html = '';
  beforeAll(() => {
    html = readFileSync(join(distDir, 'reference.html'), 'utf8');
  });

  it('is reference.md as a page: rendered from it today, without a script, within its weight', () => {
    expect(html).toBe(referenceHtml(document, reference));
    expect(referenceHtmlProblems(html, document)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(gzipSync(html, { level: 9 }).length).toBeLessThanOrEqual(REFERENCE_HTML_MAX_GZIP);
  });

  it('gives every operation a heading whose id is its operationId, listed in its table of contents', () => {
    for (const op of model.operations) {
      expect(html, op.operationId).toMatch(new RegExp(`<h3 id="${op.operationId}">${op.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h3>`));
      expect(html, op.operationId).toContain(`<a href="#${op.operationId}">`);
    }
  });

  it('catches what it must not carry: a script, a remote resource, an operation without its anchor, extra weight', () => {
    const op = model.operations[0]?.operationId as string;
    const bad = html.replace('</main>', '<script>alert(1)</script><img src="https://example.com/x.png"></main>').replace(`id="${op}"`, 'id="gone"');
    const problems = referenceHtmlProblems(bad, document);
    expect(problems.join('\n')).toMatch(/<script>/);
    expect(problems.join('\n')).toMatch(/network/);
    expect(problems.join('\n')).toContain(`no anchor for ${op}`);
    const heavy = html.replace('</main>', `${Array.from({ length: 40_000 }, (_, i) => `<p>${(i * 7919).toString(36)}</p>`).join('')}</main>`);
    expect(referenceHtmlProblems(heavy, document).join('\n')).toMatch(/gzipped, over the budget/);
  });
});

describe('llms.txt, per operation', () => {
  it('links every operation, one line each, to its anchor in reference.html (and reference.md)', () => {
    for (const op of model.operations) {
      const line = llms.split('\n').filter((l) => l.includes(`](reference.html#${op.operationId})`));
      expect(line, op.operationId).toHaveLength(1);
      expect(line[0]).toMatch(new RegExp(`^- \\[${op.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`));
      expect(line[0]).toContain(`\`${op.method.toUpperCase()} ${op.path}\``);
      expect(line[0]).toContain(`](reference.md#${op.operationId})`);
    }
  });

  it('has no link to a third-party AI service, nor does any file of the site', () => {
    for (const name of SITE_FILES) expect(readFileSync(join(distDir, name), 'utf8'), name).not.toMatch(THIRD_PARTY_AI);
  });
});
