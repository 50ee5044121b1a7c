// The breaking-change gate of the description. It compares the built bundle
// (packages/openapi/dist/openapi.yaml) with the bundle of the last release
// (packages/openapi/releases/<newest version>/openapi.yaml) using `redocly diff` (Redocly CLI 2.77,
// experimental; bundle to bundle, because the multi-file source against a bundle reports false additions),
// works out the version bump those changes need, and fails when the pending changesets give less.
// It prints the changes in Markdown; the version command (scripts/release-version.ts) puts the same
// Markdown into the openapi package's CHANGELOG under "API changes".
//
// Usage: tsx scripts/gate.ts [--no-build] [--json]
//   builds @agora-chat-push/openapi first (its own build) unless --no-build; exit 0 = the pending
//   changesets cover the changes, 1 = they do not (or the gate could not decide), 2 = usage error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import getReleasePlanModule from '@changesets/get-release-plan';
import { parse } from 'yaml';

import { root as repoRoot } from './root.js';

export { repoRoot };
/** The package whose version the description carries (the three public packages share it). */
export const OPENAPI_PACKAGE = '@agora-chat-push/openapi';

export type Bump = 'none' | 'patch' | 'minor' | 'major';
const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
export const bumpAtLeast = (given: Bump, needed: Bump): boolean => RANK[given] >= RANK[needed];
const maxBump = (a: Bump, b: Bump): Bump => (RANK[a] >= RANK[b] ? a : b);

/** One change as `redocly diff --format json` (report version 1) reports it. */
export interface DiffChange {
  path: string;
  typeName?: string;
  kind: 'added' | 'removed' | 'modified' | string;
  impact: 'major' | 'minor' | 'patch';
  property?: string;
  verdicts: { ruleId: string; impact: string; message: string }[];
  base?: { pointer: string; value?: unknown };
  revision?: { pointer: string; value?: unknown };
}
export interface DiffReport {
  reportVersion: string;
  summary: { major: number; minor: number; patch: number };
  bump?: 'major' | 'minor' | 'patch';
  changes: DiffChange[];
}

export class GateError extends Error {}

/** Orders `x.y.z` version strings (release folder names); anything else is not a release folder. */
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a)!.slice(1).map(Number);
  const pb = VERSION.exec(b)!.slice(1).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  return 0;
}

/** The newest folder of packages/openapi/releases/: the bundle of the last release. */
export function newestRelease(releasesDir: string): { version: string; bundle: string } {
  const versions = existsSync(releasesDir) ? readdirSync(releasesDir).filter((name) => VERSION.test(name)).sort(compareVersions) : [];
  const version = versions.at(-1);
  if (!version) throw new GateError(`no release folder (x.y.z/) in ${releasesDir}: the baseline of the gate is missing`);
  const bundle = join(releasesDir, version, 'openapi.yaml');
  if (!existsSync(bundle)) throw new GateError(`${bundle} is missing: every release folder holds the bundle it shipped`);
  return { version, bundle };
}

