/**
 * The code samples of the docs page: one file per operation (per action for updatePushDisplay) and language,
 * in packages/docs/samples/. The build puts them on the page as `x-codeSamples`; the tests type-check and run
 * the very same files against the mock, so a sample cannot rot without a test failing.
 *
 * File names: `<operationId>[.<action>].<ext>` where ext is `sh` (curl) or `ts` (TypeScript with
 * @agora-chat-push/client), e.g. `getPushSettings.sh`, `updatePushDisplay.display-name.ts`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the sample files live. */
export const samplesDir: string = fileURLToPath(new URL('../samples/', import.meta.url));

export type SampleLanguage = 'curl' | 'typescript';

export interface CodeSample {
  operationId: string;
  /** For operations with several actions (updatePushDisplay): `display-name`, `display-style`. */
  action?: string;
  language: SampleLanguage;
  /** `lang` of the x-codeSamples entry (Redoc highlights by it). */
  lang: string;
  /** The tab label on the page, e.g. `curl` or `TypeScript: display name`. */
  label: string;
  /** Absolute path of the sample file. */
  file: string;
}

const LANGUAGES: Record<string, { language: SampleLanguage; lang: string; label: string }> = {
  sh: { language: 'curl', lang: 'curl', label: 'curl' },
  ts: { language: 'typescript', lang: 'TypeScript', label: 'TypeScript' },
};
const ORDER: SampleLanguage[] = ['curl', 'typescript'];
const NAME = /^(?<operationId>[a-z][A-Za-z]+)(?:\.(?<action>[a-z]+(?:-[a-z]+)*))?\.(?<ext>sh|ts)$/;

/** Every sample file, ordered by operation, language (curl first) and action. */
export function listSamples(dir: string = samplesDir): CodeSample[] {
  const samples: CodeSample[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'tsconfig.json' || name === 'README.md') continue;
    const match = NAME.exec(name);
    if (!match?.groups) {
      throw new Error(
        `samples/${name}: not a sample file name; expected <operationId>[.<action>].sh or .ts, e.g. getPushSettings.sh`,
      );
    }
    const { operationId, action, ext } = match.groups as { operationId: string; action?: string; ext: string };
    const kind = LANGUAGES[ext] as (typeof LANGUAGES)[string];
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
    (a, b) =>
      a.operationId.localeCompare(b.operationId) ||
      ORDER.indexOf(a.language) - ORDER.indexOf(b.language) ||
      (a.action ?? '').localeCompare(b.action ?? ''),
  );
}

/** The text of a sample exactly as it goes on the page. */
export function readSample(sample: CodeSample): string {
  return readFileSync(sample.file, 'utf8');
}
