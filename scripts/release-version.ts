// The version command (`npx -y pnpm@12.4.2 version-packages`; the changesets action runs it to open the
// version PR). It applies the pending changesets and keeps the description in step with them:
//   0. refuses to run unless the tree is sound: it builds every package, then runs lint (`pnpm lint`) and the
//      fast tests (`pnpm test:unit`) and stops at the first that fails. `--skip-checks` runs none of them and
//      says so in a banner before and after (CONTRIBUTING.md: only for a release the checks wrongly block);
//   1. builds @agora-chat-push/openapi and runs the release gate (scripts/gate.ts --release): it stops
//      when the pending changesets give a smaller bump than the description's changes need;
//   2. `changeset version`: the new version of the public packages (a fixed group) and their CHANGELOG.md;
//   3. sets `info.version` in openapi/openapi.yaml to that version and rebuilds the bundle;
//   4. writes packages/openapi/releases/<version>/openapi.{yaml,json}, the next release's baseline;
//   5. puts the gate's Markdown under "### API changes" in the new entry of packages/openapi/CHANGELOG.md.
// Steps 1-5 are versionPackages() (the release dry run calls it on its throw-away copy); step 0 is the command's.
// Usage: tsx scripts/release-version.ts [--root DIR] [--skip-checks]   (DIR: a copy of the repository; default this one)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GateError, OPENAPI_PACKAGE, repoRoot, runGate } from './gate.js';
import { runPnpm } from './pnpm.js';

/** Sets `info.version` of a YAML description in place, line by line, keeping every other byte. */
export function setInfoVersion(source: string, version: string): string {
  const lines = source.split('\n');
  const info = lines.findIndex((line) => /^info:\s*$/.test(line));
  let done = false;
  if (info >= 0) {
    let indent: string | undefined; // of info's own keys: a deeper `version:` (say under x-something) is not info.version
    for (let i = info + 1; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.trim() === '' || /^\s*#/.test(line)) continue;
      if (/^\S/.test(line)) break; // the next top-level key: info has no version line
      indent ??= /^\s+/.exec(line)![0];
      const match = /^(\s+version:\s*)\S.*$/.exec(line);
      if (match && line.startsWith(indent) && !/^\s/.test(line.slice(indent.length))) {
        lines[i] = `${match[1]}${version}`;
        done = true;
        break;
      }
    }
  }
  const result = lines.join('\n');
  const check = (parse(result) as { info?: { version?: unknown } } | null)?.info?.version;
  if (!done || String(check) !== version) throw new GateError(`could not set info.version to ${version} in openapi/openapi.yaml: no "  version:" line directly under "info:"`);
  return result;
}

/** Puts `### API changes` and the Markdown at the end of the `## <version>` entry of a changesets CHANGELOG. */
export function addApiChanges(changelog: string, version: string, markdown: string): string {
  const heading = `\n## ${version}\n`;
  const start = changelog.indexOf(heading);
  if (start < 0) throw new GateError(`packages/openapi/CHANGELOG.md has no "## ${version}" entry after \`changeset version\``);
  const next = changelog.indexOf('\n## ', start + heading.length);
  const end = next < 0 ? changelog.length : next + 1;
  const entry = changelog.slice(0, end).replace(/\n*$/, '\n');
  return `${entry}\n### API changes\n\n${markdown.trimEnd()}\n${next < 0 ? '' : '\n'}${changelog.slice(end)}`;
}

/**
 * A package of the fixed group with no changeset of its own gets an empty `## <version>` entry from
 * `changeset version`; say why it has a new version instead.
 */
export function fillEmptyEntry(changelog: string, version: string): string {
  const heading = `\n## ${version}\n`;
  const start = changelog.indexOf(heading);
  if (start < 0) return changelog;
  const next = changelog.indexOf('\n## ', start + heading.length);
  const body = changelog.slice(start + heading.length, next < 0 ? changelog.length : next);
  if (body.trim() !== '') return changelog;
  const line = `- No change of its own: released with description ${version}, as the packages share one version.`;
  return `${changelog.slice(0, start + heading.length)}\n${line}\n${next < 0 ? '' : '\n'}${changelog.slice(next < 0 ? changelog.length : next + 1)}`;
}

/** Runs a command quietly; its output goes into the error when it fails, and is returned when it passes. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/^.*[║╔╚].*\n/gm, '').trim();
  if (result.error || result.status !== 0) throw new GateError(`${[command, ...args].join(' ')} failed${result.error ? `: ${result.error.message}` : ''}\n${output}`);
  return output;
}

/**
 * Builds the openapi package of `root` with its own `build` script (bundle, then tsc), wherever that script
 * keeps its bundler, run as `pnpm run` would: in the package folder, its and the root's node_modules/.bin on
 * PATH. Not through pnpm itself: pnpm 12 refuses a node_modules that is a symlink (ERR_PNPM_UNSAFE_TASK_RUN_STATE_PATH),
 * which the tests' repository copies use, and inside vitest pnpm is not on PATH.
 */
function buildOpenapi(root: string): void {
  const dir = join(root, 'packages', 'openapi');
  const script = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: { build?: string } }).scripts?.build;
  if (!script) throw new GateError(`${OPENAPI_PACKAGE} has no build script`);
  const path = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
  const result = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: path, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/^.*[║╔╚].*\n/gm, '').trim();
    throw new GateError(`the build of ${OPENAPI_PACKAGE} (${script}) failed${result.error ? `: ${result.error.message}` : ''}\n${output}`);
  }
}