/** Runs `redocly diff BASE REVISION --format json` with the diff-recommended rules. */
export function diffBundles(base: string, revision: string, root = repoRoot): DiffReport {
  for (const file of [base, revision]) if (!existsSync(file)) throw new GateError(`${file} does not exist (build the openapi package first)`);
  // The redocly of this repository (a throw-away copy under test may have no node_modules).
  const redocly = join(repoRoot, 'node_modules', '.bin', 'redocly');
  const result = spawnSync(
    redocly,
    ['diff', base, revision, '--config', join(repoRoot, 'scripts', 'gate.redocly.yaml'), '--lint-config', 'off', '--format', 'json', '--fail-on', 'none'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw new GateError(`could not run redocly diff: ${result.error.message}`);
  let report: DiffReport;
  try {
    report = JSON.parse(result.stdout) as DiffReport;
  } catch {
    throw new GateError(`redocly diff did not print a JSON report (exit ${result.status}):\n${result.stderr.replace(/^.*[║╔╚].*\n/gm, '')}`);
  }
  if (report.reportVersion !== '1' || !Array.isArray(report.changes)) {
    // The diff command is experimental: a new report shape must stop the gate, not pass it silently.
    throw new GateError(`redocly diff printed a report this gate does not know (reportVersion ${String(report.reportVersion)})`);
  }
  return report;
}

/** The bump the description's changes need. 0.x: a breaking change bumps the minor version, anything else the patch. */
export function neededBump(report: DiffReport, currentVersion: string): Bump {
  const api: Bump = report.changes.reduce<Bump>((bump, change) => maxBump(bump, change.impact), 'none');
  if (!currentVersion.startsWith('0.')) return api;
  return api === 'major' ? 'minor' : api === 'none' ? 'none' : 'patch';
}

export interface PendingRelease {
  bump: Bump;
  oldVersion: string;
  newVersion: string;
  changesets: string[];
}

/** What the pending changesets (.changeset/*.md, fixed group applied) do to the openapi package. No git needed. */
export async function pendingRelease(root = repoRoot): Promise<PendingRelease> {
  // A CommonJS module: under tsx/NodeNext its default export may arrive wrapped once more.
  const getReleasePlan = ((getReleasePlanModule as unknown as { default?: unknown }).default ?? getReleasePlanModule) as typeof getReleasePlanModule;
  const plan = await getReleasePlan(root);
  const release = plan.releases.find((r) => r.name === OPENAPI_PACKAGE);
  const oldVersion = (JSON.parse(readFileSync(join(root, 'packages', 'openapi', 'package.json'), 'utf8')) as { version: string }).version;
  if (!release || release.type === 'none') return { bump: 'none', oldVersion, newVersion: oldVersion, changesets: [] };
  return { bump: release.type, oldVersion: release.oldVersion, newVersion: release.newVersion, changesets: release.changesets };
}

const IMPACT_LABEL: Record<DiffChange['impact'], string> = {
  major: '🔴 major (breaking)',
  minor: '🟢 minor',
  patch: '⚪ patch',
};
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** The value at a JSON pointer of a document, following `$ref`s within it on the way. */
function resolvePointer(document: unknown, parts: string[]): unknown {
  const follow = (start: unknown): unknown => {
    let node = start;
    for (let hops = 0; hops < 10 && node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string'; hops++) {
      const ref = (node as { $ref: string }).$ref;
      node = ref.startsWith('#/') ? resolvePointer(document, ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) : undefined;
    }
    return node;
  };
  let node: unknown = document;
  for (const part of parts) {
    node = follow(node);
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return follow(node);
}

/**
 * `#/paths/~1a~1{b}/post/requestBody/content/application~1json/schema/properties/x` -> "`POST /a/{b}` · request body · `x`".
 * With the document, a parameter is named (`parameters/3` -> "path parameter `type`").
 */
export function describePointer(pointer: string, document?: unknown): string {
  const parts = pointer.replace(/^#\/?/, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: string[] = [];
  let i = 0;
  if (parts[0] === 'paths' && parts[1] !== undefined) {
    const method = parts[2];
    if (method && METHODS.has(method)) {
      out.push(`\`${method.toUpperCase()} ${parts[1]}\``);
      i = 3;
    } else {
      out.push(`\`${parts[1]}\``);
      i = 2;
    }
  }
  const rest = parts.slice(i);
  if (rest[0] === 'requestBody') {
    out.push('request body');
    rest.splice(0, rest[1] === 'content' ? 4 : 1); // requestBody/content/<media type>/schema
  } else if (rest[0] === 'responses' && rest[1] !== undefined) {
    out.push(`${rest[1]} answer`);
    rest.splice(0, rest[2] === 'content' ? 5 : 2); // responses/<code>/content/<media type>/schema
  } else if (rest[0] === 'parameters' && rest[1] !== undefined) {
    const parameter = document === undefined ? undefined : (resolvePointer(document, [...parts.slice(0, i), 'parameters', rest[1]]) as { name?: unknown; in?: unknown } | undefined);
    out.push(typeof parameter?.name === 'string' ? `${String(parameter.in ?? '')} parameter \`${parameter.name}\``.trim() : `parameter ${rest[1]}`);
    rest.splice(0, rest[2] === 'schema' ? 3 : 2);
  }
  const names: string[] = [];
  let other: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    if (rest[k] === 'properties' && rest[k + 1] !== undefined) names.push(rest[++k] as string);
    else if (rest[k] === 'items') names.push('[]');
    else other.push(rest[k] as string);
  }
  if (names.length) out.push(`\`${names.join('.').replace(/\.\[\]/g, '[]')}\``);
  other = other.filter(Boolean);
  if (other.length) out.push(other.join('/'));
  return out.length ? out.join(' · ') : pointer;
}

/** The changes as a Markdown summary line and table (no heading: the caller puts it under its own). */
export function renderMarkdown(report: DiffReport, baseVersion: string, revisionDocument?: unknown): string {
  if (report.changes.length === 0) return `None: the description is the same as in ${baseVersion}.\n`;
  const order: DiffChange['impact'][] = ['major', 'minor', 'patch'];
  const changes = [...report.changes].sort((a, b) => order.indexOf(a.impact) - order.indexOf(b.impact));
  const lines = [
    `Compared with the ${baseVersion} description (\`redocly diff\`, diff-recommended rules): **${report.summary.major}** major (breaking) · **${report.summary.minor}** minor · **${report.summary.patch}** patch.`,
    '',
    '| Impact | Change | Where | Details |',
    '| --- | --- | --- | --- |',
  ];
  for (const change of changes) {
    const where = `${describePointer(change.path, revisionDocument)}${change.property ? ` · \`${change.property}\`` : ''}`;
    const source = (change.revision ?? change.base)?.pointer;
    const details = [...change.verdicts.map((v) => `${v.message} (\`${v.ruleId}\`)`), ...(source ? [`in \`${source}\``] : [])].join(' ');
    lines.push(`| ${IMPACT_LABEL[change.impact] ?? change.impact} | ${cell(change.kind)} | ${cell(where)} | ${cell(details)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export interface GateResult {
  ok: boolean;
  baseVersion: string;
  currentVersion: string;
  needed: Bump;
  pending: PendingRelease;
  report: DiffReport;
  /** Why the gate failed, in one paragraph; empty when it passed. */
  problem: string;
  /** The changes in Markdown (summary line and table), as they go under "API changes" in the changelog. */
  changes: string;
  /** The whole output of the gate in Markdown: heading, verdict, the changes. */
  markdown: string;
}

export interface GateOptions {
  root?: string;
  /** The bundle to check; default packages/openapi/dist/openapi.yaml under root. */
  bundle?: string;
}

export async function runGate(options: GateOptions = {}): Promise<GateResult> {
  const root = options.root ?? repoRoot;
  const bundle = options.bundle ?? join(root, 'packages', 'openapi', 'dist', 'openapi.yaml');
  const base = newestRelease(join(root, 'packages', 'openapi', 'releases'));
  const pending = await pendingRelease(root);
  const currentVersion = pending.oldVersion;
  const report = diffBundles(base.bundle, bundle, root);
  const needed = neededBump(report, currentVersion);
  let problem = '';
  if (currentVersion !== base.version) {
    problem =
      `${OPENAPI_PACKAGE} is at ${currentVersion} but the newest release folder is ${base.version}: ` +
      'apply versions with `npx -y pnpm@12.4.2 version-packages`, which also writes packages/openapi/releases/<version>/.';
  } else if (!bumpAtLeast(pending.bump, needed)) {
    problem =
      `The description changed in a way that needs a **${needed}** bump` +
      `${currentVersion.startsWith('0.') && needed === 'minor' ? ' (a breaking change; 0.x bumps the minor version for it)' : ''}, ` +
      `but the pending changesets give ${pending.bump === 'none' ? 'none' : `a **${pending.bump}** bump`}. ` +
      `Add a changeset (\`.changeset/<name>.md\`) with \`"${OPENAPI_PACKAGE}": ${needed}\` and a sentence for the changelog; see CONTRIBUTING.md.`;
  }
  const verdict = problem
    ? `❌ ${problem}`
    : `✅ Needs ${needed === 'none' ? 'no' : `a **${needed}**`} bump; the pending changesets give ${pending.bump === 'none' ? 'none' : `**${pending.bump}** (${pending.oldVersion} → ${pending.newVersion})`}.`;
  const revisionDocument: unknown = parse(readFileSync(bundle, 'utf8'));
  const changes = renderMarkdown(report, base.version, revisionDocument);
  const markdown = `## API changes since ${base.version}\n\n${verdict}\n\n${changes}`;
  return { ok: problem === '', baseVersion: base.version, currentVersion, needed, pending, report, problem, markdown, changes };
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--no-build' && arg !== '--json');
  if (unknown.length) {
    process.stderr.write(`gate: unknown argument ${unknown.join(' ')}\nusage: tsx scripts/gate.ts [--no-build] [--json]\n`);
    return 2;
  }
  if (!argv.includes('--no-build')) {
    const { runPnpm } = await import('./pnpm.js');
    if (runPnpm(['--filter', OPENAPI_PACKAGE, 'build']) !== 0) {
      process.stderr.write('gate: the openapi package did not build, so there is no bundle to compare\n');
      return 1;
    }
  }
  const result = await runGate();
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : result.markdown);
  return result.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`gate: ${error instanceof GateError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
