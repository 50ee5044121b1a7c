// The built docs page (packages/docs/dist/index.html), read as a file: it carries exactly the tested sample
// files on every operation, says it is unofficial, and has nothing in it that would load from the network.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createContractValidator, loadDescription } from '@agora-chat-push/openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { derivedErrorCodes, derivedMark, erratumEntries, linkErrataMentions, markDerivedCodes, plainHeadings, unwrapSoftBreaks } from '../../packages/docs/src/annotate.js';
import { CHANGES_TAG, ERRATA_TAG, SITE_FILES, descriptionFiles, distDir, ensureBuilt, nonRelativeLinks, offlineProblems, relativeLinks } from '../../packages/docs/src/build.js';
import { exampleSamples } from '../../packages/docs/src/example-samples.js';
import { pageOperations, readPage, tagSlug } from '../../packages/docs/src/page.js';
import { listSamples, readSample, samplesDir } from '../../packages/docs/src/samples.js';

const validator = createContractValidator();
let html = '';

beforeAll(() => {
  // Builds dist/index.html when it is missing or older than what it is made from.
  html = readFileSync(ensureBuilt(), 'utf8');
}, 120_000);

describe('the built docs page', () => {
  it('documents every operation of the description', () => {
    const onPage = pageOperations(html).map((o) => `${o.method} ${o.path} ${o.operationId}`);
    const described = validator.operations.map((o) => `${o.method.toUpperCase()} ${o.path} ${o.operationId}`);
    expect(onPage.sort()).toEqual(described.sort());
  });

  it('carries a curl and a TypeScript sample on every operation', () => {
    for (const op of pageOperations(html)) {
      const langs = op.samples.map((s) => s.lang);
      expect(langs, op.operationId).toContain('curl');
      expect(langs, op.operationId).toContain('TypeScript');
    }
  });

  it('carries the sample files byte for byte, each once, under the label the tests know it by', () => {
    const onPage = pageOperations(html).flatMap((op) => op.samples.map((s) => ({ operationId: op.operationId, ...s })));
    const files = listSamples();
    expect(onPage).toHaveLength(files.length);
    for (const sample of files) {
      const found = onPage.filter((s) => s.operationId === sample.operationId && s.label === sample.label);
      expect(found, relative(samplesDir, sample.file)).toHaveLength(1);
      expect(found[0]?.source, relative(samplesDir, sample.file)).toBe(readSample(sample));
      expect(found[0]?.lang).toBe(sample.lang);
    }
  });

  it('lists every sample label in Redoc codeSamples.languages, without which Redoc hides the sample', () => {
    const { options } = readPage(html);
    const languages = (options.codeSamples as { languages: { label: string }[] }).languages.map((l) => l.label);
    for (const sample of listSamples()) expect(languages, sample.label).toContain(sample.label);
  });

  it('says in its title that it is unofficial and not affiliated with Agora', () => {
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    expect(title).toMatch(/unofficial/i);
    const { document } = readPage(html);
    expect(document.info.title).toMatch(/unofficial/i);
    expect(document.info.description).toContain('It is not made, endorsed or supported by Agora');
    expect(html).toMatch(/<meta name="description" content="[^"]*not affiliated with Agora/);
  });

  it('reproduces ERRATA.md in full as its last section, and its introduction points there', () => {
    const errata = readFileSync(descriptionFiles().errata, 'utf8');
    const { document } = readPage(html);
    const section = document.tags?.find((t) => t.name === ERRATA_TAG);
    if (errata.trim() === '') {
      // Nothing to reproduce yet: the page must not pretend otherwise.
      expect(section).toBeUndefined();
      return;
    }
    expect(section?.['x-traitTag']).toBe(true);
    expect(document.tags?.at(-1)?.name).toBe(ERRATA_TAG);
    // Headings without code spans (Redoc cuts a title at the first one): the same text otherwise.
    for (const heading of errata.match(/^#{2,} .+$/gm) ?? []) expect(section?.description).toContain(plainHeadings(heading));
    expect(section?.description).not.toMatch(/^#{1,6} .*`/m);
    expect(document.info.description).toContain(`[${ERRATA_TAG}](#/errata-in-full)`);
  });

  it('explains the variables the samples use', () => {
    const { document } = readPage(html);
    for (const variable of ['BASE_URL', 'ORG', 'APP', 'TOKEN']) expect(document.info.description).toContain(`\`${variable}\``);
  });

  it('has nothing that would load from the network, and turns Redoc telemetry off', () => {
    expect(offlineProblems(html)).toEqual([]);
    expect(html).not.toContain('https://cdn.redoc.ly/');
    expect(html).toContain('"disableTelemetry":true');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
  });

  it('is the whole site: Redoc is inlined, no script or stylesheet is referenced by URL', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="(?:stylesheet|modulepreload|preload)"/i);
    expect(html).toContain('hydrate(__redoc_definition');
  });
});