export async function versionPackages(root = repoRoot, log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<{ version: string | undefined }> {
  buildOpenapi(root);
  const gate = await runGate({ root });
  log(gate.markdown);
  if (!gate.ok) throw new GateError('the pending changesets do not cover the description changes (see above); nothing was versioned');
  if (gate.pending.bump === 'none') {
    log('version-packages: no pending changesets, nothing to version');
    return { version: undefined };
  }
  log(run(join(repoRoot, 'node_modules', '.bin', 'changeset'), ['version'], root));
  const openapiDir = join(root, 'packages', 'openapi');
  const version = (JSON.parse(readFileSync(join(openapiDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== gate.pending.newVersion) throw new GateError(`changeset version gave ${OPENAPI_PACKAGE} ${version}, the release plan said ${gate.pending.newVersion}`);

  const description = join(root, 'openapi', 'openapi.yaml');
  writeFileSync(description, setInfoVersion(readFileSync(description, 'utf8'), version));
  buildOpenapi(root);
  const release = join(openapiDir, 'releases', version);
  mkdirSync(release, { recursive: true });
  for (const file of ['openapi.yaml', 'openapi.json']) copyFileSync(join(openapiDir, 'dist', file), join(release, file));

  const changelog = join(openapiDir, 'CHANGELOG.md');
  writeFileSync(changelog, addApiChanges(readFileSync(changelog, 'utf8'), version, gate.changes));
  for (const pkg of publicPackageDirs(root).filter((dir) => dir !== 'openapi')) {
    const file = join(root, 'packages', pkg, 'CHANGELOG.md');
    if (existsSync(file)) writeFileSync(file, fillEmptyEntry(readFileSync(file, 'utf8'), version));
  }
  log(`version-packages: ${gate.pending.oldVersion} -> ${version}; wrote packages/openapi/releases/${version}/ and the API changes in packages/openapi/CHANGELOG.md`);
  return { version };
}

/** The folders in `root`/packages of the packages that are published (not `"private": true`), sorted. */
export function publicPackageDirs(root: string): string[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => entry.name)
    .filter((dir) => !(JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { private?: boolean }).private)
    .sort();
}

/** One check of the tree before versioning: its name, and a run that returns the exit status (its output goes to the terminal). */
export interface TreeCheck {
  name: string;
  run: () => number;
}

/** Build, lint, fast tests: what must pass before versions are applied to `root`. */
export function treeChecks(root = repoRoot): TreeCheck[] {
  const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);
  const spawn = (command: string, args: string[]): number => {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.error) process.stderr.write(`version-packages: could not run ${command}: ${result.error.message}\n`);
    return result.status ?? 1;
  };
  return [
    // The fast tests load the packages' dist/: build them all first, as `pnpm test` does.
    { name: 'the build (pnpm -r build)', run: () => runPnpm(['--dir', root, '-r', 'build']) },
    { name: 'lint (pnpm lint)', run: () => spawn(bin('tsx'), [join(root, 'scripts', 'lint.ts')]) },
    { name: 'the fast tests (pnpm test:unit)', run: () => spawn(bin('vitest'), ['run', '--project', 'fast', '--root', root]) },
  ];
}

/** Runs the checks in order and throws at the first that fails, naming it and the way round it. */
export function checkTree(checks: TreeCheck[], log: (line: string) => void): void {
  for (const check of checks) {
    log(`version-packages: checking ${check.name}`);
    const status = check.run();
    if (status !== 0) {
      throw new GateError(
        `${check.name} failed (exit ${status}), so nothing was versioned. Fix it and run again; ` +
          'to version anyway (a release the check wrongly blocks), run `npx -y pnpm@12.4.2 version-packages --skip-checks` and say why in the version pull request.',
      );
    }
  }
}

/** Printed before and after a run with --skip-checks: nobody should miss it in a CI log. */
export const SKIP_CHECKS_BANNER = [
  '!'.repeat(100),
  '!!  version-packages --skip-checks: the build, lint and the fast tests were NOT run.',
  '!!  The versions are applied to a tree nobody checked. Say why in the version pull request.',
  '!'.repeat(100),
].join('\n');

export interface VersionCommandIo {
  log: (line: string) => void;
  warn: (line: string) => void;
  /** The checks to run; default {@link treeChecks} of the root. */
  checks?: (root: string) => TreeCheck[];
}

/** The command: its arguments, the checks (or the loud banner), then {@link versionPackages}. Returns the exit code. */
export async function versionCommand(args: string[], io: VersionCommandIo): Promise<number> {
  const rest = [...args];
  const skip = rest.includes('--skip-checks');
  if (skip) rest.splice(rest.indexOf('--skip-checks'), 1);
  const rootArg = rest[0] === '--root' && rest[1] ? resolve(rest[1]) : undefined;
  if (rest.length !== (rootArg ? 2 : 0)) {
    io.warn(`version-packages: unknown argument ${rest.join(' ')}\nusage: tsx scripts/release-version.ts [--root DIR] [--skip-checks]`);
    return 2;
  }
  const root = rootArg ?? repoRoot;
  try {
    if (skip) io.warn(SKIP_CHECKS_BANNER);
    else checkTree((io.checks ?? treeChecks)(root), io.log);
    await versionPackages(root, io.log);
    if (skip) io.warn(SKIP_CHECKS_BANNER);
    return 0;
  } catch (error) {
    io.warn(`version-packages: ${error instanceof GateError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  versionCommand(process.argv.slice(2), { log: (line) => process.stdout.write(`${line}\n`), warn: (line) => process.stderr.write(`${line}\n`) }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`version-packages: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
