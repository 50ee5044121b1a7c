// The Arazzo workflows (openapi/workflows/): linted by redocly with zero problems, covering every operation,
// and run with `redocly respect`: all of them pass against the sandbox, the stateless ones against Prism,
// and they fail against servers that break the contract (so their checks can fail).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, startSandbox, type RunningSandbox, type RunningServer } from '../../packages/mock/src/index.js';
import { bundleDescription } from '../../scripts/bundle.js';
import { validator } from '../mock/support.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const workflowFile = join(repoRoot, 'openapi', 'workflows', 'push-settings.arazzo.yaml');
const redocly = join(repoRoot, 'node_modules', '.bin', 'redocly');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
const TOKEN = 'respect-secret-token';

const arazzo = parse(readFileSync(workflowFile, 'utf8')) as any;
const workflowIds: string[] = arazzo.workflows.map((w: any) => w.workflowId);
/** Each workflow's description says whether it is stateless (passes against Prism) or stateful. */
const stateless = arazzo.workflows.filter((w: any) => /\bStateless\b/.test(w.description)).map((w: any) => w.workflowId);
const stateful = arazzo.workflows.filter((w: any) => /\bStateful\b/.test(w.description)).map((w: any) => w.workflowId);

const tmp = mkdtempSync(join(tmpdir(), 'respect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface RespectRun {
  code: number;
  output: string;
  /** Per workflow: passed or not. */
  workflows: Record<string, boolean>;
}

let runs = 0;
async function respect(file: string, serverUrl: string, only: string[] = []): Promise<RespectRun> {
  const json = join(tmp, `run-${++runs}.json`);
  const args = [
    'respect',
    file,
    '--server',
    `pushSettings=${serverUrl}`,
    '--input',
    'org=hx',
    '--input',
    'app=hxdemo',
    '--input',
    'username=user1',
    '--input',
    `token=${TOKEN}`,
    '--json-output',
    json,
    ...only.flatMap((id) => ['--workflow', id]),
  ];
  let code = 0;
  let output = '';
  try {
    const result = await promisify(execFile)(redocly, args, { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 });
    output = result.stdout + result.stderr;
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    code = typeof e.code === 'number' ? e.code : 1;
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const executed = Object.values(report.files as Record<string, { executedWorkflows: any[] }>).flatMap((f) => f.executedWorkflows);
  const workflows = Object.fromEntries(executed.map((w) => [w.workflowId, w.status === 'success' && w.executedSteps.every((s: any) => s.checks.every((c: any) => c.passed))]));
  return { code, output, workflows };
}

const allTrue = (ids: string[]): Record<string, boolean> => Object.fromEntries(ids.map((id) => [id, true]));

describe('the Arazzo workflows', () => {
  it('are Arazzo 1.0.1 on ../openapi.yaml (resolves in openapi/ and in the bundle) with the connection inputs', () => {
    expect(arazzo.arazzo).toBe('1.0.1');
    expect(arazzo.sourceDescriptions).toEqual([{ name: 'pushSettings', url: '../openapi.yaml', type: 'openapi' }]);
    const inputs = arazzo.components.inputs.connection;
    expect(inputs.required).toEqual(['org', 'app', 'username', 'token']);
    expect(inputs.properties.token.format).toBe('password');
    for (const workflow of arazzo.workflows) expect(workflow.inputs, workflow.workflowId).toEqual({ $ref: '#/components/inputs/connection' });
  });

  it('cover every operation of the description, and both actions of updatePushDisplay', () => {
    const steps = arazzo.workflows.flatMap((w: any) => w.steps);
    const used = new Set(steps.map((s: any) => String(s.operationId).replace('$sourceDescriptions.pushSettings.', '')));
    expect([...used].sort()).toEqual(validator.operations.map((o) => o.operationId).sort());
    const display = steps.filter((s: any) => s.operationId.endsWith('.updatePushDisplay'));
    const fields = new Set(display.flatMap((s: any) => Object.keys(s.requestBody.payload)));
    expect([...fields].sort()).toEqual(['nickname', 'notification_display_style']);
  });

  it('each is either stateless or stateful, and the stateful ones include set-then-get and the template lifecycle', () => {
    expect([...stateless, ...stateful].sort()).toEqual([...workflowIds].sort());
    expect(stateless.length).toBeGreaterThan(0);
    expect(stateful).toEqual(expect.arrayContaining(['quiet-hours-round-trip', 'push-language-round-trip', 'push-template-lifecycle']));
    const lifecycle = arazzo.workflows.find((w: any) => w.workflowId === 'push-template-lifecycle');
    expect(lifecycle.steps.map((s: any) => s.operationId.split('.').pop())).toEqual(['createPushTemplate', 'getPushTemplate', 'deletePushTemplate', 'getPushTemplate']);
    expect(lifecycle.steps.at(-1).successCriteria).toEqual(expect.arrayContaining([{ condition: '$statusCode == 400' }, { condition: "$response.body#/error == 'entity_not_found'" }]));
  });

  it('are all named in the partner instructions (packages/mock/README.md), stateless ones as stateless', () => {
    const readme = readFileSync(join(repoRoot, 'packages', 'mock', 'README.md'), 'utf8');
    /** The text of the README bullet that starts with **word**, up to the next bullet. */
    const bullet = (word: string): string => {
      const start = readme.indexOf(`- **${word}**`);
      expect(start, word).toBeGreaterThanOrEqual(0);
      const end = readme.indexOf('\n- ', start + 1);
      return readme.slice(start, end === -1 ? undefined : end);
    };
    for (const id of stateless) expect(bullet('Stateless'), id).toContain(`\`${id}\``);
    for (const id of stateful) expect(bullet('Stateful'), id).toContain(`\`${id}\``);
  });

  it('pass redocly lint with zero problems', async () => {
    const { stdout } = await promisify(execFile)(redocly, ['lint', 'workflows', '--format', 'json'], { cwd: repoRoot, env });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe('redocly respect', () => {
  let sandbox: RunningSandbox;
  let prism: RunningServer;
  beforeAll(async () => {
    [sandbox, prism] = await Promise.all([startSandbox({ tokens: [TOKEN] }), startMock()]);
  });
  afterAll(async () => {
    await Promise.all([sandbox?.close(), prism?.close()]);
  });

  it('runs every workflow against the sandbox: all pass, and the token is masked in the output', async () => {
    const run = await respect(workflowFile, sandbox.url);
    expect(run.workflows).toEqual(allTrue(workflowIds));
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(TOKEN);
  });

  it('runs the stateless workflows against Prism: all pass', async () => {
    const run = await respect(workflowFile, prism.url, stateless);
    expect(run.workflows).toEqual(allTrue(stateless));
    expect(run.code).toBe(0);
  });

  it('the stateful workflows fail against Prism, which has no state', async () => {
    const run = await respect(workflowFile, prism.url, stateful);
    expect(run.code).not.toBe(0);
    for (const id of stateful) expect(run.workflows[id], id).toBe(false);
  });

  it('fail against a server that rejects the token', async () => {
    const strict = await startSandbox({ tokens: ['another-token'] });
    try {
      const run = await respect(workflowFile, strict.url, ['show-sender-name']);
      expect(run.workflows['show-sender-name']).toBe(false);
    } finally {
      await strict.close();
    }
  });

  it('set-quiet-hours fails against a server that answers the duration instead of the DND end time', async () => {
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const now = Date.now();
        const body = {
          action: 'put',
          application: '17fe201b-ad9b-4a3a-83df-1ed1ebd7b227',
          path: '/users',
          uri: `http://x${req.url}`,
          data: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86_400_000 },
          timestamp: now,
          duration: 0,
          organization: 'hx',
          applicationName: 'hxdemo',
        };
        expect(validator.validateResponse('setPushSettings', 200, body)).toEqual([]); // only the workflow's check can catch it
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const run = await respect(workflowFile, `http://127.0.0.1:${port}`, ['set-quiet-hours']);
      expect(run.workflows['set-quiet-hours']).toBe(false);
    } finally {
      server.close();
    }
  });

  it('runs from the bundle layout of @agora-chat-push/openapi (dist/workflows next to dist/openapi.yaml)', async () => {
    const dist = join(tmp, 'dist');
    bundleDescription(dist);
    sandbox.reset();
    const run = await respect(join(dist, 'workflows', 'push-settings.arazzo.yaml'), sandbox.url);
    expect(run.workflows).toEqual(allTrue(workflowIds));
  });
});
