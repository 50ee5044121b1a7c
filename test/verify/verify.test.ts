// agora-chat-push-verify's engine, in process: the test matrix recorded as HAR and as NDJSON reports exactly
// the violations present; the streaming HAR reader; bad files; --base-path; coverage; the three formats;
// and the token never shows in any of them.
import { join } from 'node:path';
import { createExchangeChecker, formatJson, formatSarif, formatText, HarScanner, TrafficError, verifyTraffic, VIOLATION_CLASSES } from '@agora-chat-push/openapi/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractValidator } from '@agora-chat-push/openapi';
import { exampleAnswer, expected, found, MATRIX, matrixFolder, TOKEN, validator, type RecordedMatrix, type Upstream } from './support.js';

const { tmp, write, record, close } = matrixFolder('verify-');
let upstream: Upstream;
let har: RecordedMatrix['har'];
let harFile: string;

beforeAll(async () => {
  ({ upstream, har, harFile } = await record());
});
afterAll(close);

describe('the test matrix recorded as HAR', () => {
  it('reports exactly the violations present, one per drifting exchange, and none for the clean one', async () => {
    const report = await verifyTraffic(harFile);
    expect(report.exchanges).toBe(MATRIX.length);
    expect(found(report)).toEqual(expected);
    expect(report.violationCount).toBe(expected.length);
  });

  it('covers every violation class the issue names', () => {
    const classes = new Set(expected.map((e) => e.class));
    for (const c of ['undocumented-operation', 'missing-token', 'request-body', 'undocumented-status', 'response-content-type', 'response-body'] as const) {
      expect(classes.has(c), c).toBe(true);
      expect(VIOLATION_CLASSES[c]).toBeTruthy();
    }
  });

  it('names in each violation the exchange, method, URL, pointer, rule, expected and found value', async () => {
    const report = await verifyTraffic(harFile);
    const wrongType = report.violations.find((v) => v.keyword === 'type' && v.class === 'response-body')!;
    expect(wrongType).toMatchObject({
      exchange: 1,
      method: 'GET',
      url: `${upstream.url}/hx/hxdemo/users/drift-type/notification/language`,
      operationId: 'getPushLanguage',
      pointer: '/response/body/data/language',
      expected: 'string',
      found: '42',
    });
    expect(wrongType.line).toBeGreaterThan(1);
    expect(wrongType.message).toBe(
      `#1 GET ${upstream.url}/hx/hxdemo/users/drift-type/notification/language (getPushLanguage): /response/body/data/language: expected string, found 42 [response-body/type]`,
    );
    const status = report.violations.find((v) => v.class === 'undocumented-status')!;
    expect(status.found).toBe('202');
    expect(status.expected).toMatch(/^one of 200, 400, 401/);
    const missing = report.violations.find((v) => v.class === 'response-body' && v.keyword === 'required')!;
    expect(missing.found).toBe('absent');
  });

  it('reads the same traffic as NDJSON (one HAR entry a line) with the same result', async () => {
    const file = write('matrix.ndjson', `${har.log.entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const report = await verifyTraffic(file);
    expect(found(report)).toEqual(expected);
    expect(report.violations.map((v) => v.line)).toEqual(expected.map((e) => e.exchange + 1));
  });

  it('finds the violations only when the checks are on: a HAR of only clean exchanges reports none', async () => {
    const clean = write('clean.har', JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [har.log.entries[0], har.log.entries[0]] } }));
    const report = await verifyTraffic(clean);
    expect(report.violationCount).toBe(0);
    expect(report.exchanges).toBe(2);
  });
});

describe('the streaming HAR reader', () => {
  it('yields the same entries whatever the chunk size, from a pretty-printed or a one-line file', () => {
    for (const text of [JSON.stringify(har), JSON.stringify(har, null, 2), JSON.stringify(har, null, '\t')]) {
      for (const size of [1, 7, 64, 100_000]) {
        const scanner = new HarScanner('t.har');
        const entries = [];
        for (let i = 0; i < text.length; i += size) entries.push(...scanner.feed(text.slice(i, i + size)));
        scanner.end();
        expect(entries.map((e) => e.exchange.url)).toEqual(har.log.entries.map((e) => e.request.url));
      }
    }
  });

  it('reads entries with escaped quotes, braces in strings and base64 bodies', () => {
    const entry = structuredClone(har.log.entries[0]!);
    entry.response.content = { size: 10, mimeType: 'application/json', encoding: 'base64', text: Buffer.from(entry.response.content.text).toString('base64') };
    entry.request.headers.push({ name: 'x-odd', value: 'a "quoted" {brace} [bracket] \\ back' });
    const text = JSON.stringify({ log: { version: '1.2', creator: { name: 'x}', version: '1' }, pages: [{ title: '"]' }], entries: [entry] } });
    for (const size of [1, 2, 3, 5, 1_000_000]) {
      const scanner = new HarScanner('t.har');
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...scanner.feed(text.slice(i, i + size)));
      scanner.end();
      expect(records).toHaveLength(1);
      expect(records[0]!.exchange.requestHeaders['x-odd']).toBe('a "quoted" {brace} [bracket] \\ back');
      expect(JSON.parse(records[0]!.exchange.responseBody!)).toEqual(JSON.parse(har.log.entries[0]!.response.content.text));
    }
  });
});

describe('files that are not traffic', () => {
  const cases: [string, string, RegExp][] = [
    ['an empty file', '', /is empty/],
    ['only whitespace', '  \n ', /is empty/],
    ['a JSON that is not HAR', '{"name": "not a har", "items": [1, 2]}', /is not a HAR file: it has no "log" object/],
    ['a log without entries', '{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}}}', /log has no "entries" array/],
    ['a top-level array', '[{"request": {}}]', /top level is an array/],
    ['text that is not JSON', 'GET /hx/hxdemo HTTP/1.1\n', /is not JSON/],
    ['entries that are not an array', '{"log": {"entries": {"a": 1}}}', /log.entries is not an array/],
    ['an entry without a request', '{"log": {"entries": [{"response": {"status": 200}}]}}', /log.entries\[0\] \(line 1\)\.request is missing/],
    ['garbage between entries', '{"log": {"entries": [{"request": {"method": "GET", "url": "/"}, "response": {"status": 200}} x ]}}', /not valid JSON: expected "," or "]" at line 1/],
  ];
  for (const [name, content, message] of cases) {
    it(`rejects ${name} with a one-line message naming the file`, async () => {
      const file = write(`bad-${name.replace(/\W+/g, '-')}.har`, content);
      const error = await verifyTraffic(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TrafficError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.startsWith(file)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    });
  }

  it('rejects a truncated HAR, naming the entry it ends in', async () => {
    const text = JSON.stringify(har, null, 2);
    const file = write('truncated.har', text.slice(0, Math.floor(text.length * 0.6)));
    const error = await verifyTraffic(file).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(TrafficError);
    expect(error!.message).toMatch(/is truncated: it ends inside log\.entries\[\d\] at line \d+/);
  });

  it('rejects NDJSON with a line that is not JSON, naming the line', async () => {
    const file = write('cut.ndjson', `${JSON.stringify(har.log.entries[0])}\n${JSON.stringify(har.log.entries[1]).slice(0, 40)}\n`);
    await expect(verifyTraffic(file)).rejects.toThrow(/cut\.ndjson: line 2 is not JSON/);
  });

  it('rejects a file that does not exist', async () => {
    await expect(verifyTraffic(join(tmp, 'nope.har'))).rejects.toThrow(/nope\.har: cannot read: no such file/);
  });

  it('reports a non-JSON answer body as a violation of the exchange, not as a bad file', async () => {
    const entry = structuredClone(har.log.entries[0]!);
    entry.response.content.text = '<html>gateway error</html>';
    const file = write('html-body.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } }));
    const report = await verifyTraffic(file);
    expect(found(report)).toEqual([{ exchange: 0, class: 'response-body', keyword: 'json', pointer: '/response/body' }]);
    expect(report.violations[0]!.found).toMatch(/^not JSON/);
  });

  it('does not check a body the recording did not capture, and says so', async () => {
    const entry = structuredClone(har.log.entries[1]!); // the wrong-type answer
    delete entry.response.content.text;
    const file = write('no-body.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } }));
    const report = await verifyTraffic(file);
    expect(report.violationCount).toBe(0);
    expect(report.unchecked).toEqual({ 'response body': 1 });
    expect(formatText(report)).toContain('not recorded, so not checked: response body in 1 exchange');
  });
});

describe('--base-path', () => {
  it('removes a gateway prefix before matching; without it the same traffic is undocumented', async () => {
    const prefixed = structuredClone(har);
    for (const e of prefixed.log.entries) e.request.url = e.request.url.replace(upstream.url, `${upstream.url}/gateway/chat`);
    const file = write('prefixed.har', JSON.stringify(prefixed));
    expect(found(await verifyTraffic(file, { basePath: '/gateway/chat/' }))).toEqual(expected);
    const without = await verifyTraffic(file);
    expect(without.violations.every((v) => v.class === 'undocumented-operation')).toBe(true);
    expect(without.violationCount).toBe(MATRIX.length);
  });
});

describe('coverage', () => {
  it('counts each documented (operation, status) pair exercised, and lists what never was', async () => {
    const report = await verifyTraffic(harFile);
    const language = report.coverage.operations.find((o) => o.operationId === 'getPushLanguage')!;
    // The clean, wrong-type, required-missing, wrong-content-type and no-token exchanges got a documented 200.
    expect(language.statuses['200']).toBe(5);
    expect(language.statuses['404']).toBe(0);
    expect(report.coverage.operations.find((o) => o.operationId === 'setPushLanguage')!.statuses['200']).toBe(1);
    // The undocumented path and the undocumented status.
    expect(report.coverage.undocumented).toBe(2);
    expect(report.coverage.operationsNeverCalled).toContain('createPushTemplate');
    expect(report.coverage.operationsNeverCalled).not.toContain('getPushLanguage');
    const text = formatText(report, true);
    expect(text).toMatch(/getPushLanguage\s+GET\s+exercised: 200×5; never: 400 401 403 404 429 500/);
    expect(text).toMatch(/createPushTemplate\s+POST\s+exercised: never called/);
  });
});

describe('output formats', () => {
  it('SARIF 2.1.0: one rule per class, one located result per violation, stable fingerprints', async () => {
    const report = await verifyTraffic(harFile);
    const sarif = JSON.parse(formatSarif(report, 'traffic/matrix.har'));
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    // One rule per violation class, then the coverage threshold's rule (a result only under --min-coverage).
    expect(ruleIds).toEqual([...Object.keys(VIOLATION_CLASSES), 'min-coverage']);
    expect(run.results).toHaveLength(expected.length);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(result.level).toBe('error');
      expect(result.message.text).toMatch(/^#\d /);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('traffic/matrix.har');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints.contractViolation).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(JSON.parse(formatSarif(report, 'traffic/matrix.har')).runs[0].results.map((r: any) => r.partialFingerprints)).toEqual(run.results.map((r: any) => r.partialFingerprints));
  });

  it('JSON: the report with stable keys, the coverage only when asked', async () => {
    const report = await verifyTraffic(harFile);
    const json = JSON.parse(formatJson(report));
    expect(Object.keys(json)).toEqual(['source', 'exchanges', 'violations', 'violationCount', 'byClass', 'unchecked', 'ignored']);
    expect(JSON.parse(formatJson(report, true)).coverage.operations).toHaveLength(8);
  });
});

describe('secrets', () => {
  it('never shows the token, even from a raw recording that holds it in a header, the URL and a body', async () => {
    // A devtools HAR keeps the Authorization header as sent; here the token is also in the query and in bodies.
    const raw = structuredClone(har);
    for (const e of raw.log.entries) {
      e.request.headers = e.request.headers.map((h: { name: string; value: string }) => (h.name.toLowerCase() === 'authorization' ? { name: h.name, value: `Bearer ${TOKEN}` } : h));
      e.request.url += `?access_token=${TOKEN}&page=1`;
    }
    const typed = raw.log.entries[1]!;
    const body = JSON.parse(typed.response.content.text);
    body.data.language = { token: TOKEN }; // an object where a string belongs: it is the found value
    typed.response.content.text = JSON.stringify(body);
    raw.log.entries[6]!.request.postData.text = JSON.stringify({ translationLanguage: TOKEN, extra: 1 });
    const file = write('raw.har', JSON.stringify(raw));
    expect(JSON.stringify(raw)).toContain(TOKEN);
    const report = await verifyTraffic(file);
    expect(report.violationCount).toBeGreaterThanOrEqual(expected.length);
    for (const output of [formatText(report, true), formatJson(report, true), formatSarif(report)]) {
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain(TOKEN.slice(0, 12));
    }
    expect(formatText(report)).toContain('access_token=[REDACTED]&page=1');
  });

  it('never shows a token sent with another scheme or a Basic credential', () => {
    const checker = createExchangeChecker();
    const entry = har.log.entries[0]!;
    for (const authorization of [`Token ${TOKEN}`, `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, TOKEN]) {
      const result = checker.check({
        method: 'GET',
        url: entry.request.url,
        requestHeaders: { authorization },
        status: 200,
        responseHeaders: { 'content-type': 'application/json' },
        responseBody: entry.response.content.text,
      });
      expect(result.violations.map((v) => v.class)).toEqual(['missing-token']);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
      expect(JSON.stringify(result)).not.toContain(authorization.split(' ').at(-1));
    }
  });
});

