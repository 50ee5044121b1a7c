// The code samples of the docs page (packages/docs/samples/, hand-written, and samples/examples/, generated
// from the request examples of the bundle) are real: the TypeScript ones type-check against
// @agora-chat-push/client with the strict settings of the repository, and every sample, curl included, runs
// against the Prism mock through a recording proxy. Each request a sample sends must be an operation of the
// description, the sample's own, answered 200 with a body that validates against the description. The
// samples of a request example must send that example, exactly; they also run against the stateful sandbox.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createContractValidator, loadDescription } from '@agora-chat-push/openapi';
import { startMock, startSandbox } from '@agora-chat-push/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../../packages/docs/src/build.js';
import { type ExampleSample, writeExampleSamples } from '../../packages/docs/src/example-samples.js';
import { type CodeSample, listSamples, samplesDir } from '../../packages/docs/src/samples.js';

const run = promisify(execFile);
const validator = createContractValidator();
// The generated samples, written from the bundle as the build writes them (cheap; unchanged files stay).
const generated: ExampleSample[] = writeExampleSamples(loadDescription() as never);
const samples = listSamples();
const name = (sample: CodeSample): string => relative(samplesDir, sample.file);

interface Exchange {
  method: string;
  path: string;
  status: number;
  body: string;
  /** The request body as sent. */
  sent: string;
}

