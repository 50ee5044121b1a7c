// `agora-chat-push-mock --sandbox --app-credentials <appId>:<appCertificate>`, as built (dist/bin.js): accepts a
// token of Agora's official builder, refuses others with the service's 401 and says why on stderr (--verbose),
// and never prints the certificate, also not in a usage error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import agoraToken from 'agora-token';
import { describe, expect, it } from 'vitest';
import { listening, mockDir, runBin, send, type BinRun } from '../mock/support.js';
import { APP_CERTIFICATE, APP_ID, OTHER_CERTIFICATE } from './support.js';

// agora-token is CommonJS: Node gives its exports to an ES module as the default export only.
const { ChatTokenBuilder } = agoraToken;

// What partners run: the compiled package (the test run builds every package before the tests start).
const bin = join(mockDir, JSON.parse(readFileSync(join(mockDir, 'package.json'), 'utf8')).bin['agora-chat-push-mock']);
const PATH = '/tokens-org/tokens-app/users/user1/notification/language';

const run = (args: string[]): BinRun => runBin(process.execPath, [bin, ...args]);

/** Resolves once `ready()` holds; fails with what was seen when the process exits or 15 s pass. */
async function until(r: BinRun, ready: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (!ready()) {
    if (r.child.exitCode !== null || performance.now() > deadline) throw new Error(`no ${what}: ${r.stdout()} ${r.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('agora-chat-push-mock --sandbox --app-credentials', () => {
  it("accepts an app token of ChatTokenBuilder.buildAppToken, refuses another certificate's with 401 and logs why", async () => {
    const r = run(['--sandbox', '--port', '0', '--verbose', '--app-credentials', `${APP_ID}:${APP_CERTIFICATE}`]);
    const url = await listening(r);

    // Built on the wall clock, valid for an hour; the bin's sandbox reads the wall clock.
    const good = ChatTokenBuilder.buildAppToken(APP_ID, APP_CERTIFICATE, 3_600);
    const ok = await send(url, { path: PATH, headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);

    const bad = ChatTokenBuilder.buildAppToken(APP_ID, OTHER_CERTIFICATE, 3_600);
    const refused = await send(url, { path: PATH, headers: { authorization: `Bearer ${bad}` } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'auth_bad_access_token', error_description: 'Unable to authenticate' });

    const line = 'app token refused: wrong signature (getPushLanguage, App Key tokens-org#tokens-app)';
    await until(r, () => r.stderr().includes(line), 'refusal line');
    r.child.kill('SIGTERM');
    expect((await r.exit).code).toBe(0);
    for (const secret of [APP_CERTIFICATE, OTHER_CERTIFICATE, good, bad]) {
      expect(r.stdout() + r.stderr()).not.toContain(secret);
    }
  }, 30_000);

  const usage: [string, string[], RegExp][] = [
    ['a certificate of 31 characters', ['--sandbox', '--app-credentials', `${APP_ID}:${APP_CERTIFICATE.slice(1)}`], /appCertificate must be 32 hexadecimal characters; got 31 characters/],
    ['no colon', ['--sandbox', '--app-credentials', `${APP_ID}${APP_CERTIFICATE}`], /--app-credentials must be <appId>:<appCertificate>/],
    ['--token as well', ['--sandbox', '--token', 't', '--app-credentials', `${APP_ID}:${APP_CERTIFICATE}`], /--app-credentials and --token cannot be used together/],
    ['no --sandbox', ['--app-credentials', `${APP_ID}:${APP_CERTIFICATE}`], /--app-credentials works only with --sandbox/],
    ['the credentials without their flag', ['--sandbox', `${APP_ID}:${APP_CERTIFICATE}`], /Unexpected argument '\[redacted\]:\[redacted\]'/],
  ];
  for (const [name, args, message] of usage) {
    it(`exits 2 with a usage error for ${name}, without printing the certificate`, async () => {
      const r = run(args);
      expect((await r.exit).code).toBe(2);
      expect(r.stderr()).toMatch(message);
      expect(r.stdout() + r.stderr()).not.toContain(APP_CERTIFICATE.slice(1));
    });
  }
});
