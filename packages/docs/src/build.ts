/**
 * Builds the docs site: packages/docs/dist/index.html, one self-contained file (no other assets).
 *
 * 1. Reads the bundled description (@agora-chat-push/openapi/openapi.json) and its ERRATA.md.
 * 2. Adds to every operation its code samples (`x-codeSamples`, from samples/, see src/samples.ts), and to the
 *    introduction a "Code samples" section and the errata in full. Marks the title unofficial.
 * 3. Runs `redocly build-docs --inlineBundle` with this package's redocly.yaml and template.hbs.
 * 4. Neutralises what still loads from the network (see OFFLINE below) and checks that nothing does.
 *
 * Usage: tsx src/build.ts   (the package's `build` script)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationsAtAGlance } from './glance.js';
import { tagSlug } from './page.js';
import { type CodeSample, listSamples, readSample, samplesDir } from './samples.js';

const require = createRequire(import.meta.url);

/** The root of this package (packages/docs). */
export const packageDir: string = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The site: this folder holds the whole site, which is the one file index.html. */
export const distDir: string = join(packageDir, 'dist');
export const indexHtml: string = join(distDir, 'index.html');

const redocly = join(packageDir, 'node_modules', '.bin', 'redocly');
const configFile = join(packageDir, 'redocly.yaml');
const templateFile = join(packageDir, 'template.hbs');

/** Where the bundle and the errata come from (the workspace package @agora-chat-push/openapi). */
export function descriptionFiles(): { json: string; errata: string } {
  return {
    json: require.resolve('@agora-chat-push/openapi/openapi.json'),
    errata: require.resolve('@agora-chat-push/openapi/ERRATA.md'),
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Operation {
  operationId?: string;
  'x-codeSamples'?: { lang: string; label: string; source: string }[];
  [key: string]: unknown;
}
interface Document {
  info: { title: string; description?: string; [key: string]: unknown };
  tags?: unknown[];
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

function operationsOf(document: Document): Operation[] {
  const operations: Operation[] = [];
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op && typeof op === 'object') operations.push(op as Operation);
    }
  }
  return operations;
}

const CODE_SAMPLES_SECTION = `

## Code samples
Every operation on this page has two code samples: **curl**, and **TypeScript** with
\`@agora-chat-push/client\`, this project's typed client (\`createChatPushClient\`). Both read four
environment variables; set them first:

| Variable | Value |
|---|---|
| \`BASE_URL\` | \`https://\` and your host, from the *REST API* field of your Chat project: for example \`https://a41.chat.agora.io\` |
| \`ORG\` | Your \`org_name\`, from the same field |
| \`APP\` | Your \`app_name\`, from the same field |
| \`TOKEN\` | An app token (see *Authentication* above) |

The samples use the user \`user1\`, the peer \`user2\`, the group \`12312312321\` and the template \`test7\`
of the source page. They are tested: this project's test suite type-checks the TypeScript samples against the
client and runs every sample, curl included, against its mock server, validating each answer against this
description.
`;

/** The name of the section that reproduces ERRATA.md. */
export const ERRATA_TAG = 'Errata in full';


