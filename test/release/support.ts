// Shared by the release tests: real bundles made from the released 0.1.0 bundle with one change each,
// throw-away copies of the repository, pending changesets written into them, and a breaking change to the
// description source.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const releasesDir = join(repoRoot, 'packages', 'openapi', 'releases');
export const BASELINE = '0.1.0';
export const baselineYaml = join(releasesDir, BASELINE, 'openapi.yaml');

type Schema = Record<string, any>;
export type Document = { info: { version: string; description?: string }; components: { schemas: Record<string, Schema> } } & Record<string, any>;

/** The 0.1.0 bundle as released (a fresh object each time). */
export function baseline(): Document {
  return JSON.parse(readFileSync(join(releasesDir, BASELINE, 'openapi.json'), 'utf8')) as Document;
}

function schema(document: Document, name: string): Schema {
  const found = document.components.schemas[name];
  if (!found) throw new Error(`the ${BASELINE} bundle has no schema ${name}: pick another for this pair`);
  return found;
}

/** One change each, on schemas used only in requests or only in answers (a shared one is reported at one place). */
export const CHANGES = {
  /** Request: the path parameter `type` of the conversation settings no longer accepts `chatgroup`. */
  requestEnumValueRemoved(document: Document): void {
    const s = schema(document, 'ConversationType');
    if (!s.enum?.includes('chatgroup')) throw new Error('ConversationType has no chatgroup');
    s.enum = s.enum.filter((v: string) => v !== 'chatgroup');
  },
  /** Answer: a push template gains an optional `lang` field. */
  answerOptionalFieldAdded(document: Document): void {
    schema(document, 'PushTemplate').properties.lang = { type: 'string', description: 'The language of the template.' };
  },
  /** Request: creating a template needs a new `priority` field. */
  requestRequiredFieldAdded(document: Document): void {
    const s = schema(document, 'PushTemplateCreate');
    s.properties.priority = { type: 'integer', description: 'The priority of the template.' };
    s.required = [...s.required, 'priority'];
  },
  /** Answer: `createAt` of a push template may be absent (answers widened). */
  answerFieldNoLongerRequired(document: Document): void {
    const s = schema(document, 'PushTemplate');
    s.required = s.required.filter((name: string) => name !== 'createAt');
  },
  /** Wording only. */
  descriptionReworded(document: Document): void {
    document.info.description = `${document.info.description ?? ''}\nReworded.`;
  },
} satisfies Record<string, (document: Document) => void>;

const scratch: string[] = [];

/** A temp folder removed by {@link cleanUp}. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Removes `dir` in {@link cleanUp} too (e.g. a repository copy). */
export function track(dir: string): string {
  scratch.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes the 0.1.0 bundle with `change` applied as YAML (a real bundle, as `redocly bundle` would) and returns its path. */
export function changedBundle(change: (document: Document) => void, dir = tempDir('gate-pair-')): string {
  const document = baseline();
  change(document);
  const file = join(dir, `openapi-${change.name || 'changed'}.yaml`);
  writeFileSync(file, stringify(document));
  return file;
}

/** Replaces the pending changesets of a repository copy with these (package -> bump), one file each. */
export function setChangesets(root: string, changesets: Record<string, 'patch' | 'minor' | 'major'>[]): void {
  const dir = join(root, '.changeset');
  for (const file of readdirSync(dir)) if (file.endsWith('.md') && file !== 'README.md') rmSync(join(dir, file));
  changesets.forEach((bumps, i) => {
    const front = Object.entries(bumps).map(([name, bump]) => `"${name}": ${bump}`);
    writeFileSync(join(dir, `test-change-${i}.md`), `---\n${front.join('\n')}\n---\n\nA change for the test (${i}).\n`);
  });
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The next minor version after `version` (`0.1.3` -> `0.2.0`). */
export function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return `${major}.${minor + 1}.0`;
}

/**
 * Drops `chatgroup` from the conversation types in the description source of a repository copy: a request
 * narrowed. Returns the values the enum had before, for a test to check that it had `chatgroup` to drop.
 */
export function breakTheDescription(root: string): string[] {
  const file = join(root, 'openapi', 'components', 'schemas', 'ConversationType.yaml');
  const schema = parse(readFileSync(file, 'utf8')) as { enum: string[] };
  const before = schema.enum;
  schema.enum = schema.enum.filter((value) => value !== 'chatgroup');
  writeFileSync(file, stringify(schema));
  return before;
}
