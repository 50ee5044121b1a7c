// The version command refuses to run unless the tree passes its checks (build, lint, fast tests), and says
// loudly when they are skipped (scripts/release-version.ts). The checks are injected; the root is an empty
// folder, so versionPackages() itself stops at once (no package.json there) and shows whether it was reached.
import { afterAll, describe, expect, it } from 'vitest';
import { SKIP_CHECKS_BANNER, checkTree, type TreeCheck, treeChecks, versionCommand } from '../../scripts/release-version.js';
import { cleanUp, tempDir } from './support.js';

afterAll(cleanUp);

function io(checks: TreeCheck[]) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { log: (line: string) => out.push(line), warn: (line: string) => err.push(line), checks: () => checks } };
}
const check = (name: string, status: number, ran: string[]): TreeCheck => ({ name, run: () => (ran.push(name), status) });
/** What versionPackages() says when it is reached with a root that is not a repository. */
const REACHED = /the build of @agora-chat-push\/openapi|ENOENT|no such file/;

describe('version-packages checks the tree first', () => {
  it('stops at the first failing check, names it and the override, and does not version', async () => {
    const ran: string[] = [];
    const run = io([check('the build', 0, ran), check('lint (pnpm lint)', 1, ran), check('the fast tests', 0, ran)]);
    expect(await versionCommand(['--root', tempDir('version-checks-')], run.io)).toBe(1);
    expect(ran).toEqual(['the build', 'lint (pnpm lint)']);
    const message = run.err.join('\n');
    expect(message).toContain('lint (pnpm lint) failed (exit 1), so nothing was versioned');
    expect(message).toContain('version-packages --skip-checks');
    expect(message).not.toMatch(REACHED);
  });

  it('goes on to version when every check passes', async () => {
    const ran: string[] = [];
    const run = io([check('lint', 0, ran), check('the fast tests', 0, ran)]);
    expect(await versionCommand(['--root', tempDir('version-checks-')], run.io)).toBe(1);
    expect(ran).toEqual(['lint', 'the fast tests']);
    expect(run.out).toEqual(['version-packages: checking lint', 'version-packages: checking the fast tests']);
    expect(run.err.join('\n')).toMatch(REACHED);
  });

  it('--skip-checks runs no check and prints the warning banner', async () => {
    const ran: string[] = [];
    const run = io([check('lint', 1, ran)]);
    expect(await versionCommand(['--skip-checks', '--root', tempDir('version-checks-')], run.io)).toBe(1);
    expect(ran).toEqual([]);
    expect(run.err[0]).toBe(SKIP_CHECKS_BANNER);
    expect(SKIP_CHECKS_BANNER).toContain('the build, lint and the fast tests were NOT run');
    expect(run.err.join('\n')).toMatch(REACHED);
  });

  it('rejects an unknown argument (exit 2) without running anything', async () => {
    const ran: string[] = [];
    const run = io([check('lint', 0, ran)]);
    expect(await versionCommand(['--skip-check'], run.io)).toBe(2);
    expect(ran).toEqual([]);
    expect(run.err.join('\n')).toContain('unknown argument --skip-check');
  });

  it('checkTree throws on a failing check; the default checks are the build, lint and the fast project, in that order', () => {
    expect(() => checkTree([{ name: 'x', run: () => 2 }], () => undefined)).toThrow('x failed (exit 2)');
    expect(treeChecks().map((c) => c.name)).toEqual(['the build (pnpm -r build)', 'lint (pnpm lint)', 'the fast tests (pnpm test:unit)']);
  });
});
