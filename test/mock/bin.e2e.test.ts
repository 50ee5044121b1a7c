// The agora-chat-push-mock bin, as built (dist/bin.js): starts, prints "listening on", answers, and exits 0
// on SIGTERM/SIGINT; a bad flag is a usage error (exit 2) naming the flag.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractIssues, listening, mockDir, repoRoot, runBin, send } from './support.js';

const pkg = JSON.parse(readFileSync(join(mockDir, 'package.json'), 'utf8'));
const bin = join(mockDir, pkg.bin['agora-chat-push-mock']);

beforeAll(() => {
  // Test what partners run: compile the package first (a few seconds).
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(mockDir, 'tsconfig.json')], { stdio: 'pipe' });
}, 60_000);

const run = (args: string[]) => runBin(process.execPath, [bin, ...args]);

describe('agora-chat-push-mock', () => {
  it('is the package bin, a node script', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('starts Prism, answers, and exits 0 on SIGTERM', async () => {
    const r = run(['--port', '0']);
    const url = await listening(r);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const path = '/hx/hxdemo/users/user1/notification/language';
    const answer = await send(url, { path });
    expect(answer.status).toBe(200);
    expect(contractIssues('GET', path, answer)).toEqual([]);
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toContain('stopped (SIGTERM)');
  });

  it('starts the sandbox with --token and --rate-limit, keeps state, and exits 0 on SIGINT', async () => {
    const r = run(['--sandbox', '--port', '0', '--token', 'tok1', '--token', 'tok2', '--rate-limit', '0']);
    const url = await listening(r);
    const path = '/hx/hxdemo/users/user1/notification/language';
    const set = await send(url, { method: 'PUT', path, body: { translationLanguage: 'DE' }, headers: { authorization: 'Bearer tok2' } });
    expect(set.status).toBe(200);
    const read = await send(url, { path, headers: { authorization: 'Bearer tok1' } });
    expect(read.body.data.language).toBe('DE');
    expect((await send(url, { path, headers: { authorization: 'Bearer other' } })).status).toBe(401);
    r.child.kill('SIGINT');
    expect(await r.exit).toEqual({ code: 0, signal: null });
  });

  it('--verbose logs one line per request in the sandbox, never the token', async () => {
    const r = run(['--sandbox', '--port', '0', '--verbose']);
    const url = await listening(r);
    await send(url, { path: '/hx/hxdemo/users/user1/notification/language', headers: { authorization: 'Bearer bin-secret-token' } });
    r.child.kill('SIGTERM');
    await r.exit;
    expect(r.stderr()).toMatch(/GET \/hx\/hxdemo\/users\/user1\/notification\/language 200 \d+ms/);
    expect(r.stderr() + r.stdout()).not.toContain('bin-secret-token');
  });

  it.each([
    [['--prot', '1'], '--prot'],
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--port'], '--port'],
    [['--token', 'x'], '--token'],
    [['--rate-limit', '5'], '--rate-limit'],
    [['--sandbox', '--rate-limit', 'many'], '--rate-limit'],
    [['--sandbox', '--token', ''], '--token'],
    [['--host', ''], '--host'],
    [['extra'], 'extra'],
  ])('%j is a usage error naming %s (exit 2)', async (args, flag) => {
    const r = run(args);
    expect((await r.exit).code).toBe(2);
    expect(r.stderr()).toContain(flag);
    expect(r.stderr()).toContain('Usage:');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = run(['--help']);
    expect((await r.exit).code).toBe(0);
    expect(r.stdout()).toContain('--sandbox');
  });

  it('a port in use is reported and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const r = run(['--sandbox', '--port', String(port)]);
      expect((await r.exit).code).toBe(1);
      expect(r.stderr()).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
