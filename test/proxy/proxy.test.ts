// The validating proxy in process, in front of the drifting upstream: it reports exactly the matrix's
// violations, passes requests and answers through unchanged (streaming too), records HAR and NDJSON that
// agora-chat-push-verify reads back with the same result, redacts the token everywhere, and answers 502/504
// in the description's error shape when the upstream fails.
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyTraffic } from '@agora-chat-push/openapi/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../packages/mock/src/proxy.js';
import { expected, found, MATRIX, sendCase, startDriftingUpstream, TOKEN, validator, type Upstream } from '../verify/support.js';

const tmp = mkdtempSync(join(tmpdir(), 'proxy-'));
let upstream: Upstream;
/** `violation #N ... [class/keyword]` lines -> the same shape as `expected`. */
const parsed = (lines: string[]) =>
  lines
    .filter((l) => l.startsWith('violation '))
    .map((l) => {
      const m = /^violation #(\d+) .*?: (\/\S*): expected .* \[([a-z-]+)(?:\/(\w+))?\]$/.exec(l);
      expect(m, l).not.toBeNull();
      return { exchange: Number(m![1]), class: m![3], ...(m![4] ? { keyword: m![4] } : {}), pointer: m![2] };
    });

async function withProxy<T>(options: Partial<Parameters<typeof startProxy>[0]>, body: (proxy: RunningProxy, lines: string[]) => Promise<T>): Promise<T> {
  const lines: string[] = [];
  const proxy = await startProxy({ upstream: upstream.url, log: (l) => lines.push(l), ...options });
  try {
    return await body(proxy, lines);
  } finally {
    await proxy.close();
  }
}

beforeAll(async () => {
  upstream = await startDriftingUpstream();
});
afterAll(async () => {
  await upstream?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the proxy in front of a drifting upstream', () => {
  it('reports exactly the violations present, one line each, as they happen, and counts them', async () => {
    await withProxy({}, async (proxy, lines) => {
      for (const c of MATRIX) await sendCase(proxy.url, c);
      expect(parsed(lines)).toEqual(expected);
      expect(proxy.summary()).toMatchObject({ exchanges: MATRIX.length, violations: expected.length, upstreamFailures: 0 });
      expect(proxy.summary().line).toMatch(new RegExp(`^proxy: ${MATRIX.length} exchanges, ${expected.length} violations \\(`));
    });
  });

  it('returns the upstream answer unchanged: status, headers and body', async () => {
    await withProxy({}, async (proxy) => {
      for (const c of MATRIX) {
        const direct = await sendCase(upstream.url, c);
        const proxied = await sendCase(proxy.url, c);
        expect(proxied.status).toBe(direct.status);
        expect(proxied.text).toBe(direct.text);
        const strip = (h: Headers) => [...h].filter(([n]) => n !== 'date' && n !== 'keep-alive' && n !== 'connection');
        expect(strip(proxied.headers)).toEqual(strip(direct.headers));
      }
    });
  });

  it('forwards the request unchanged: method, path, query, headers and body bytes', async () => {
    await withProxy({}, async (proxy) => {
      upstream.received.length = 0;
      const body = '{"translationLanguage":"EU"}';
      const res = await fetch(`${proxy.url}/hx/hxdemo/users/u1/notification/language?a=1&b=%20x`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-trace-id': 'abc', 'X-Mixed-Case': 'Yes' },
        body,
      });
      await res.text();
      const [seen] = upstream.received;
      expect(seen).toMatchObject({ method: 'PUT', url: '/hx/hxdemo/users/u1/notification/language?a=1&b=%20x', body });
      expect(seen!.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'x-trace-id': 'abc',
        'x-mixed-case': 'Yes',
        host: new URL(upstream.url).host,
      });
    });
  });

  it('adds no header of its own: an upstream answer without Date or Content-Type comes back without them', async () => {
    const bare: Server = createServer((_req, res) => {
      res.sendDate = false;
      res.writeHead(204, { 'x-only': '1' });
      res.end();
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${(bare.address() as { port: number }).port}`, log: () => {} });
    try {
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = request(`${proxy.url}/hx/hxdemo/users/u1/notification/language`, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on('error', reject);
        req.end();
      });
      const ownHopByHop = ['connection', 'keep-alive', 'transfer-encoding'];
      expect(Object.keys(headers).filter((h) => !ownHopByHop.includes(h))).toEqual(['x-only']);
    } finally {
      await proxy.close();
      bare.closeAllConnections();
      bare.close();
    }
  });

  it('streams the answer: the client reads the first part before the upstream has sent the rest', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const slow: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"part":');
      void released.then(() => res.end('1}'));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${(slow.address() as { port: number }).port}` });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const req = request(`${proxy.url}/hx/hxdemo/users/u1/notification/language`, (res) => {
          let all = '';
          res.on('data', (c: Buffer) => {
            all += c.toString();
            if (all === '{"part":') release(); // only possible if the first part arrived on its own
          });
          res.on('end', () => resolve(all));
        });
        req.on('error', reject);
        req.end();
      });
      expect(text).toBe('{"part":1}');
    } finally {
      await proxy.close();
      slow.closeAllConnections();
      slow.close();
    }
  });
});

