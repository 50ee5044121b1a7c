// The client README's facts that come from the description stay true to it: the per-operation budget table
// (issue 15.7) and the push-mode table list what the generated operation table and PUSH_MODES say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../packages/client/src/generated/operations.js';
import { PUSH_MODES } from '../../packages/client/src/index.js';
import { clientDir } from './support.js';

const readme = readFileSync(join(clientDir, 'README.md'), 'utf8');
const section = (title: string): string => {
  const start = readme.indexOf(`## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe('client README', () => {
  it('gives every operation its own budget row, with the limit of its x-rate-limit; "shared" only where a budget is', () => {
    const rows = section('Rate limits')
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    const budgets = Object.values(OPERATIONS)
      .map((row) => row.budget)
      .filter(Boolean);
    for (const [op, { budget, limit, period }] of Object.entries(OPERATIONS)) {
      const row = rows.find((r) => r.includes(`| \`${op}\` |`));
      expect(row, op).toBeDefined();
      expect(row, op).toContain(`${limit}/${period === 1000 ? 's' : 'min'}`);
      // A named budget is shared when more than one method or operation counts against it.
      expect(row!.includes('shared'), op).toBe(budget !== '' && (budgets.filter((b) => b === budget).length > 1 || /,/.test(row!.split('|')[1]!)));
    }
    expect(rows).toHaveLength(Object.keys(OPERATIONS).length);
  });

  it('says what each push mode does, for every value of PUSH_MODES', () => {
    const modes = section('Push modes');
    for (const mode of PUSH_MODES) expect(modes, mode).toMatch(new RegExp(`\\| \`${mode}\` \\| \\w`));
  });

  it('has the recipes the issue asked for', () => {
    const recipes = section('Recipes');
    for (const title of ['### Mute a group (or a chat) for N hours', '### A nightly job over many users: `runBulk`', '### A progress bar in the terminal']) {
      expect(recipes).toContain(title);
    }
  });
});
