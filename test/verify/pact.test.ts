// Pact files in the verify API: v2, v3 and v4 read alike (detected by content), requests checked as recorded
// ones, answers checked as the consumer's expectation: named fields with compatible values, required ones optional.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, parsePact, TrafficError, unknownFields, verifyTraffic, type Report } from '@agora-chat-push/openapi/verify';
import { afterAll, describe, expect, it } from 'vitest';
import { BUGGY, CLEAN, ONE_BUG_EACH, pactV2, pactV3, pactV4, type Interaction } from './pacts.js';
import { matrixFolder, validator } from './support.js';

const { tmp, close } = matrixFolder('verify-pact-');
afterAll(close);

let n = 0;
const writePact = (pact: unknown, name = `pact-${++n}.json`): string => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(pact, null, 2));
  return file;
};
const summary = (report: Report) => report.violations.map((v) => `#${v.exchange} ${v.pointer} [${v.class}${v.keyword ? `/${v.keyword}` : ''}]`);

const VERSIONS = { v2: pactV2, v3: pactV3, v4: pactV4 } as const;

describe.each(Object.entries(VERSIONS))('a Pact %s file', (_version, write) => {
  it('is detected by content and a clean consumer has no violation', async () => {
    const file = writePact(write(CLEAN));
    expect(await detectFormat(file)).toBe('pact');
    const report = await verifyTraffic(file);
    expect(summary(report)).toEqual([]);
    expect(report.exchanges).toBe(CLEAN.length);
  });

  it('names translationLanguage, ignoreDurration and ignoreInterval in the buggy consumer', async () => {
    const report = await verifyTraffic(writePact(write(BUGGY)));
    expect(summary(report)).toEqual([
      '#0 /response/body/data/translationLanguage [response-unknown-field]',
      '#1 /request/body/ignoreDurration [request-body/additionalProperties]',
      '#1 /response/body/data/ignoreInterval [response-body/type]',
    ]);
  });
});

describe('a pact answer is the consumer expectation', () => {
  it('may leave out required fields (the consumer does not read them)', async () => {
    const report = await verifyTraffic(writePact(pactV2([CLEAN[0]!])));
    expect(report.violationCount).toBe(0);
    // The same body recorded as an answer would break the required rule: the expectation rule is not the recorded one.
    const checker = (await import('@agora-chat-push/openapi/verify')).createExchangeChecker({ validator });
    const recorded = checker.checkAnswer('getPushLanguage', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"language":"en"}}' });
    expect(recorded.map((f) => f.keyword)).toContain('required');
  });

  it('catches every kind of drift, one per interaction, at the interaction and field it is in', async () => {
    const report = await verifyTraffic(writePact(pactV2(ONE_BUG_EACH)));
    expect(summary(report)).toEqual([
      '#0 /response/body/data/translationLanguage [response-unknown-field]',
      '#1 /request/body/ignoreDurration [request-body/additionalProperties]',
      '#2 /response/body/data/ignoreInterval [response-body/type]',
      '#3 /request/body/ignoreInterval [request-body/pattern]',
      '#4 /response/status [undocumented-status]',
      '#5 /request/url [undocumented-operation]',
      '#6 /request/headers/authorization [missing-token]',
      '#7 /request/headers/content-type [request-content-type]',
      '#8 /request/path/type [request-parameter/enum]',
      '#9 /response/body/data/language [response-body/type]',
    ]);
  });

  it('locates each interaction at its line of the file', async () => {
    const file = writePact(pactV3(BUGGY));
    const report = await verifyTraffic(file);
    const text = JSON.stringify(pactV3(BUGGY), null, 2).split('\n');
    for (const v of report.violations) {
      // The line holds the opening brace of the interaction, whose description follows.
      expect(text[v.line! - 1]!.trim()).toBe('{');
      expect(text[v.line!]).toContain('"description": ');
    }
  });

  it('lists the unknown fields of nested objects and arrays, and accepts any member of a free-form object', () => {
    const schema = {
      type: 'object',
      properties: { data: { type: 'object', properties: { a: { type: 'string' } } }, list: { type: 'array', items: { type: 'object', properties: { b: {} } } }, free: { type: 'object' } },
    };
    const value = { data: { a: 'x', z: 1 }, list: [{ b: 1 }, { c: 2 }], free: { anything: 1 }, extra: true };
    expect(unknownFields({}, schema, value)).toEqual(['data.z', 'list[1].c', 'extra']);
  });
});

describe('files that are not pacts', () => {
  const reject = (text: string, pattern: RegExp) => {
    expect(() => parsePact(text, 'p.json')).toThrow(TrafficError);
    expect(() => parsePact(text, 'p.json')).toThrow(pattern);
  };
  it('rejects each broken interaction with a one-line message naming it', () => {
    const pact = (interactions: unknown[]) => JSON.stringify({ consumer: {}, provider: {}, interactions });
    reject('{', /p\.json: is not valid JSON/);
    reject('{"interactions": 3}', /is not a pact file/);
    reject(pact([]), /has no HTTP interaction/);
    reject(pact([{ request: { method: 'GET', path: '/x' } }]), /interactions\[0\] \(line 1\)\.response is missing/);
    reject(pact([{ request: { method: 'GET', path: 'x' }, response: { status: 200 } }]), /request\.path is missing or does not start with "\/"/);
    reject(pact([{ request: { method: 'GET', path: '/x' }, response: { status: '200' } }]), /response\.status is not an integer/);
    reject(pact([{ request: { method: 'GET', path: '/x', headers: { a: 1 } }, response: { status: 200 } }]), /request\.headers\.a is not a string/);
  });

  it('still reads a HAR and NDJSON by their content, not as pacts', async () => {
    const har = join(tmp, 'log.json');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } }));
    expect(await detectFormat(har)).toBe('har');
  });
});

export type { Interaction };
