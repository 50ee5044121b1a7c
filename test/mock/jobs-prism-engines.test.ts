// The mock README's note on Prism's engine warnings (issue 15.8) stays true: it quotes the Node range the
// installed Prism declares, and the package still says Node 20 (the range its tests run on).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mockDir } from './support.js';

const readme = readFileSync(join(mockDir, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(mockDir, 'package.json'), 'utf8')) as { engines?: { node?: string } };
const prism = createRequire(join(mockDir, 'package.json'))('@stoplight/prism-http/package.json') as {
  version: string;
  engines?: { node?: string };
};

describe('the mock README on Prism and Node', () => {
  it('quotes the Node range the installed Prism declares, and its version', () => {
    expect(readme).toContain(`Prism ${prism.version.replace(/\.0$/, '')} declares Node`);
    expect(readme).toContain(`\`${prism.engines?.node}\``);
  });

  it('says why the warnings are safe on the Node the package supports', () => {
    expect(pkg.engines?.node).toBe('>=20');
    expect(readme).toMatch(/engine warnings[^]*safe to ignore on Node 20\+/i);
    expect(readme).toContain(`--ignore-engines`);
  });
});
