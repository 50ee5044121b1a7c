// The breaking-change gate of the description, in two forms:
//
// - the change gate (`npx -y pnpm@12.4.2 api:gate [--base REF]`, the default): bundles the description as it
//   was at a base commit (from `git archive`, in a temp folder, with the openapi package's own bundler) and as
//   it is in the working tree, compares the two with `redocly diff`, and requires the changesets ADDED SINCE
//   THE BASE (committed since it, staged, or untracked) to give the bump the changes need. The base is REF;
//   without it, on a pull request in CI (GITHUB_BASE_REF) the target branch; on the base branch of
//   .changeset/config.json itself (main), HEAD; elsewhere the merge base with that branch. Each breaking change
//   is named on the side it breaks: `redocly diff` reports a schema shared by a request and an answer at one
//   place only, so every request and answer that uses a changed component schema is listed (scripts/schema-usage.ts);
// - the release gate (`--release`, what `version-packages` and `release` run): the built bundle
//   (packages/openapi/dist/openapi.yaml) against the bundle of the last release
//   (packages/openapi/releases/<newest version>/openapi.yaml) and ALL pending changesets.
// Both print the changes in Markdown; the version command (scripts/release-version.ts) puts the release
// gate's Markdown into the openapi package's CHANGELOG under "API changes".
//
// Usage: tsx scripts/gate.ts [--base REF] [--json]
//        tsx scripts/gate.ts --release [--no-build] [--json]
//   --release builds @agora-chat-push/openapi first (its own build) unless --no-build; exit 0 = the
//   changesets cover the changes, 1 = they do not (or the gate could not decide), 2 = usage error.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import getReleasePlanModule from '@changesets/get-release-plan';
import { parse } from 'yaml';
import { bundleDescription } from '../packages/openapi/scripts/bundle.js';
import { HTTP_METHODS, unescapePointer } from '../packages/openapi/src/model.js';
import { root as repoRoot } from './root.js';
import { type Side, schemaTrail, schemaUsages, usageText } from './schema-usage.js';