/** Appends a paragraph to the `## heading` section of a Markdown text (or to its end, without that section). */
function withinSection(markdown: string, heading: string, paragraph: string): string {
  const at = markdown.search(new RegExp(`^## ${heading}\\s*$`, 'm'));
  const next = at < 0 ? -1 : markdown.slice(at + 1).search(/^## /m);
  const end = at < 0 || next < 0 ? markdown.length : at + 1 + next;
  return `${markdown.slice(0, end).trimEnd()}\n\n${paragraph}\n\n${markdown.slice(end)}`;
}

/** ERRATA.md as the body of its section: its title is the section's; its headings stay headings. */
function errataMarkdown(errata: string): string {
  const body = errata.replace(/^\s*#\s+[^\n]*\n/, '').trim();
  return `The file \`ERRATA.md\` of the \`@agora-chat-push/openapi\` package, which the introduction's *Errata* section refers to.\n\n${body}\n`;
}

/** The description as the page shows it: samples on every operation, the extra introduction sections. */
export function documentForPage(): { document: Document; warnings: string[] } {
  const files = descriptionFiles();
  const document = JSON.parse(readFileSync(files.json, 'utf8')) as Document;
  const warnings: string[] = [];

  const samples = listSamples();
  const operations = operationsOf(document);
  const known = new Set(operations.map((op) => op.operationId));
  for (const sample of samples) {
    if (!known.has(sample.operationId)) {
      throw new Error(
        `samples/${sample.file.slice(samplesDir.length)}: no operation "${sample.operationId}" in the description; ` +
          `known: ${[...known].join(', ')}`,
      );
    }
  }
  for (const op of operations) {
    const mine = samples.filter((s) => s.operationId === op.operationId);
    for (const language of ['curl', 'typescript'] as const) {
      if (!mine.some((s) => s.language === language)) {
        throw new Error(
          `operation ${String(op.operationId)} has no ${language} sample: add samples/${String(op.operationId)}.${language === 'curl' ? 'sh' : 'ts'}`,
        );
      }
    }
    op['x-codeSamples'] = mine.map((s) => ({ lang: s.lang, label: s.label, source: readSample(s) }));
  }

  // The description already opens with "**Unofficial.**"; the title says it too, since it is what tabs,
  // bookmarks and search results show.
  if (!/unofficial/i.test(document.info.title)) document.info.title = `${document.info.title} (unofficial)`;

  let description = document.info.description ?? '';
  const errata = existsSync(files.errata) ? readFileSync(files.errata, 'utf8') : '';
  if (errata.trim()) {
    // The errata in full, as the last section of the page (a tag without operations, `x-traitTag`), after
    // the operations they explain; the description's own short "Errata" section stays in the introduction.
    const tags = (document.tags ??= []) as Record<string, unknown>[];
    tags.push({ name: ERRATA_TAG, 'x-traitTag': true, description: errataMarkdown(errata) });
    description = withinSection(
      description,
      'Errata',
      `The file is reproduced in the last section of this page, [${ERRATA_TAG}](#/${tagSlug(ERRATA_TAG)}).`,
    );
  } else {
    warnings.push(`${files.errata} is empty or missing: the page has no errata section`);
  }
  document.info.description = `${description.trimEnd()}${operationsAtAGlance(document as never)}${CODE_SAMPLES_SECTION}`;
  return { document, warnings };
}

/*
 * OFFLINE. `redocly build-docs --inlineBundle` embeds Redoc in the page, yet the page still reached out:
 *  - Telemetry: the CLI writes `disableTelemetry` into the page's Redoc options from *the build machine's*
 *    telemetry setting (REDOCLY_TELEMETRY=off or `telemetry: off` in the config). Built on a machine with
 *    telemetry on, the page posts OpenTelemetry traces to otel.cloud.redocly.com from every reader's browser;
 *    hence "sometimes". Fixed by `telemetry: off` in this package's redocly.yaml (and the env variable);
 *    checked below on the written options.
 *  - The footer logo: Redoc 3.0.1 renders "API docs by <img src=https://cdn.redoc.ly/redoc/logo-mini-full.svg>"
 *    (logo-mini.svg when the sidebar is collapsed) after mounting, unconditionally: no option hides it. The
 *    attribution stays; its image is replaced below by an inline SVG wordmark (a data: URL loads nothing).
 * And template.hbs carries a Content-Security-Policy that refuses any other request a future Redoc might make.
 */
const LOGO_URLS: Record<string, string> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': svgDataUrl(
    `<svg xmlns="http://www.w3.org/2000/svg" width="58" height="16" viewBox="0 0 58 16"><text x="0" y="12.5" font-family="Helvetica,Arial,sans-serif" font-size="13" font-weight="700" fill="#0044d4">Redocly</text></svg>`,
  ),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': svgDataUrl(
    `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0044d4"/><text x="8" y="12" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" font-size="11" font-weight="700" fill="#fff">R</text></svg>`,
  ),
};

