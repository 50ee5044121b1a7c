// The mock README's note on Prism and Node (issues 15.8 and 22) stays true: it quotes the Prism version
// installed and the Node range that Prism declares, and the package's own engines range, which
// that Prism allows (test/runtimes/engines.test.ts checks the whole installed tree).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { mockDir } from './support.js';

const readme = readFileSync(join(mockDir, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(mockDir, 'package.json'), 'utf8')) as { engines?: { node?: string } };
const prism = createRequire(join(mockDir, 'package.json'))('@stoplight/prism-http/package.json') as {
  version: string;
  engines?: { node?: string };
};

describe('the mock README on Prism and Node', () => {
  it('quotes the installed Prism version and the Node range it declares', () => {
    expect(readme).toContain(`\`@stoplight/prism-http\` ${prism.version}`);
    expect(readme).toContain(`which declares Node \`${prism.engines?.node}\``);
  });

  it("quotes the package's engines range, which the installed Prism allows", () => {
    const range = pkg.engines?.node ?? '';
    expect(readme).toContain(`(\`engines\`: \`${range}\`)`);
    expect(semver.subset(range, prism.engines?.node ?? '*'), `${range} within Prism's ${prism.engines?.node}`).toBe(true);
    // No advice to silence warnings that no longer exist.
    expect(readme).not.toContain('--ignore-engines');
  });
});
