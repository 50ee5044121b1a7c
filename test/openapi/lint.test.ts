// Lint runs as a test, with the strict rules, on the source, the bundle and the workflows.
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
