// Truthful `engines` (issue 22): every package says which Node it runs on, and no package says less than its
// installed production dependencies declare. For each package of packages/*, this walks the dependency tree
// as installed (dependencies and installed optionalDependencies, found as Node finds them: node_modules folders
// up from each package's real path) and checks that every Node version the package's `engines.node` allows is
// allowed by each dependency's `engines.node` (semver.subset). A dependency without `engines.node` declares no
// limit. The runtime matrix (matrix.e2e.test.ts) proves the floor itself: its oldest Node is the floor's.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../../scripts/runtimes.js';
import { checkEngines, read } from './engines.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const packagesDir = join(repoRoot, 'packages');

const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
  .map((entry) => ({ dir: join(packagesDir, entry.name), manifest: read(join(packagesDir, entry.name)) }));

describe('engines.node of every package', () => {
  it('finds the packages', () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual(['@agora-chat-push/cli', '@agora-chat-push/client', '@agora-chat-push/docs', '@agora-chat-push/mock', '@agora-chat-push/openapi']);
  });

  it.for(packages.map((p) => [p.manifest.name, p] as const))('%s declares a valid range whose floor the matrix runs', ([, { manifest }]) => {
    const range = manifest.engines?.node;
    expect(range, `${manifest.name} has no engines.node`).toBeTypeOf('string');
    expect(semver.validRange(range!), `${manifest.name}: engines.node "${range}" is not a semver range`).not.toBeNull();
    // The floor is a Node the runtime matrix runs the packages on (test/runtimes/matrix.e2e.test.ts): the
    // oldest Node of scripts/runtimes.ts is inside the range, and nothing older is.
    const floor = semver.minVersion(range!)!.version;
    expect(semver.satisfies(RUNTIMES.node20.version, range!), `${manifest.name}: the matrix's Node ${RUNTIMES.node20.version} is outside ${range}`).toBe(true);
    expect(semver.lte(floor, RUNTIMES.node20.version)).toBe(true);
  });

  it.for(packages.map((p) => [p.manifest.name, p] as const))('%s is not below what its installed dependencies declare', ([, { dir, manifest }]) => {
    const report = checkEngines(dir, manifest.engines?.node ?? '*');
    expect(report.missing, 'dependencies that are not installed').toEqual([]);
    expect(report.conflicts.map((c) => `${c.path} declares node ${c.declares}, the package says ${manifest.engines?.node}`)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('finds a dependency that declares more than the range, anywhere in the tree', () => {
    // The mock's tree holds Prism: a range down to Node 18 must be refused by something in it.
    const mock = packages.find((p) => p.manifest.name === '@agora-chat-push/mock')!;
    const report = checkEngines(mock.dir, '>=18');
    expect(report.checked).toBeGreaterThan(20);
    expect(report.conflicts.length).toBeGreaterThan(0);
    expect(report.conflicts[0]!.path.startsWith('@agora-chat-push/mock > ')).toBe(true);
  });

  it('accepts what a dependency allows and refuses what it does not (semver.subset)', () => {
    expect(semver.subset('>=20.16', '>=18')).toBe(true);
    expect(semver.subset('>=20', '>=20.16.0')).toBe(false);
    expect(semver.subset('>=20.19', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(semver.subset('^20.19.0 || >=22.12.0', '^20.19.0 || >=22.12.0')).toBe(true);
  });
});
