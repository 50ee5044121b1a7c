// What a release would publish, without publishing (`npx -y pnpm@12.4.2 release:dry-run`):
//   1. copies the working tree into a throw-away folder (pending changesets included) and installs it;
//   2. applies the pending versions there (scripts/release-version.ts: gate, `changeset version`,
//      info.version, the release folder, the changelogs) and builds the public packages;
//   3. packs each (`pnpm pack`: `workspace:*` becomes the exact version) and checks every tarball with
//      publint (strict) and attw (ESM-only profile);
//   4. installs the tarballs with npm into a fresh project (their dependencies from the registry)
//      and runs a smoke program there: the client against the mock bin of the tarball, and the contract
//      validator on the shipped bundle;
//   5. prints what would be published: names, versions, files, sizes.
// Nothing is written to a registry, and the repository is not touched. Exit 0 when every step passed.
// Usage: tsx scripts/release-dry-run.ts [--keep]   (--keep: leave the throw-away folders for a look)
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from './gate.js';
import { copyRepository } from './release-copy.js';
import { publicPackageDirs, versionPackages } from './release-version.js';

const PNPM = ['npx', '-y', 'pnpm@12.4.2'] as const;

export class DryRunError extends Error {}

interface Step {
  status: number | null;
  output: string;
}

function sh(command: string, args: readonly string[], cwd: string, options: SpawnSyncOptions = {}): Step {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false', REDOCLY_TELEMETRY: 'off' },
    ...options,
  });
  return { status: result.status, output: `${String(result.stdout ?? '')}${String(result.stderr ?? '')}${result.error ? String(result.error) : ''}` };
}

function must(step: Step, what: string): string {
  if (step.status !== 0) throw new DryRunError(`${what} failed:\n${step.output.trim()}`);
  return step.output;
}