export { repoRoot };
/** The package whose version the description carries (the public packages share it). */
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
  verdicts: { ruleId: string; impact: string; message: string; location?: { pointer?: string } }[];
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
  const versions = existsSync(releasesDir)
    ? readdirSync(releasesDir)
        .filter((name) => VERSION.test(name))
        .sort(compareVersions)
    : [];
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
  const result = spawnSync(redocly, ['diff', base, revision, '--config', join(repoRoot, 'scripts', 'gate.redocly.yaml'), '--lint-config', 'off', '--format', 'json', '--fail-on', 'none'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
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
const METHODS = new Set<string>(HTTP_METHODS);
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** The value at a JSON pointer of a document, following `$ref`s within it on the way. */
function resolvePointer(document: unknown, parts: string[]): unknown {
  const follow = (start: unknown): unknown => {
    let node = start;
    for (let hops = 0; hops < 10 && node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string'; hops++) {
      const ref = (node as { $ref: string }).$ref;
      node = ref.startsWith('#/') ? resolvePointer(document, ref.slice(2).split('/').map(unescapePointer)) : undefined;
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
  const parts = pointer.replace(/^#\/?/, '').split('/').map(unescapePointer);
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
export function renderMarkdown(report: DiffReport, baseVersion: string, revisionDocument?: unknown, baseDocument?: unknown): string {
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
  const breaking = breakingChanges(report, revisionDocument, baseDocument);
  if (breaking.length) lines.push('', '**Breaking changes, on the side they break:**', '', ...breaking.map((b) => `- ${b.text}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The side of an exchange each `redocly diff` rule breaks. Redocly 2.77's rules check the directions a schema
 * is used in (`getDirections()`) before they report, so a verdict of one of these rules is about that side,
 * wherever the report puts the change: a value removed from an enum refuses what callers send (requests), a
 * value added may reach readers that do not know it (answers). A rule not listed here is taken to break both
 * sides (the gate does not guess a direction it does not know).
 */
const RULE_BREAKS: Record<string, Side[]> = {
  'enum-values-removed': ['request'],
  'enum-values-added': ['answer'],
  'required-properties-added': ['request'],
  'required-properties-removed': ['answer'],
  'property-removed': ['answer'],
  'parameter-removed': ['request'],
  'parameter-became-required': ['request'],
  'parameter-serialization-changed': ['request'],
  'request-body-removed': ['request'],
  'request-body-became-required': ['request'],
  'response-removed': ['answer'],
  'response-header-removed': ['answer'],
};
const SIDE_WORD: Record<Side, string> = { request: 'requests', answer: 'answers' };

export interface BreakingChange {
  /** The component schema the change is in, when it is in one. */
  schema?: string;
  /** The sides it breaks. */
  breaks: Side[];
  /** Every place it reaches, by side, as "`operationId` place `trail`". */
  places: Record<Side, string[]>;
  /** One Markdown line: what changed, what it breaks where, what else it reaches. */
  text: string;
}

/** Which side a place of the bundle is on, from its pointer (`…/requestBody/…`, `…/parameters/…`, `…/responses/…`). */
function sideOfPointer(pointer: string): Side | undefined {
  if (/^#\/paths\/[^/]+\/[^/]+\/(requestBody|parameters)(\/|$)/.test(pointer) || /^#\/paths\/[^/]+\/parameters(\/|$)/.test(pointer)) return 'request';
  if (/^#\/paths\/[^/]+\/[^/]+\/responses(\/|$)/.test(pointer)) return 'answer';
  return undefined;
}

/**
 * The breaking changes of a report, each named on the side it breaks: for a change inside a component schema,
 * every request and answer that uses that schema (in the revision, or in the base when the revision dropped it).
 */
export function breakingChanges(report: DiffReport, revisionDocument?: unknown, baseDocument?: unknown): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const change of report.changes) {
    if (change.impact !== 'major') continue;
    const rules = change.verdicts.map((v) => v.ruleId);
    const message = change.verdicts.map((v) => `${v.message} (\`${v.ruleId}\`)`).join(' ') || `${change.kind} ${change.property ?? ''}`.trim();
    const pointer = change.revision?.pointer ?? change.base?.pointer ?? change.verdicts[0]?.location?.pointer ?? '';
    const component = /^#\/components\/schemas\/([^/]+)(\/.*)?$/.exec(pointer);
    const places: Record<Side, string[]> = { request: [], answer: [] };
    let breaks: Side[];
    let schema: string | undefined;
    if (component) {
      schema = unescapePointer(component[1] as string);
      const below = schemaTrail(component[2] ?? '');
      const usagesIn = (document: unknown, which: string) => {
        try {
          return schemaUsages(document, schema as string);
        } catch (error) {
          throw new GateError(`${which}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      let usages = revisionDocument === undefined ? [] : usagesIn(revisionDocument, 'the description as changed');
      if (usages.length === 0 && baseDocument !== undefined) usages = usagesIn(baseDocument, 'the description at the base');
      for (const usage of usages) places[usage.side].push(usageText(usage, below));
      const known = rules.flatMap((rule) => RULE_BREAKS[rule] ?? ['request', 'answer']);
      breaks = (['request', 'answer'] as Side[]).filter((side) => (known.length ? known : ['request', 'answer']).includes(side));
    } else {
      const side = sideOfPointer(change.path);
      const where = describePointer(change.path, revisionDocument);
      if (side) places[side].push(where);
      breaks = side ? [side] : ['request', 'answer'];
      if (!side) places.request.push(where);
    }
    const parts: string[] = [];
    for (const side of ['request', 'answer'] as Side[]) {
      const list = places[side].length ? places[side].join(', ') : 'none';
      if (breaks.includes(side)) parts.push(`**breaks ${SIDE_WORD[side]}**: ${list}`);
      else if (places[side].length) parts.push(`${SIDE_WORD[side]} (not broken by this change): ${list}`);
    }
    const text = `${schema ? `\`${schema}\`: ` : ''}${message} — ${parts.join('; ')}`;
    out.push({ ...(schema ? { schema } : {}), breaks, places, text });
  }
  return out;
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
  const changes = renderMarkdown(report, base.version, revisionDocument, parse(readFileSync(base.bundle, 'utf8')));
  const markdown = `## API changes since ${base.version}\n\n${verdict}\n\n${changes}`;
  return { ok: problem === '', baseVersion: base.version, currentVersion, needed, pending, report, problem, markdown, changes };
}

/** Runs git in `root`; its stdout, trimmed. Fails with git's own words. */
function git(root: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) throw new GateError(`git ${args.join(' ')} failed: ${(result.error?.message ?? result.stderr).trim()}`);
  return result.stdout.trim();
}
const commitOf = (root: string, ref: string): string | undefined => {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
};

export interface GateBase {
  /** What the caller named (or the gate chose): `HEAD`, `main`, `origin/main`, a commit. */
  ref: string;
  commit: string;
  /** Why this base, in a few words (for the report). */
  why: string;
}

/**
 * The commit the change gate compares with: `explicit`; else, on a pull request in CI (GITHUB_BASE_REF), the
 * merge base with the target branch; on the base branch itself (`baseBranch` of .changeset/config.json), HEAD;
 * elsewhere the merge base with the base branch (local, else origin/).
 */
export function resolveBase(root = repoRoot, explicit?: string, env: NodeJS.ProcessEnv = process.env): GateBase {
  if (explicit !== undefined) {
    const commit = commitOf(root, explicit);
    if (!commit) throw new GateError(`--base ${explicit}: not a commit of the repository in ${root} (a branch, tag or commit; fetch it first in a shallow clone)`);
    return { ref: explicit, commit, why: 'given with --base' };
  }
  const mergeBase = (branch: string, why: string): GateBase | undefined => {
    for (const ref of [branch, `origin/${branch}`]) {
      if (!commitOf(root, ref)) continue;
      return { ref, commit: git(root, ['merge-base', 'HEAD', ref]), why };
    }
    return undefined;
  };
  const target = env.GITHUB_BASE_REF?.trim();
  if (target) {
    const found = mergeBase(target, `the pull request's target branch (GITHUB_BASE_REF=${target})`);
    if (!found) throw new GateError(`GITHUB_BASE_REF=${target}, but neither ${target} nor origin/${target} is in the clone: fetch it (actions/checkout with fetch-depth: 0) or pass --base`);
    return found;
  }
  const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8')) as { baseBranch?: string };
  const baseBranch = config.baseBranch ?? 'main';
  const branch = spawnSync('git', ['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (branch === baseBranch) return { ref: 'HEAD', commit: git(root, ['rev-parse', 'HEAD']), why: `on ${baseBranch} itself: the last commit` };
  const found = mergeBase(baseBranch, `the merge base with ${baseBranch}`);
  if (!found) throw new GateError(`no ${baseBranch} branch (nor origin/${baseBranch}) to compare with: pass --base <git ref>`);
  return found;
}

/** The changeset files (`.changeset/<name>.md`, relative to root) added since `commit`: committed since, staged or untracked. */
export function changesetsAddedSince(root: string, commit: string): string[] {
  const added = git(root, ['diff', '--name-only', '--no-renames', '--diff-filter=A', commit, '--', '.changeset']).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', '.changeset']).split('\n');
  return [...new Set([...added, ...untracked])].filter((file) => /^\.changeset\/[^/]+\.md$/.test(file) && file !== '.changeset/README.md').sort();
}

/**
 * What the given changesets alone do to the openapi package (fixed group applied by changesets itself): their
 * release plan in a scratch folder holding only the workspace's manifests, the changesets config and these files.
 */
export async function releaseOf(root: string, changesets: string[]): Promise<PendingRelease> {
  const scratch = mkdtempSync(join(tmpdir(), 'agora-chat-push-gate-changesets-'));
  try {
    mkdirSync(join(scratch, '.changeset'));
    for (const file of ['package.json', 'pnpm-workspace.yaml', join('.changeset', 'config.json'), ...changesets]) {
      if (existsSync(join(root, file))) copyFileSync(join(root, file), join(scratch, file));
    }
    for (const pkg of readdirSync(join(root, 'packages'))) {
      if (!existsSync(join(root, 'packages', pkg, 'package.json'))) continue;
      mkdirSync(join(scratch, 'packages', pkg), { recursive: true });
      copyFileSync(join(root, 'packages', pkg, 'package.json'), join(scratch, 'packages', pkg, 'package.json'));
    }
    return await pendingRelease(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Bundles openapi/ as it is at `commit` into `outDir` with the openapi package's own bundler (the working tree's,
 * so both sides are bundled alike and only the description's changes show) and returns the bundle's path.
 * The Redocly config is the working tree's too: bundling reads only its `source` entry.
 */
export function bundleAt(root: string, commit: string, outDir: string): string {
  const source = join(outDir, 'source');
  mkdirSync(source, { recursive: true });
  const tar = join(outDir, 'openapi.tar');
  git(root, ['archive', '--format=tar', '-o', tar, commit, 'openapi']);
  const untar = spawnSync('tar', ['-xf', tar, '-C', source], { encoding: 'utf8' });
  if (untar.error || untar.status !== 0) throw new GateError(`could not unpack openapi/ of ${commit}: ${untar.error?.message ?? untar.stderr}`);
  copyFileSync(join(root, 'redocly.yaml'), join(source, 'redocly.yaml'));
  const bundled = join(outDir, 'bundle');
  bundleOrExplain(bundled, source, `openapi/ at ${commit}`);
  return join(bundled, 'openapi.yaml');
}

function bundleOrExplain(outDir: string, source: string, what: string): void {
  try {
    bundleDescription(outDir, source);
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    const output = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}`.replace(/^.*[║╔╚].*\n/gm, '').trim();
    throw new GateError(`could not bundle ${what}:\n${output}`);
  }
}

export interface ChangeGateResult {
  ok: boolean;
  base: GateBase;
  currentVersion: string;
  needed: Bump;
  /** The changeset files added since the base, and what they give. */
  added: PendingRelease & { files: string[] };
  report: DiffReport;
  breaking: BreakingChange[];
  problem: string;
  markdown: string;
}

export interface ChangeGateOptions {
  root?: string;
  /** A git ref; default as {@link resolveBase} says. */
  base?: string;
  env?: NodeJS.ProcessEnv;
}

/** The change gate: the description at the base against the working tree, and the changesets added since the base. */
export async function runChangeGate(options: ChangeGateOptions = {}): Promise<ChangeGateResult> {
  const root = options.root ?? repoRoot;
  const base = resolveBase(root, options.base, options.env ?? process.env);
  const scratch = mkdtempSync(join(tmpdir(), 'agora-chat-push-gate-'));
  try {
    const baseBundle = bundleAt(root, base.commit, join(scratch, 'base'));
    bundleOrExplain(join(scratch, 'revision'), root, 'the working tree');
    const revisionBundle = join(scratch, 'revision', 'openapi.yaml');
    const report = diffBundles(baseBundle, revisionBundle, root);
    const files = changesetsAddedSince(root, base.commit);
    const added = { ...(await releaseOf(root, files)), files };
    const currentVersion = added.oldVersion;
    const needed = neededBump(report, currentVersion);
    const revisionDocument: unknown = parse(readFileSync(revisionBundle, 'utf8'));
    const baseDocument: unknown = parse(readFileSync(baseBundle, 'utf8'));
    const breaking = breakingChanges(report, revisionDocument, baseDocument);
    const baseName = `${base.ref === base.commit ? base.commit.slice(0, 12) : `${base.ref} (${base.commit.slice(0, 12)})`}`;
    let problem = '';
    if (!bumpAtLeast(added.bump, needed)) {
      const names = breaking.map((b) => `${b.schema ? `\`${b.schema}\`` : 'an operation'} (breaks ${b.breaks.map((side) => SIDE_WORD[side]).join(' and ')})`);
      problem =
        `The description changed since ${baseName} in a way that needs a **${needed}** bump` +
        `${currentVersion.startsWith('0.') && needed === 'minor' ? ' (a breaking change; 0.x bumps the minor version for it)' : ''}` +
        `${names.length ? `: ${[...new Set(names)].join(', ')}` : ''}, ` +
        `but the changesets added since then give ${added.bump === 'none' ? `none (${files.length ? files.join(', ') : 'no changeset was added'})` : `a **${added.bump}** bump`}. ` +
        `Add a changeset (\`.changeset/<name>.md\`) with \`"${OPENAPI_PACKAGE}": ${needed}\` and a sentence for the changelog; see CONTRIBUTING.md.`;
    }
    const verdict = problem
      ? `❌ ${problem}`
      : `✅ Needs ${needed === 'none' ? 'no' : `a **${needed}**`} bump; the changesets added since the base give ${added.bump === 'none' ? 'none' : `**${added.bump}**`}${files.length ? ` (${files.join(', ')})` : ''}.`;
    const changes = renderMarkdown(report, baseName, revisionDocument, baseDocument);
    const markdown = `## API changes since ${baseName}: ${base.why}\n\n${verdict}\n\n${changes}`;
    return { ok: problem === '', base, currentVersion, needed, added, report, breaking, problem, markdown };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const USAGE = 'usage: tsx scripts/gate.ts [--base REF] [--json]\n       tsx scripts/gate.ts --release [--no-build] [--json]\n';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string): boolean => {
    const at = args.indexOf(name);
    if (at >= 0) args.splice(at, 1);
    return at >= 0;
  };
  const json = flag('--json');
  const release = flag('--release');
  const noBuild = flag('--no-build');
  let base: string | undefined;
  const at = args.findIndex((arg) => arg === '--base' || arg.startsWith('--base='));
  if (at >= 0) {
    const arg = args[at] as string;
    base = arg === '--base' ? args[at + 1] : arg.slice('--base='.length);
    args.splice(at, arg === '--base' ? 2 : 1);
    if (!base || base.startsWith('--')) {
      process.stderr.write(`gate: --base needs a git ref (a branch, tag or commit)\n${USAGE}`);
      return 2;
    }
  }
  if (args.length || (release && base !== undefined) || (!release && noBuild)) {
    const why = args.length
      ? `unknown argument ${args.join(' ')}`
      : release
        ? '--base is for the change gate, not --release'
        : '--no-build is for --release (the change gate bundles both sides itself)';
    process.stderr.write(`gate: ${why}\n${USAGE}`);
    return 2;
  }
  if (!release) {
    const result = await runChangeGate(base === undefined ? {} : { base });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : result.markdown);
    return result.ok ? 0 : 1;
  }
  if (!noBuild) {
    const { runPnpm } = await import('./pnpm.js');
    if (runPnpm(['--filter', OPENAPI_PACKAGE, 'build']) !== 0) {
      process.stderr.write('gate: the openapi package did not build, so there is no bundle to compare\n');
      return 1;
    }
  }
  const result = await runGate();
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : result.markdown);
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