/** A proxy in front of the mock that records every exchange. */
async function startRecordingProxy(target: string): Promise<{ url: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const exchanges: Exchange[] = [];
  const read = async (request: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await read(request);
      const headers = new Headers();
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(key)) headers.set(key, value);
      }
      const method = request.method ?? 'GET';
      const answer = await fetch(new URL(request.url ?? '/', target), {
        method,
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const text = await answer.text();
      exchanges.push({ method, path: new URL(request.url ?? '/', target).pathname, status: answer.status, body: text, sent: body.toString('utf8') });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`recording proxy: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The exchanges of one sample, checked against its operation; returns the problems, empty when all is well. */
function problemsOf(sample: CodeSample, exchanges: Exchange[]): string[] {
  if (exchanges.length === 0) return ['it sent no request'];
  const problems: string[] = [];
  for (const { method, path, status, body } of exchanges) {
    const match = validator.match(method, path);
    if (!match) {
      problems.push(`${method} ${path} is not an operation of the description`);
      continue;
    }
    const { operationId } = match.operation;
    if (operationId !== sample.operationId) problems.push(`${method} ${path} is ${operationId}, not ${sample.operationId}`);
    problems.push(...validator.validateParameters(operationId, match.params).map((i) => `${method} ${path}: ${i.message}`));
    if (status !== 200) {
      problems.push(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      problems.push(`${method} ${path} answered a body that is not JSON: ${body.slice(0, 100)}`);
      continue;
    }
    problems.push(...validator.validateResponse(operationId, status, json).map((i) => `${method} ${path} answer: ${i.message}`));
  }
  return problems;
}

/** For the sample of a request example: it sent that example's value to the path with the sample's values. */
function exampleProblems(sample: CodeSample, exchanges: Exchange[]): string[] {
  const source = generated.find((g) => g.example === sample.example && g.language === sample.language);
  if (!source) return [];
  const { request } = source;
  const expectedPath = request.path.replace(/\{([^}]+)\}/g, (_, key: string) =>
    key === 'org_name' ? 'agora-demo' : key === 'app_name' ? 'testapp' : encodeURIComponent(request.pathValues[key] ?? ''),
  );
  const problems: string[] = [];
  if (exchanges.length !== 1) problems.push(`it sent ${exchanges.length} requests, not 1`);
  for (const exchange of exchanges) {
    if (exchange.method !== request.method || exchange.path !== expectedPath) problems.push(`sent ${exchange.method} ${exchange.path}, not ${request.method} ${expectedPath}`);
    let sent: unknown;
    try {
      sent = JSON.parse(exchange.sent);
    } catch {
      problems.push(`sent a body that is not JSON: ${exchange.sent.slice(0, 100)}`);
      continue;
    }
    if (JSON.stringify(sent) !== JSON.stringify(request.body)) problems.push(`sent ${JSON.stringify(sent)}, not the example ${sample.example}: ${JSON.stringify(request.body)}`);
  }
  return problems;
}

describe('the code samples of the docs page', () => {
  it('cover every operation of the description with a curl and a TypeScript sample', () => {
    for (const { operationId } of validator.operations) {
      const mine = samples.filter((s) => s.operationId === operationId);
      expect(
        mine.map((s) => s.language),
        operationId,
      ).toContain('curl');
      expect(
        mine.map((s) => s.language),
        operationId,
      ).toContain('typescript');
    }
    expect(new Set(samples.map((s) => s.operationId))).toEqual(new Set(validator.operations.map((o) => o.operationId)));
  });

  it('give each request example (both actions of updatePushDisplay among them) its own curl and TypeScript sample', () => {
    const actions = samples.filter((s) => s.operationId === 'updatePushDisplay').map((s) => `${s.language} ${s.example ?? ''}`);
    expect(actions.sort()).toEqual([
      'curl PushDisplayStyleRequest',
      'curl PushLegacyDndRequest',
      'curl PushNicknameRequest',
      'typescript PushDisplayStyleRequest',
      'typescript PushLegacyDndRequest',
      'typescript PushNicknameRequest',
    ]);
    const settings = samples.filter((s) => s.operationId === 'setPushSettings' && s.language === 'curl').map((s) => s.example);
    expect(settings).toEqual(['PushSettingsAppLevelRequest', 'PushSettingsConversationRequest', 'PushSettingsMuteConversationRequest', 'PushSettingsClearDndRequest', 'PushSettingsModeOnlyRequest']);
    // Every generated sample is listed, and nothing hand-written stands beside them.
    expect(samples.filter((s) => s.example !== undefined)).toHaveLength(generated.length);
    const withExamples = new Set(generated.map((g) => g.operationId));
    expect(samples.filter((s) => withExamples.has(s.operationId) && s.example === undefined)).toEqual([]);
  });

  it('type-check against @agora-chat-push/client with strict tsc', async () => {
    const tsc = join(packageDir, 'node_modules', '.bin', 'tsc');
    const result = await run(tsc, ['-p', join(samplesDir, 'tsconfig.json'), '--pretty', 'false']).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string; stderr?: string; message: string }) => ({
        ok: false,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
      }),
    );
    expect(result.output, 'tsc -p packages/docs/samples/tsconfig.json').toBe('');
    expect(result.ok).toBe(true);
  }, 60_000);

  describe('run against the mock', () => {
    let mock: { url: string; close(): Promise<void> };
    let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      mock = await startMock();
      proxy = await startRecordingProxy(mock.url);
      env = { ...process.env, BASE_URL: proxy.url, ORG: 'agora-demo', APP: 'testapp', TOKEN: 'docs-sample-token' };
    });
    afterAll(async () => {
      await proxy?.close();
      await mock?.close();
    });

    const curlSamples = samples.filter((s) => s.language === 'curl');
    const tsSamples = samples.filter((s) => s.language === 'typescript');

    it('finds curl on the machine', async () => {
      const found = await run('curl', ['--version']).then(
        () => true,
        () => false,
      );
      expect(found, 'curl is not installed: `apt-get install -y curl` (the root `pnpm test` installs it when it can)').toBe(true);
    });

    it.each(curlSamples.map((s) => [name(s), s] as const))('%s calls its operation and gets a valid 200', async (_, sample) => {
      proxy.exchanges.length = 0;
      // `bash -eu`: a sample using a variable the page does not explain fails here.
      const { stdout } = await run('bash', ['-eu', sample.file], { env, timeout: 20_000 }).catch((error: { code?: string; stderr?: string; message: string }) => {
        if (error.code === 'ENOENT') throw new Error('bash is not installed');
        throw new Error(`${name(sample)} failed: ${error.stderr ?? error.message}`);
      });
      expect(problemsOf(sample, proxy.exchanges)).toEqual([]);
      expect(exampleProblems(sample, proxy.exchanges)).toEqual([]);
      // What the reader sees is the answer itself.
      expect(stdout).toBe(proxy.exchanges.at(-1)?.body);
    });

    it.each(tsSamples.map((s) => [name(s), s] as const))('%s runs, calls its operation and gets a valid 200', async (_, sample) => {
      proxy.exchanges.length = 0;
      const tsx = join(packageDir, 'node_modules', '.bin', 'tsx');
      const { stdout } = await run(tsx, [sample.file], { env, cwd: packageDir, timeout: 25_000 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${name(sample)} failed: ${error.stderr || error.stdout || error.message}`);
      });
      expect(problemsOf(sample, proxy.exchanges)).toEqual([]);
      expect(exampleProblems(sample, proxy.exchanges)).toEqual([]);
      expect(stdout.trim().length, `${name(sample)} printed nothing`).toBeGreaterThan(0);
    });

    it('fail, as they should, when the variables are not set', async () => {
      const sample = tsSamples[0] as CodeSample;
      const tsx = join(packageDir, 'node_modules', '.bin', 'tsx');
      const bare = { ...process.env };
      for (const key of ['BASE_URL', 'ORG', 'APP', 'TOKEN']) delete bare[key];
      const outcome = await run(tsx, [sample.file], { env: bare, cwd: packageDir, timeout: 25_000 }).then(
        () => 'exit 0',
        (error: { stderr?: string }) => error.stderr ?? '',
      );
      expect(outcome).toContain('Set BASE_URL, ORG, APP and TOKEN');
    });
  });
});