function svgDataUrl(svg: string): string {
  // Fully percent-encoded: the URL lands inside a JavaScript template literal and an HTML attribute.
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Replaces the remote logo URLs; throws if Redoc no longer has them (then re-check what it loads). */
export function neutraliseRemoteAssets(html: string): string {
  let out = html;
  for (const [url, replacement] of Object.entries(LOGO_URLS)) {
    if (!out.includes(url)) {
      throw new Error(
        `the Redoc bundle no longer contains ${url}: Redoc changed; check what the page loads now ` +
          `(test/docs/browser.test.ts records every request) and update LOGO_URLS in src/build.ts`,
      );
    }
    out = out.split(url).join(replacement);
  }
  return out;
}

/** Problems that would make the page load something from the network; empty when the page is offline-safe. */
export function offlineProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.includes('"disableTelemetry":true')) {
    problems.push('the Redoc options do not say "disableTelemetry":true: the page would send telemetry');
  }
  const checks: [RegExp, string][] = [
    [/<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi, 'an element loads a remote src'],
    [/<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//gi, 'a <link> loads a remote href'],
    [/\bimport\s*(?:[\w{}\s,*]+from\s*)?["'](?:https?:)?\/\//g, 'a script imports a remote module'],
    [/url\(\s*["']?(?:https?:)?\/\//g, 'a style loads a remote url()'],
    [/https:\/\/cdn\.redoc\.ly\//g, 'a cdn.redoc.ly URL remains'],
  ];
  for (const [regex, what] of checks) {
    const found = html.match(regex);
    if (found) problems.push(`${what}: ${found.slice(0, 3).join(' | ')}`);
  }
  return problems;
}

/**
 * The Redoc 3 options of the page (https://redocly.com/docs/redoc/v3.x/config). Passed with `--openapi`.
 * `codeSamples.languages` must list every sample tab: Redoc 3 only shows the x-codeSamples whose label (or
 * lang) is in that list, and its default list has curl but no TypeScript.
 */
export function redocOptions(samples: CodeSample[] = listSamples()): Record<string, unknown> {
  const languages: { lang: string; label: string }[] = [];
  for (const { lang, label } of samples) {
    if (!languages.some((l) => l.label === label)) languages.push({ lang, label });
  }
  languages.sort((a, b) => Number(a.lang !== 'curl') - Number(b.lang !== 'curl')); // curl is the default tab
  return {
    codeSamples: { languages: [...languages, { lang: 'payload', label: 'Payload' }] },
    // Required fields first: a reader scans for what must be sent.
    sortRequiredPropsFirst: true,
    // Open nested schemas (envelope -> data -> fields) so that every rule is on screen without clicking.
    schemasExpansionLevel: 'all',
    jsonSamplesExpandLevel: 'all',
    // The page is one offline file: a download button would point at nothing.
    hideDownloadButtons: true,
  };
}

export interface BuildResult {
  file: string;
  bytes: number;
  operations: number;
  samples: number;
  warnings: string[];
}

/** Builds the page into `outFile` (default dist/index.html), written atomically. */
export function buildDocs(outFile: string = indexHtml): BuildResult {
  const { document, warnings } = documentForPage();
  const work = mkdtempSync(join(tmpdir(), 'agora-chat-push-docs-'));
  try {
    const input = join(work, 'openapi.json');
    const options = join(work, 'redoc-options.json');
    const raw = join(work, 'index.html');
    writeFileSync(input, JSON.stringify(document, null, 2));
    writeFileSync(options, JSON.stringify(redocOptions()));
    execFileSync(
      redocly,
      [
        'build-docs',
        input,
        '--inlineBundle',
        '--config',
        configFile,
        '--template',
        templateFile,
        '--openapi',
        options,
        '--title',
        document.info.title,
        '--templateOptions.description',
        'Every rule, example and error of the Agora Chat push-notification settings REST API on one page, with tested curl and TypeScript samples. Unofficial; not affiliated with Agora.',
        '--output',
        raw,
      ],
      {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const html = neutraliseRemoteAssets(readFileSync(raw, 'utf8'));
    const problems = offlineProblems(html);
    if (problems.length > 0) throw new Error(`the built page is not offline-safe:\n- ${problems.join('\n- ')}`);
    mkdirSync(dirname(outFile), { recursive: true });
    const tmp = `${outFile}.${process.pid}.tmp`;
    writeFileSync(tmp, html);
    renameSync(tmp, outFile);
    const operations = operationsOf(document);
    return {
      file: outFile,
      bytes: Buffer.byteLength(html),
      operations: operations.length,
      samples: operations.reduce((n, op) => n + (op['x-codeSamples']?.length ?? 0), 0),
      warnings,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The files the page is made from: when one is newer than dist/index.html, the page is stale. */
export function buildInputs(): string[] {
  const files = descriptionFiles();
  return [
    files.json,
    files.errata,
    configFile,
    templateFile,
    fileURLToPath(import.meta.url),
    join(packageDir, 'src', 'samples.ts'),
    samplesDir,
    ...listSamples().map((s) => s.file),
  ].filter((f) => existsSync(f));
}

/** Builds dist/index.html unless it is newer than all its inputs; returns its path. */
export function ensureBuilt(): string {
  const built = existsSync(indexHtml) ? statSync(indexHtml).mtimeMs : 0;
  if (buildInputs().some((f) => statSync(f).mtimeMs > built)) buildDocs();
  return indexHtml;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = buildDocs();
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(
      `docs: ${result.file} (${Math.round(result.bytes / 1024)} KiB, ${result.operations} operations, ${result.samples} code samples)\n`,
    );
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    process.stderr.write(`docs build failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}\n`);
    process.exit(1);
  }
}
