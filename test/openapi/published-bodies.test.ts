// Fidelity: every request and answer body of these endpoints that is published outside the source page
// (Agora's and Easemob's docs repositories, Easemob's server SDKs; test/fixtures/published-bodies.json, each body
// copied with its source) validates against the description. A description that rejects the service's own
// answers, or a request its docs tell callers to send, is wrong, whatever the source page says (ERRATA E22).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, validator } from '../support/description.js';

interface PublishedBody {
  operation: string;
  kind: 'request' | 'response';
  status?: number;
  source: string;
  note?: string;
  body: unknown;
  /** A published body that breaks a documented rule on both sides (e.g. an SDK test's bad value): the issue expected. */
  expect?: { valid: false; rule: string; why: string };
}

const fixture = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'published-bodies.json'), 'utf8')) as { bodies: PublishedBody[] };
const operations = new Set(validator.operations.map((o) => o.operationId));
const label = (b: PublishedBody, i: number): string => `#${i} ${b.operation} ${b.kind}${b.kind === 'response' ? ` ${b.status ?? 200}` : ''} (${b.source})`;

describe('the published bodies', () => {
  it('are many, each names a documented operation and a source, and cover every operation', () => {
    expect(fixture.bodies.length).toBeGreaterThan(20);
    for (const [i, b] of fixture.bodies.entries()) {
      expect(operations.has(b.operation), label(b, i)).toBe(true);
      expect(b.source, label(b, i)).toMatch(/^[\w.-]+\/[\w.-]+@[^:\s]+:.+$|^https:\/\/\S+$/);
      expect(['request', 'response'], label(b, i)).toContain(b.kind);
    }
    const answered = new Set(fixture.bodies.filter((b) => b.kind === 'response' && (b.status ?? 200) === 200).map((b) => b.operation));
    expect([...operations].filter((o) => !answered.has(o))).toEqual([]);
  });

  const check = (b: PublishedBody): string[] =>
    (b.kind === 'request' ? validator.validateRequestBody(b.operation, b.body) : validator.validateResponse(b.operation, b.status ?? 200, b.body)).map((issue) => issue.message);

  it.each(fixture.bodies.flatMap((b, i) => (b.expect ? [] : [[label(b, i), b] as const])))('%s validates', (_label, b) => {
    expect(check(b)).toEqual([]);
  });

  it.each(fixture.bodies.flatMap((b, i) => (b.expect ? [[label(b, i), b] as const] : [])))('%s breaks a documented rule (a caller bug the description still catches)', (_label, b) => {
    expect(check(b)).toContain(b.expect?.rule);
    expect(b.expect?.why.length).toBeGreaterThan(20);
  });
});