describe('recording', () => {
  for (const ext of ['har', 'ndjson']) {
    it(`writes ${ext.toUpperCase()} that agora-chat-push-verify reads back with the same violations, the token redacted`, async () => {
      const file = join(tmp, `traffic.${ext}`);
      await withProxy({ record: file }, async (proxy) => {
        for (const c of MATRIX) await sendCase(proxy.url, c);
        // A token in a request body and in the query is redacted as well.
        await sendCase(proxy.url, { ...MATRIX[6]!, path: `${MATRIX[6]!.path}?access_token=${TOKEN}`, body: { translationLanguage: 'EU', token: TOKEN } });
      });
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('Bearer [REDACTED]');
      const report = await verifyTraffic(file);
      expect(report.exchanges).toBe(MATRIX.length + 1);
      const violations = found(report);
      expect(violations.filter((v) => v.exchange < MATRIX.length)).toEqual(expected);
      // The extra exchange: an unknown body field (its value redacted, the field still reported).
      expect(violations.filter((v) => v.exchange === MATRIX.length)).toEqual([{ exchange: MATRIX.length, class: 'request-body', keyword: 'additionalProperties', pointer: '/request/body/token' }]);
    });
  }

  it('never prints the token in a log line', async () => {
    await withProxy({}, async (_proxy, lines) => {
      const proxy = _proxy;
      await sendCase(proxy.url, { ...MATRIX[6]!, path: `${MATRIX[6]!.path}?token=${TOKEN}`, body: { translationLanguage: [TOKEN] } });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(TOKEN);
    });
  });
});

describe('an upstream that fails', () => {
  it("unreachable: a 502 in the description's error shape and a line saying why, without hanging", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const lines: string[] = [];
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${port}`, log: (l) => lines.push(l) });
    try {
      const res = await fetch(`${proxy.url}/hx/hxdemo/users/u1/notification/language?token=${TOKEN}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(502);
      const body = await res.json();
      expect(validator.validateSchema('ErrorResponse', body)).toEqual([]);
      expect(body.error_description).toContain('ECONNREFUSED');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^upstream unreachable: .*ECONNREFUSED; answered 502 to GET \/hx\/hxdemo\/users\/u1\/notification\/language\?token=\[REDACTED\]$/);
      expect(proxy.summary()).toMatchObject({ exchanges: 0, violations: 0, upstreamFailures: 1 });
    } finally {
      await proxy.close();
    }
  });

  it('silent: a 504 in the same shape once the upstream timeout passes', async () => {
    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${(silent.address() as { port: number }).port}`, upstreamTimeoutMs: 100 });
    try {
      const res = await fetch(`${proxy.url}/hx/hxdemo/users/u1/notification/language`);
      expect(res.status).toBe(504);
      expect(validator.validateSchema('ErrorResponse', await res.json())).toEqual([]);
    } finally {
      await proxy.close();
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('rejects an upstream that is not an http(s) URL', async () => {
    await expect(startProxy({ upstream: 'ftp://example.org' })).rejects.toThrow('must be an http:// or https:// URL');
    await expect(startProxy({ upstream: 'not a url' })).rejects.toThrow('is not a URL');
  });
});
