// Lint runs as a test, with the strict rules, on the source, the bundle and the workflows.
// In the e2e project: it spawns `redocly lint` (2-4 s, the slowest file of the fast project when it was there),
// and the fast project spawns no tools (vitest.config.ts). `pnpm lint` runs the same check.
import { describe, expect, it } from 'vitest';
import { lintAll } from '../../scripts/lint.js';

describe('redocly lint', () => {
  it('finds no problem, not even a warning, in any api of redocly.yaml', () => {
    // The bundle is linted as built: rebuilding it here would rewrite dist/ under the other test files
    // (bundle.test.ts checks that it is fresh).
    const { ok, output } = lintAll({ rebundle: false });
    expect(output).toMatch(/openapi\/openapi\.yaml: validated/);
    expect(output).toMatch(/packages\/openapi\/dist\/openapi\.yaml: validated/);
    expect(ok, output).toBe(true);
  });
});