describe('the offline check of the build', () => {
  it('catches what the unpatched Redoc page would load', () => {
    const unpatched =
      '<img src="https://cdn.redoc.ly/redoc/logo-mini.svg"><script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3/bundles/redoc.standalone.js";</script>"disableTelemetry":false';
    const problems = offlineProblems(unpatched);
    expect(problems.join('\n')).toMatch(/telemetry/);
    expect(problems.join('\n')).toMatch(/remote src/);
    expect(problems.join('\n')).toMatch(/imports a remote module/);
    expect(problems.join('\n')).toMatch(/cdn\.redoc\.ly/);
  });
});

describe('the introduction of the page', () => {
  const intro = (): string => {
    const { document } = readPage(html) as unknown as { document: { info?: { description?: string } } };
    return document.info?.description ?? '';
  };

  it('has every operation and its rules at a glance, derived from the description', () => {
    const text = intro();
    const glance = text.slice(text.indexOf('## Operations at a glance'), text.indexOf('## Code samples'));
    expect(glance.length).toBeGreaterThan(500);
    const document = validator.document as { paths: Record<string, Record<string, { summary?: string }>> };
    for (const op of validator.operations) {
      expect(glance, op.operationId).toContain(`[${document.paths[op.path]?.[op.method]?.summary}](#/`);
    }
    for (const rule of ['at most 100 characters', '0 to 604800000', '1 to 64 characters', '`"chatgroup"`', '`"NONE"`', 'shared budget `push-display`', 'valid only at the app level', 'ends']) {
      expect(glance, rule).toContain(rule);
    }
    // The ignoreInterval pattern has pipes, escaped so that the table keeps its columns.
    expect(glance).toContain('([01][0-9]\\|2[0-3])');
  });
});

describe('the site folder', () => {
  it('holds the page, both description files byte for byte, the Markdown reference and llms.txt', () => {
    const files = descriptionFiles();
    for (const name of SITE_FILES) expect(readFileSync(join(distDir, name)).length, name).toBeGreaterThan(0);
    expect(readFileSync(join(distDir, 'openapi.yaml')).equals(readFileSync(files.yaml))).toBe(true);
    expect(readFileSync(join(distDir, 'openapi.json')).equals(readFileSync(files.json))).toBe(true);
  });

  it("offers both files in Redoc's download button and in the introduction, by relative URLs", () => {
    const { document, options } = readPage(html);
    expect(options.hideDownloadButtons).toBe(false);
    expect((options.downloadUrls as { url: string }[]).map((d) => d.url)).toEqual(['openapi.yaml', 'openapi.json']);
    for (const link of ['](openapi.yaml)', '](openapi.json)', '](reference.md)', '](llms.txt)']) expect(document.info.description).toContain(link);
  });

  it('has no link in the pre-rendered HTML that would break in a new tab or under a sub-path', () => {
    expect(nonRelativeLinks(html)).toEqual([]);
    // The check can fail: Redoc's own pre-rendered HTML has such links.
    const unfixed = html.replace(/href="#\/section\/errors"/, 'href="/section/errors"');
    expect(nonRelativeLinks(unfixed)).toEqual(['/section/errors']);
    expect(nonRelativeLinks(relativeLinks(unfixed))).toEqual([]);
  });
});

describe('the version and the changes', () => {
  it("shows the description's version in the introduction", () => {
    const { document } = readPage(html);
    expect(document.info.description).toContain(`**Version ${String(loadDescription().info.version)}**`);
  });

  it(`reproduces the openapi package's CHANGELOG.md as the "${CHANGES_TAG}" section, before the errata`, () => {
    const changelog = readFileSync(descriptionFiles().changelog, 'utf8');
    const { document } = readPage(html);
    const section = document.tags?.find((t) => t.name === CHANGES_TAG);
    expect(section?.['x-traitTag']).toBe(true);
    const versions = [...changelog.matchAll(/^## (\S+)/gm)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(section?.description).toContain(`## ${version}`);
    expect(document.info.description).toContain(`(#/${tagSlug(CHANGES_TAG)})`);
  });
});

describe('samples that match their example', () => {
  it('give every request example of the description a curl and a TypeScript sample, labelled with its summary', () => {
    const description = loadDescription() as unknown as Record<string, unknown>;
    const generated = exampleSamples(description);
    const operations = pageOperations(html);
    let examples = 0;
    // Each request example (its component's summary and value, `$ref`s followed), read through the operation model.
    for (const op of validator.model.operations) {
      for (const example of op.requestBody?.examples ?? []) {
        const { name } = example;
        examples += 1;
        const onPage = operations.find((o) => o.operationId === op.operationId)?.samples ?? [];
        for (const language of ['curl', 'TypeScript']) {
          const label = `${language}: ${example.summary}`;
          const sample = onPage.find((s) => s.label === label);
          expect(sample, `${op.operationId} ${name}: no "${label}" sample`).toBeDefined();
          expect(generated.find((g) => g.example === name && g.label === label)?.source).toBe(sample?.source);
        }
        // The curl sample sends exactly the example's value.
        const curl = onPage.find((s) => s.label === `curl: ${example.summary}`)?.source ?? '';
        expect(JSON.parse(/-d '([\s\S]*)'\s*$/.exec(curl)?.[1] ?? 'null'), name).toEqual(example.value);
      }
    }
    expect(examples).toBeGreaterThanOrEqual(8);
  });

  it('give every TypeScript sample its install line', () => {
    for (const op of pageOperations(html)) {
      for (const sample of op.samples.filter((s) => s.lang === 'TypeScript')) {
        expect(sample.source, `${op.operationId} ${sample.label}`).toMatch(/^\/\/ npm i @agora-chat-push\/client +\(Node 20\+; ESM/);
      }
    }
  });
});

/** Every `description` string anywhere under `node`, in document order. */
function descriptions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => descriptions(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'description' && typeof value === 'string') out.push(value);
      else descriptions(value, out);
    }
  }
  return out;
}

