/**
 * The code samples of the docs page, in packages/docs/samples/:
 * - hand-written, one file per operation and language, for the operations without a request body
 *   (`<operationId>.sh` for curl, `<operationId>.ts` for TypeScript with @agora-chat-push/client);
 * - generated, one curl and one TypeScript file per request example of the description, in
 *   samples/examples/ with a manifest (see src/example-samples.ts).
 * The build puts them on the page as `x-codeSamples`; the tests type-check and run the very same files, so a
 * sample cannot rot without a test failing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST, SAMPLE_LANGUAGES, exampleSamplesDir } from './example-samples.js';

/** Where the sample files live. */
export const samplesDir: string = fileURLToPath(new URL('../samples/', import.meta.url));

export type SampleLanguage = 'curl' | 'typescript';

export interface CodeSample {
  operationId: string;
  /** For generated samples: the kebab-case name of the request example, e.g. `push-settings-app-level-request`. */
  action?: string;
  /** For generated samples: the name of the request example in the description. */
  example?: string;
  language: SampleLanguage;
  /** `lang` of the x-codeSamples entry (Redoc highlights by it). */
  lang: string;
  /** The tab label on the page, e.g. `curl` or `TypeScript: display name`. */
  label: string;
  /** Absolute path of the sample file. */
  file: string;
}

const ORDER: SampleLanguage[] = ['curl', 'typescript'];
const NAME = /^(?<operationId>[a-z][A-Za-z]+)(?:\.(?<action>[a-z]+(?:-[a-z]+)*))?\.(?<ext>sh|ts)$/;

/** The generated samples of samples/examples/ (empty until the build or a test has written them). */
function generatedSamples(dir: string): CodeSample[] {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return [];
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as (Omit<CodeSample, 'file'> & { file: string })[];
  return entries.map((entry) => ({
    operationId: entry.operationId,
    action: entry.action as string,
    example: entry.example as string,
    language: entry.language,
    lang: entry.lang,
    label: entry.label,
    file: join(dir, entry.file),
  }));
}

/** Every sample file, hand-written and generated, ordered by operation, language (curl first) and action. */
export function listSamples(dir: string = samplesDir, generatedDir: string = exampleSamplesDir): CodeSample[] {
  const samples: CodeSample[] = generatedSamples(generatedDir);
  for (const name of readdirSync(dir).sort()) {
    if (name === 'tsconfig.json' || name === 'README.md' || name === 'path-values.json') continue;
    if (!name.includes('.')) continue; // a folder (examples/)
    const match = NAME.exec(name);
    if (!match?.groups) {
      throw new Error(`samples/${name}: not a sample file name; expected <operationId>[.<action>].sh or .ts, e.g. getPushSettings.sh`);
    }
    const { operationId, action, ext } = match.groups as { operationId: string; action?: string; ext: string };
    const kind = SAMPLE_LANGUAGES[ext] as (typeof SAMPLE_LANGUAGES)[string];
    samples.push({
      operationId,
      ...(action ? { action } : {}),
      language: kind.language,
      lang: kind.lang,
      label: action ? `${kind.label}: ${action.replace(/-/g, ' ')}` : kind.label,
      file: join(dir, name),
    });
  }
  return samples.sort(
    (a, b) => a.operationId.localeCompare(b.operationId) || ORDER.indexOf(a.language) - ORDER.indexOf(b.language),
    // stable: generated samples keep the order of the examples in the description
  );
}

/** The text of a sample exactly as it goes on the page. */
export function readSample(sample: CodeSample): string {
  return readFileSync(sample.file, 'utf8');
}
