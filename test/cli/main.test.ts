// The command line in-process (main() with its own env and streams): usage errors exit 2 naming the flag or
// the variable, before anything is sent; the help lists one command per operation of the description.
import { afterEach, describe, expect, it } from 'vitest';
import { buildOperationModel } from '@agora-chat-push/openapi';
import { commandName } from '../../packages/cli/src/commands.js';
import { main } from '../../packages/cli/src/main.js';
import { type FaultServer, json, serviceError, startFaultServer, success } from '../client/support.js';

const run = async (argv: string[], env: Record<string, string> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    env,
    io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    progressStream: process.stderr,
    now: () => 0,
  });
  return { code, stdout, stderr };
};
const CONNECTION = { AGORA_CHAT_BASE_URL: 'http://127.0.0.1:9', AGORA_CHAT_APP_KEY: 'org#app', AGORA_CHAT_TOKEN: 't' };

describe('agora-chat-push (in-process)', () => {
  it('--help lists a command for every operation of the description, and says it is unofficial', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const op of buildOperationModel().operations) expect(stdout).toContain(`  ${commandName(op.operationId)} `);
    expect(stdout).toMatch(/Unofficial/);
    expect(stdout).toContain('bulk set-silent-mode --users FILE --type MODE');
  });

  it.each([
    [[], {}, /Usage: agora-chat-push/],
    [['frob'], CONNECTION, /unknown command "frob"/],
    [['bulk', 'frob'], CONNECTION, /unknown bulk job "frob"/],
    [['get-push-template'], CONNECTION, /--name is required/],
    [['get-push-template', '--name', 't1', '--nme', 'x'], CONNECTION, /Unknown option '--nme'/],
    [['set-push-language', '--username', 'u1', '--data', '{'], CONNECTION, /--data must be JSON/],
    [['set-push-language', '--username', 'u1', '--data', '{"translationLanguage":5}'], CONNECTION, /--data breaks the description: translationLanguage/],
    [['get-push-template', '--name', 't1'], {}, /AGORA_CHAT_BASE_URL is not set/],
    [['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_CHAT_APP_KEY: 'orgapp' }, /AGORA_CHAT_APP_KEY must be org_name#app_name/],
    [['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_CHAT_TOKEN: '' }, /no credentials: set AGORA_APP_ID and AGORA_APP_CERTIFICATE/],
    [['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_APP_ID: 'x' }, /either AGORA_APP_ID and AGORA_APP_CERTIFICATE, or AGORA_CHAT_TOKEN/],
    [['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_CHAT_TOKEN: '', AGORA_APP_ID: 'abc', AGORA_APP_CERTIFICATE: 'def' }, /AGORA_APP_ID must be your project's App ID/],
    [['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_CHAT_BASE_URL: 'a41.chat.agora.io' }, /AGORA_CHAT_BASE_URL must start with https:\/\//],
    [['bulk', 'set-silent-mode', '--type', 'NONE', '--journal', 'j'], CONNECTION, /--users FILE is required/],
    [['bulk', 'set-silent-mode', '--users', 'package.json', '--type', 'NONE', '--journal', 'j', '--concurrency', 'many'], CONNECTION, /--concurrency must be an integer from 1 to 1000/],
    [['bulk', 'set-silent-mode', '--users', 'package.json', '--type', 'NONE', '--journal', 'j', '--ignore-duration', '1h'], CONNECTION, /--ignore-duration must be a number of ms/],
    [['bulk', 'set-silent-mode', '--users', 'package.json', '--type', 'NONE', '--journal', 'j', '--ignore-duration', '999999999999'], CONNECTION, /--ignore-duration: ignoreDuration/],
    [['bulk', 'set-silent-mode', '--users', 'package.json', '--type', 'NONE', '--journal', 'j', '--redis', 'http://x'], CONNECTION, /--redis must be a redis:\/\/ or rediss:\/\/ URL/],
  ])('%j exits 2 with a message naming what to fix', async (argv, env, message) => {
    const { code, stderr } = await run(argv as string[], env as Record<string, string>);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('never prints the App Certificate or the token in a usage error', async () => {
    const secret = 'S3CRETS3CRETS3CRETS3CRETS3CRETXX';
    const { stderr } = await run(['get-push-template', '--name', 't1'], { ...CONNECTION, AGORA_CHAT_TOKEN: '', AGORA_APP_ID: '0123456789abcdef0123456789abcdef', AGORA_APP_CERTIFICATE: secret });
    expect(stderr).toMatch(/AGORA_APP_CERTIFICATE/);
    expect(stderr).not.toContain(secret);
  });
});

describe('a single command against a server', () => {
  const servers: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const TOKEN = '007eJxTYPi1SSn5uVHqrowwqoitJJ+uB0sEeSecretCli';

  it('prints the envelope of a success on stdout, after sending the path parameters it was given', async () => {
    const seen: string[] = [];
    const server = await startFaultServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      json(res, 200, success(req));
    });
    servers.push(server);
    const { code, stdout } = await run(['get-push-language', '--username', 'u1'], { ...CONNECTION, AGORA_CHAT_BASE_URL: server.url, AGORA_CHAT_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(seen).toEqual(['GET /org/app/users/u1/notification/language']);
    expect(JSON.parse(stdout)).toMatchObject({ data: expect.any(Object) });
  });

  it("prints a refusal as the client's typed error, with the token redacted where the answer echoes it", async () => {
    const server = await startFaultServer((req, res) => json(res, 401, serviceError('auth_bad_access_token', `bad token: ${req.headers.authorization}`, `Exception for ${req.headers.authorization}`)));
    servers.push(server);
    const { code, stdout, stderr } = await run(['get-push-language', '--username', 'u1'], { ...CONNECTION, AGORA_CHAT_BASE_URL: server.url, AGORA_CHAT_TOKEN: TOKEN });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toMatchObject({ status: 401, error: 'auth_bad_access_token', operationId: 'getPushLanguage' });
    expect(stderr).toContain('[redacted]');
    expect(stderr).not.toContain(TOKEN);
  });
});