describe('the curl samples, copied into a shell with nothing set', () => {
  let bin = '';
  beforeAll(() => {
    // A stand-in for curl that prints what it was asked to do: the sample runs exactly as pasted, offline.
    bin = mkdtempSync(join(tmpdir(), 'docs-curl-'));
    writeFileSync(join(bin, 'curl'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done\n', { mode: 0o755 });
  });
  afterAll(() => {
    if (bin) rmSync(bin, { recursive: true, force: true });
  });

  it.each(samples.filter((s) => s.language === 'curl').map((s) => [name(s), s] as const))('%s runs as copied: its variables are set to placeholders at its top', async (_, sample) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    for (const key of ['BASE_URL', 'ORG', 'APP', 'TOKEN']) delete env[key];
    // `bash -eu`: an unset variable would stop it.
    const { stdout } = await run('bash', ['-eu', sample.file], { env, timeout: 20_000 });
    const args = stdout.split('\n');
    const url = args.find((a) => a.startsWith('https://')) ?? '';
    const template = sample.operationId ? validator.operation(sample.operationId).path : '';
    expect(url.startsWith('https://a41.chat.agora.io/your-org-name/your-app-name/'), url).toBe(true);
    expect(validator.match(args[args.indexOf('-X') + 1] ?? 'GET', new URL(url).pathname)?.operation.path).toBe(template);
    expect(args).toContain('Authorization: Bearer your-app-token');
  });
});

describe('the samples of the request examples, against the stateful sandbox', () => {
  let sandbox: { url: string; close(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandbox = await startSandbox();
    proxy = await startRecordingProxy(sandbox.url);
    env = { ...process.env, BASE_URL: proxy.url, ORG: 'agora-demo', APP: 'testapp', TOKEN: 'docs-sample-token' };
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const ofExamples = samples.filter((s) => s.example !== undefined);
  it.each(ofExamples.map((s) => [name(s), s] as const))('%s sends its example and the sandbox accepts it', async (_, sample) => {
    proxy.exchanges.length = 0;
    const command = sample.language === 'curl' ? ['bash', ['-eu', sample.file]] : [join(packageDir, 'node_modules', '.bin', 'tsx'), [sample.file]];
    await run(command[0] as string, command[1] as string[], { env, cwd: packageDir, timeout: 25_000 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${name(sample)} failed: ${error.stderr || error.stdout || error.message}`);
    });
    expect(problemsOf(sample, proxy.exchanges)).toEqual([]);
    expect(exampleProblems(sample, proxy.exchanges)).toEqual([]);
  });
});