describe('the rules come from the description, not from this code', () => {
  const changed = (edit: (doc: any) => void) => {
    const doc = structuredClone(validator.document) as any;
    edit(doc);
    return createExchangeChecker({ validator: createContractValidator(doc) });
  };
  const exchange = (status: number, contentType: string, body: string) => ({
    method: 'GET',
    url: 'https://a41.chat.agora.io/hx/hxdemo/users/u1/notification/language',
    requestHeaders: { authorization: 'Bearer t' },
    status,
    responseHeaders: { 'content-type': contentType },
    responseBody: body,
  });
  const languageOp = (doc: any) => doc.paths['/{org_name}/{app_name}/users/{username}/notification/language'].get;

  it('accepts a media type and a status range once the description documents them', () => {
    const body = JSON.stringify(exampleAnswer('getPushLanguage'));
    expect(
      createExchangeChecker()
        .check(exchange(200, 'text/plain', body))
        .violations.map((v) => v.class),
    ).toEqual(['response-content-type']);
    const withText = changed((doc) => {
      languageOp(doc).responses['200'] = { description: 'x', content: { 'text/plain': { schema: { type: 'string' } } } };
    });
    expect(withText.check(exchange(200, 'text/plain', 'EU')).violations).toEqual([]);
    expect(
      createExchangeChecker()
        .check(exchange(503, 'application/json', '{}'))
        .violations.map((v) => v.class),
    ).toEqual(['undocumented-status']);
    const with5xx = changed((doc) => {
      languageOp(doc).responses['5XX'] = languageOp(doc).responses['500'];
    });
    expect(with5xx.check(exchange(503, 'application/json', JSON.stringify(exampleAnswer('getPushLanguage', '500')))).violations).toEqual([]);
  });

  it('needs no token for an operation the description marks as open', () => {
    const open = changed((doc) => {
      languageOp(doc).security = [{}];
    });
    const x = { ...exchange(200, 'application/json', JSON.stringify(exampleAnswer('getPushLanguage'))), requestHeaders: {} };
    expect(
      createExchangeChecker()
        .check(x)
        .violations.map((v) => v.class),
    ).toEqual(['missing-token']);
    expect(open.check(x).violations).toEqual([]);
  });
});