describe('errata links and derived error codes', () => {
  const errata = (): string => readFileSync(descriptionFiles().errata, 'utf8');

  it('turns every "ERRATA E<n>" of the text into a link to that entry', () => {
    const entries = erratumEntries(errata(), tagSlug(ERRATA_TAG));
    expect(entries.length).toBeGreaterThan(10);
    const { document } = readPage(html);
    const texts = descriptions({ ...document, tags: document.tags?.filter((t) => t.name !== ERRATA_TAG) });
    const bare: string[] = [];
    let links = 0;
    for (const text of texts) {
      // A link target may hold balanced parentheses (Redoc keeps them in heading ids).
      for (const match of text.matchAll(/(\[)?ERRATA (E\d+)(\]\((#(?:[^\s()]|\([^\s()]*\))+)\))?/g)) {
        if (!match[1]) bare.push(match[0]);
        else {
          links += 1;
          expect(entries.find((e) => e.id === match[2])?.route).toBe(match[4]);
        }
      }
    }
    expect(bare).toEqual([]);
    expect(links).toBeGreaterThan(0);
    // Switched off, the mentions stay text (and the check above would see them).
    expect(linkErrataMentions('see ERRATA E6.', [])).toBe('see ERRATA E6.');
    expect(linkErrataMentions('see ERRATA E6.', entries)).toMatch(/^see \[ERRATA E6\]\(#\/errata-in-full\/e6\./);
  });

  it('marks the derived error codes wherever the text names them, and on the examples that carry them', () => {
    const entries = erratumEntries(errata(), tagSlug(ERRATA_TAG));
    const derived = derivedErrorCodes(loadDescription() as never, entries);
    // What ERRATA.md says today (E17): one code is derived, no source prints it (Easemob's error page prints
    // required_property_not_found, so that one is not marked).
    expect(derived.codes.sort()).toEqual(['entity_not_found']);
    expect(derived.entry?.id).toBe('E17');
    const mark = derivedMark(derived);
    const { document } = readPage(html);
    const texts = descriptions({ ...document, tags: document.tags?.filter((t) => t.name !== ERRATA_TAG) });
    let marked = 0;
    // The note on an example names the code it is about: that one is the mark.
    for (const text of texts.map((t) => t.replace(/\*\*Derived code:\*\*[^\n]*/g, ''))) {
      for (const code of derived.codes) {
        for (const match of text.matchAll(new RegExp(`${code}("?\`)?`, 'g'))) {
          const after = text.slice((match.index ?? 0) + match[0].length);
          expect(after.startsWith(mark), `${code} unmarked in: ${text.slice(0, 200)}`).toBe(true);
          marked += 1;
        }
      }
    }
    expect(marked).toBeGreaterThan(3);
    const examples = (document as unknown as { components: { examples: Record<string, { value: { error?: string }; description?: string }> } }).components.examples;
    for (const [name, example] of Object.entries(examples)) {
      if (derived.codes.includes(example.value?.error ?? '')) expect(example.description, name).toContain('**Derived code:**');
    }
    expect(markDerivedCodes('`entity_not_found` and entity_not_found', { codes: [] })).toBe('`entity_not_found` and entity_not_found');
  });
});

describe('text that search can index', () => {
  it("has no soft line break inside a paragraph or list item (Redoc's index would join the words)", () => {
    const texts = descriptions(readPage(html).document);
    expect(texts.filter((t) => unwrapSoftBreaks(t) !== t).map((t) => t.slice(0, 120))).toEqual([]);
    // The description itself wraps its lines: the page is what unwraps them.
    const source = String((loadDescription().info as { description?: string }).description);
    expect(unwrapSoftBreaks(source)).not.toBe(source);
    expect(unwrapSoftBreaks('one\nconversation\n\n- a\n  b\n\n| x |\n|---|\n\n```\nc\nd\n```')).toBe('one conversation\n\n- a b\n\n| x |\n|---|\n\n```\nc\nd\n```');
  });
});
