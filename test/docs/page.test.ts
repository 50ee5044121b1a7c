// The built docs page (packages/docs/dist/index.html), read as a file: it carries exactly the tested sample
// files on every operation, says it is unofficial, and has nothing in it that would load from the network.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createContractValidator } from '@agora-chat-push/openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERRATA_TAG, descriptionFiles, ensureBuilt, offlineProblems } from '../../packages/docs/src/build.js';
import { pageOperations, readPage } from '../../packages/docs/src/page.js';
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
    for (const heading of errata.match(/^#{2,} .+$/gm) ?? []) expect(section?.description).toContain(heading);
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
    const unpatched = '<img src="https://cdn.redoc.ly/redoc/logo-mini.svg"><script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3/bundles/redoc.standalone.js";</script>"disableTelemetry":false';
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