/** The files of a .tgz with their contents (a reader of the ustar headers: pnpm and npm write nothing else). */
export function readTarball(tarball: string): { path: string; size: number; data: Buffer }[] {
  const tar = gunzipSync(readFileSync(tarball));
  const entries: { path: string; size: number; data: Buffer }[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '' || type === '0') entries.push({ path: name.replace(/^package\//, ''), size, data: tar.subarray(offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

export interface PackedPackage {
  name: string;
  version: string;
  tarball: string;
  packedBytes: number;
  files: { path: string; size: number }[];
}

/** The public (non-private) packages of a workspace copy, in packages/. */
function publicPackages(root: string): string[] {
  return publicPackageDirs(root).map((dir) => (JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string }).name);
}

/**
 * attw checks module entrypoints. Subpaths that export plain files (openapi.yaml, ERRATA.md) are not modules,
 * so attw reports them as "Resolution failed"; they are left out, every .js and .json entrypoint is checked.
 */
function fileEntrypoints(files: { path: string; data: Buffer }[]): string[] {
  const manifest = files.find((f) => f.path === 'package.json');
  if (!manifest) throw new DryRunError('a tarball without package.json');
  const exports = (JSON.parse(manifest.data.toString('utf8')) as { exports?: Record<string, unknown> }).exports ?? {};
  return Object.entries(exports)
    .filter(([subpath, target]) => !subpath.includes('*') && typeof target === 'string' && !/\.(c|m)?js$|\.json$/.test(target))
    .map(([subpath]) => subpath);
}

const SMOKE = `// The smoke program of the release dry run: the packages as a user installs them from the tarballs.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ChatPushError, createChatPushClient } from '@agora-chat-push/client';
import { createContractValidator } from '@agora-chat-push/openapi';

const require = createRequire(import.meta.url);
const version = (name) => JSON.parse(readFileSync(require.resolve(name + '/package.json'), 'utf8')).version;
const bundle = JSON.parse(readFileSync(require.resolve('@agora-chat-push/openapi/openapi.json'), 'utf8'));
const check = (ok, what) => { if (!ok) throw new Error('smoke: ' + what); };

// The mock's bin, as npm linked it from the tarball's "bin".
const mock = spawn(new URL('./node_modules/.bin/agora-chat-push-mock', import.meta.url).pathname, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('smoke: the mock did not say where it listens within 60 s:\\n' + log)), 60_000);
  const read = (chunk) => {
    log += chunk;
    const match = /listening on (http:\\/\\/[^\\s]+)/.exec(log);
    if (match) { clearTimeout(timer); resolve(match[1]); }
  };
  mock.stdout.on('data', read);
  mock.stderr.on('data', read);
  mock.on('exit', (code) => { clearTimeout(timer); reject(new Error('smoke: the mock exited (' + code + '):\\n' + log)); });
});
try {
  const push = createChatPushClient({ baseUrl: url, orgName: 'agora-demo', appName: 'testapp', token: 'smoke-token', retry: false });
  const settings = await push.getSilentModeForAll('user1');
  const { language } = await push.getPreferredNotificationLanguage('user1');
  const { data: template, envelope, response } = await push.getPushTemplate('test7').withResponse();
  const missing = await createChatPushClient({
    baseUrl: url, orgName: 'agora-demo', appName: 'testapp', token: 'smoke-token', retry: false,
    middleware: [{ onRequest: ({ request }) => { request.headers.set('Prefer', 'code=400, example=ErrorTemplateNotFound'); return request; } }],
  }).getPushTemplate('nope').then(() => undefined, (error) => error);

  // The operators' command, as npm linked it from the cli tarball's "bin": one operation, JSON out.
  const cli = await new Promise((resolve, reject) => {
    // The connection is the smoke's own: app credentials exported in the caller's shell would clash with the token.
    const { AGORA_APP_ID, AGORA_APP_CERTIFICATE, ...inherited } = process.env;
    const env = { ...inherited, AGORA_CHAT_BASE_URL: url, AGORA_CHAT_APP_KEY: 'agora-demo#testapp', AGORA_CHAT_TOKEN: 'smoke-token' };
    execFile(new URL('./node_modules/.bin/agora-chat-push', import.meta.url).pathname, ['get-push-language', '--username', 'user1'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error('smoke: agora-chat-push get-push-language failed: ' + error.message + '\\n' + stderr));
      try { resolve(JSON.parse(stdout)); } catch { reject(new Error('smoke: agora-chat-push get-push-language printed no JSON: ' + stdout + stderr)); }
    });
  });

  const validator = createContractValidator();
  const answerIssues = validator.validateResponse('getPushTemplate', response.status, envelope);
  const requestIssues = validator.validateRequestBody('createPushTemplate', { name: 'smoke' });

  check(typeof settings === 'object' && settings !== null, 'getSilentModeForAll answered ' + JSON.stringify(settings));
  check(typeof language === 'string', 'getPreferredNotificationLanguage answered ' + JSON.stringify(language));
  check(template.name === 'test7', 'getPushTemplate answered ' + JSON.stringify(template));
  check(missing instanceof ChatPushError && missing.isNotFound, 'a 400 template-not-found answer is not a ChatPushError with isNotFound: ' + String(missing));
  check(answerIssues.length === 0, 'the mock answer breaks the contract: ' + JSON.stringify(answerIssues));
  check(requestIssues.some((issue) => issue.rule === 'required'), 'a template without patterns passed the validator');
  check(validator.operations.length === 8, 'the validator knows ' + validator.operations.length + ' operations, not 8');
  check(typeof cli === 'object' && cli !== null && typeof cli.data?.language === 'string', 'agora-chat-push get-push-language printed ' + JSON.stringify(cli));
  const versions = ['@agora-chat-push/openapi', '@agora-chat-push/client', '@agora-chat-push/mock', '@agora-chat-push/cli'].map(version);
  check(new Set([...versions, bundle.info.version]).size === 1, 'versions differ: packages ' + versions.join(', ') + ', info.version ' + bundle.info.version);
  console.log(JSON.stringify({ version: bundle.info.version, mock: url, template: template.name, language, cli, answerIssues: answerIssues.length, requestIssues: requestIssues.map((i) => i.message) }));
} finally {
  mock.kill('SIGTERM');
}
`;

export interface DryRunResult {
  packages: PackedPackage[];
  smoke: string;
  versioned: string | undefined;
}

export interface DryRunOptions {
  /** Leave the throw-away folders for a look. */
  keep?: boolean;
  log?: (line: string) => void;
  /** The working tree to release from (default: this repository). */
  source?: string;
}

export async function releaseDryRun(options: DryRunOptions = {}): Promise<DryRunResult> {
  const print = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  // Each step's line says when it ended (seconds since the start): the slow steps are the installs.
  const log = (line: string): void => print(line.startsWith('release:dry-run:') ? `${line} [${((performance.now() - started) / 1000).toFixed(0)} s]` : line);
  const copy = copyRepository({ git: true }, options.source);
  const project = join(tmpdir(), `agora-chat-push-smoke-${process.pid}-${Date.now()}`);
  try {
    log(`release:dry-run: throw-away copy in ${copy}`);
    must(sh(PNPM[0], [...PNPM.slice(1), 'install', '--frozen-lockfile', '--prefer-offline'], copy), 'pnpm install in the copy');
    log('release:dry-run: installed the copy');

    const { version: versioned } = await versionPackages(copy, (line) => log(line));
    const names = publicPackages(copy);
    const filters = names.flatMap((name) => ['--filter', name]);
    must(sh(PNPM[0], [...PNPM.slice(1), ...filters, 'build'], copy), 'building the public packages');
    log(`release:dry-run: built ${names.join(', ')}`);

    const tarballs = join(copy, '.artifacts', 'tarballs');
    mkdirSync(tarballs, { recursive: true });
    const packOut = must(sh(PNPM[0], [...PNPM.slice(1), ...filters, 'pack', '--pack-destination', tarballs, '--json'], copy), 'pnpm pack');
    const packed = JSON.parse(packOut.slice(packOut.indexOf('['), packOut.lastIndexOf(']') + 1)) as { name: string; version: string; filename: string }[];
    const contents = new Map(packed.map((p) => [p.filename, readTarball(p.filename)]));
    const packages: PackedPackage[] = packed.map((p) => ({
      name: p.name,
      version: p.version,
      tarball: p.filename,
      packedBytes: readFileSync(p.filename).length,
      files: (contents.get(p.filename) ?? []).map(({ path, size }) => ({ path, size })).sort((a, b) => a.path.localeCompare(b.path)),
    }));
    if (packages.length !== names.length) throw new DryRunError(`pnpm pack made ${packages.length} tarballs for ${names.length} public packages`);

    for (const pkg of packages) {
      must(sh(join(repoRoot, 'node_modules', '.bin', 'publint'), ['run', pkg.tarball, '--strict'], copy), `publint on ${pkg.name}`);
      const exclude = fileEntrypoints(contents.get(pkg.tarball) ?? []);
      must(
        sh(
          join(repoRoot, 'node_modules', '.bin', 'attw'),
          [pkg.tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', ...(exclude.length ? ['--exclude-entrypoints', ...exclude] : [])],
          copy,
        ),
        `attw on ${pkg.name}`,
      );
      log(`release:dry-run: ${pkg.name}@${pkg.version}: publint and attw clean${exclude.length ? ` (attw skips the plain-file exports ${exclude.join(', ')})` : ''}`);
    }

    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'agora-chat-push-release-smoke', private: true, type: 'module' }, null, 2)}\n`);
    must(sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages.map((p) => p.tarball)], project), 'npm install of the tarballs');
    log(`release:dry-run: installed the tarballs with npm in ${project}`);
    writeFileSync(join(project, 'smoke.mjs'), SMOKE);
    const smoke =
      must(sh(process.execPath, ['smoke.mjs'], project, { timeout: 180_000 }), 'the smoke program')
        .trim()
        .split('\n')
        .at(-1) ?? '';
    log(`release:dry-run: smoke program passed: ${smoke}`);

    log('');
    log('Would publish (nothing was published):');
    for (const pkg of packages) {
      const unpacked = pkg.files.reduce((sum, f) => sum + f.size, 0);
      log(`  ${pkg.name}@${pkg.version}  ${pkg.files.length} files, ${kib(pkg.packedBytes)} packed, ${kib(unpacked)} unpacked`);
      for (const file of pkg.files) log(`    ${kib(file.size).padStart(10)}  ${file.path}`);
    }
    return { packages, smoke, versioned };
  } finally {
    if (options.keep) log(`release:dry-run: kept ${copy} and ${project}`);
    else for (const dir of [copy, project]) rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--keep')) {
    process.stderr.write('usage: tsx scripts/release-dry-run.ts [--keep]\n');
    process.exit(2);
  }
  releaseDryRun({ keep: args.includes('--keep') }).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`release:dry-run: ${error instanceof Error && !(error instanceof DryRunError) ? (error.stack ?? error.message) : String(error instanceof Error ? error.message : error)}\n`);
      process.exit(1);
    },
  );
}
