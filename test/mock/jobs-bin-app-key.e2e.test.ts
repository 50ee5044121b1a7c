// The bin's --app-key ORG#APP flag (issue 15.8): repeatable, sandbox only, restricts the App Keys like the
// `appKeys` option; a malformed App Key is a usage error naming the flag. Runs src/bin.ts with tsx (no compile
// step, so it cannot race the compile of bin.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listening, mockDir, repoRoot, runBin, send } from './support.js';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const bin = join(mockDir, 'src', 'bin.ts');
const start = (args: string[]) => runBin(tsx, [bin, ...args]);

describe('agora-chat-push-mock --app-key', () => {
  it('answers only the App Keys it was given (repeatable); any other gets 404', async () => {
    const run = start(['--sandbox', '--port', '0', '--app-key', 'org#app', '--app-key', 'org#staging']);
    const url = await listening(run);
    for (const app of ['app', 'staging']) {
      const answer = await send(url, { path: `/org/${app}/users/user1/notification/language` });
      expect(answer.status, app).toBe(200);
    }
    const other = await send(url, { path: '/org/other/users/user1/notification/language' });
    expect(other.status).toBe(404);
    expect(other.body.error).toBe('organization_application_not_found');
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  }, 30_000);

  it('refuses a value that is not org#app, naming the flag (exit 2)', async () => {
    for (const bad of ['org', 'org#', '#app', 'org#app#x', 'org/app#x']) {
      const run = start(['--sandbox', '--app-key', bad]);
      expect((await run.exit).code, bad).toBe(2);
      expect(run.stderr()).toContain(`--app-key must be an App Key, org_name#app_name (e.g. agora-demo#testapp), got "${bad}"`);
    }
  }, 30_000);

  it('works only with --sandbox', async () => {
    const run = start(['--app-key', 'org#app']);
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toContain('--app-key works only with --sandbox');
  }, 30_000);
});
