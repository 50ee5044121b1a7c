// The generator-compatibility changes (issue 13: answer envelopes merged into flat objects in the bundle, renamed
// components, named display-style branches, shared ResponseTimestamp/ResponseDuration) keep the meaning of the
// description exactly. Proof by corpus: every instance below gets the same verdict (valid or not) from the current
// bundle as from the baseline, the 0.1.x bundle after the fidelity rewrite
// (test/fixtures/openapi-0.1-fidelity.schemas.json: that bundle without descriptions and examples), except where a
// rule was added on purpose since then: those are listed in INTENDED, each with its ERRATA entry, and a difference
// counts as intended only if the baseline accepted the instance and every issue the current bundle reports is one of
// them (and each listed rule must be seen at least once, so the list cannot outlive its rules).
// The corpus: every case of the rule table (constraint-cases.ts), every named example, every published body
// (test/fixtures/published-bodies.json), every parameter example, and mutations of each of them (a field dropped,
// set to a wrong type or value, an unknown field added), checked per schema, per operation and per status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContractValidator, type ContractIssue, type ContractValidator, type OpenApiDocument } from '@agora-chat-push/openapi';
import { describe, expect, it } from 'vitest';
import { bundle, deref, operations, repoRoot, validator } from '../support/description.js';
import { rules } from './constraint-cases.js';

const baselineDocument = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'openapi-0.1-fidelity.schemas.json'), 'utf8')) as OpenApiDocument;

/** Schemas renamed since the baseline: current name -> baseline name (the baseline had one answer schema per operation). */
const BASELINE_SCHEMA_NAME: Record<string, string> = {
  PushSettingsEnvelope: 'GetPushSettingsResponse',
  PushLanguageEnvelope: 'GetPushLanguageResponse',
  PushTemplateEnvelope: 'GetPushTemplateResponse',
  UserEntitiesEnvelope: 'UpdateUserPushProfileResponse',
};

/**
 * Rules added on purpose after the baseline, one entry per field (the issue's full path into the checked value,
 * array indexes as `\d+`) and keyword, so that each must change some verdict of the corpus.
 */
const INTENDED: { errata: string; field: RegExp; rule: string }[] = [
  // E27: answer fields described by formats and bounds every published answer meets.
  { errata: 'E27', field: /^uri$/, rule: 'format' },
  { errata: 'E27', field: /^path$/, rule: 'format' },
  { errata: 'E27', field: /^organization$/, rule: 'minLength' },
  { errata: 'E27', field: /^applicationName$/, rule: 'minLength' },
  { errata: 'E27', field: /^timestamp$/, rule: 'minimum' },
  { errata: 'E27', field: /^data\.createAt$/, rule: 'minimum' },
  { errata: 'E27', field: /^data\.updateAt$/, rule: 'minimum' },
  { errata: 'E27', field: /^entities\[\d+\]\.created$/, rule: 'minimum' },
  { errata: 'E27', field: /^entities\[\d+\]\.modified$/, rule: 'minimum' },
];

type Check =
  | { kind: 'schema'; name: string; value: unknown }
  | { kind: 'request'; operation: string; value: unknown }
  | { kind: 'response'; operation: string; status: string; value: unknown }
  | { kind: 'parameters'; operation: string; value: Record<string, string> };

const WRONG_VALUES: unknown[] = [null, 'BOGUS', '', '1', 'a b', 'x'.repeat(65), 2, -1, 1.5, 604800001, true, [], {}];

/** The value itself and its mutations: each field (to depth 3) dropped or replaced by a wrong value, a field added. */
function mutations(value: unknown, depth = 0): unknown[] {
  const out: unknown[] = [value];
  if (depth === 0) out.push(...WRONG_VALUES);
  if (depth >= 3 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    out.push([], [...value, ...value]);
    if (value.length > 0) for (const m of mutations(value[0], depth + 1).slice(1)) out.push([m, ...value.slice(1)]);
    return out;
  }
  const record = value as Record<string, unknown>;
  out.push({ ...record, zz_unknown: 1 });
  for (const [key, child] of Object.entries(record)) {
    const { [key]: _dropped, ...rest } = record;
    out.push(rest);
    for (const m of WRONG_VALUES) out.push({ ...record, [key]: m });
    for (const m of mutations(child, depth + 1).slice(1)) out.push({ ...record, [key]: m });
  }
  return out;
}

function collectChecks(): Check[] {
  const checks: Check[] = [];
  const add = (make: (value: unknown) => Check, values: unknown[]): void => {
    for (const value of values) for (const m of mutations(value)) checks.push(make(m));
  };
  for (const rule of rules) {
    add((value) => ({ kind: 'schema', name: rule.schema, value }), [...rule.accepts, ...rule.rejects.map(([v]) => v)]);
  }
  const examplesOf = (content: unknown): unknown[] =>
    Object.values(((content as Record<string, { examples?: Record<string, unknown> }> | undefined)?.['application/json']?.examples ?? {}) as object).map((e) => deref<{ value: unknown }>(e).value);
  for (const { operation } of operations()) {
    const id = operation.operationId as string;
    const body = operation.requestBody as { content?: unknown } | undefined;
    if (body) add((value) => ({ kind: 'request', operation: id, value }), examplesOf(body.content));
    for (const [status, response] of Object.entries(operation.responses as Record<string, unknown>)) {
      add((value) => ({ kind: 'response', operation: id, status, value }), examplesOf(deref<{ content?: unknown }>(response).content));
    }
    // Path parameters: the examples, then each one replaced by a wrong value.
    const parameters = Object.fromEntries(validator.operations.find((o) => o.operationId === id)?.pathParameters.map((p) => [p, exampleOf(p)]) ?? []) as Record<string, string>;
    checks.push({ kind: 'parameters', operation: id, value: parameters });
    for (const name of Object.keys(parameters)) {
      for (const wrong of ['', 'a b', 'BOGUS', 'x'.repeat(65), 'user#1', 'chatgroup', 'User1', '12312312321']) {
        checks.push({ kind: 'parameters', operation: id, value: { ...parameters, [name]: wrong } });
      }
    }
  }
  const published = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'published-bodies.json'), 'utf8')) as {
    bodies: { operation: string; kind: 'request' | 'response'; status?: number; body: unknown }[];
  };
  for (const b of published.bodies) {
    add((value) => (b.kind === 'request' ? { kind: 'request', operation: b.operation, value } : { kind: 'response', operation: b.operation, status: String(b.status ?? 200), value }), [b.body]);
  }
  // Each mutation once.
  const seen = new Set<string>();
  return checks.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function exampleOf(parameterName: string): string {
  for (const parameter of Object.values(bundle.components.parameters ?? {})) {
    const p = parameter as { name: string; example?: string };
    if (p.name === parameterName && p.example !== undefined) return p.example;
  }
  throw new Error(`no example for the path parameter ${parameterName}`);
}

/** What `validator` reports on the instance of `check`; `baseline` maps renamed schema names back. */
function issuesOf(validator: ContractValidator, check: Check, baseline: boolean): ContractIssue[] {
  switch (check.kind) {
    case 'schema':
      return validator.validateSchema(baseline ? (BASELINE_SCHEMA_NAME[check.name] ?? check.name) : check.name, check.value);
    case 'request':
      return validator.validateRequestBody(check.operation, check.value);
    case 'response':
      return validator.validateResponse(check.operation, check.status, check.value);
    case 'parameters':
      return validator.validateParameters(check.operation, check.value);
  }
}

/** Whether `validator` accepts the instance of `check`. */
function verdict(validator: ContractValidator, check: Check, baseline: boolean): boolean {
  return issuesOf(validator, check, baseline).length === 0;
}

/** The INTENDED rule that explains an issue, if any. */
function intendedRule(issue: ContractIssue): (typeof INTENDED)[number] | undefined {
  return INTENDED.find((r) => r.rule === issue.rule && r.field.test(issue.field));
}

/**
 * The checks on which the two documents disagree, as readable lines, leaving out the differences INTENDED explains
 * (counted in `seen` per rule, when given).
 */
function differences(current: OpenApiDocument, seen?: Map<(typeof INTENDED)[number], number>): string[] {
  const now = current === bundle ? validator : createContractValidator(current);
  const out: string[] = [];
  for (const [i, check] of checks.entries()) {
    const a = baselineVerdicts[i]!;
    const issues = issuesOf(now, check, false);
    const b = issues.length === 0;
    if (a && !b && issues.every((issue) => intendedRule(issue))) {
      for (const issue of issues) {
        const rule = intendedRule(issue)!;
        seen?.set(rule, (seen.get(rule) ?? 0) + 1);
      }
      continue;
    }
    if (a !== b) {
      const where = check.kind === 'schema' ? check.name : check.kind === 'response' ? `${check.operation} ${check.status}` : check.operation;
      out.push(`${check.kind} ${where}: ${JSON.stringify(check.value).slice(0, 120)} was ${a ? 'valid' : 'invalid'}, is ${b ? 'valid' : 'invalid'}`);
    }
  }
  return out;
}

const checks = collectChecks();
/** The baseline's verdict on each check, worked out once. */
const baselineValidator = createContractValidator(baselineDocument);
const baselineVerdicts = checks.map((check) => verdict(baselineValidator, check, true));

describe('the description means what the 0.1.x description after the fidelity rewrite meant', () => {
  it('has a large corpus with both verdicts, on every kind of check', () => {
    const kinds = new Set(checks.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['parameters', 'request', 'response', 'schema']);
    const valid = baselineVerdicts.filter(Boolean).length;
    expect(checks.length).toBeGreaterThan(5_000);
    expect(valid).toBeGreaterThan(500);
    expect(checks.length - valid).toBeGreaterThan(2_000);
  });

  it('gives every instance of the corpus the same verdict, but for the rules added on purpose', () => {
    const seen = new Map<(typeof INTENDED)[number], number>();
    expect(differences(bundle, seen)).toEqual([]);
    // Every intended rule changed the verdict of some instance (else it is stale and goes).
    for (const rule of INTENDED) expect(seen.get(rule) ?? 0, `${rule.errata} ${rule.field} ${rule.rule}`).toBeGreaterThan(0);
  });

  it('would notice a change of meaning (a push mode removed, an answer payload no longer checked)', () => {
    const changed = structuredClone(bundle) as OpenApiDocument & { components: { schemas: Record<string, Record<string, unknown>> } };
    (changed.components.schemas.PushMode as { enum: string[] }).enum = ['DEFAULT', 'ALL', 'AT'];
    expect(differences(changed).some((d) => d.includes('"NONE"'))).toBe(true);
    const loose = structuredClone(bundle) as OpenApiDocument & { components: { schemas: Record<string, Record<string, unknown>> } };
    const envelope = loose.components.schemas.PushSettingsEnvelope as { properties: Record<string, unknown> };
    envelope.properties.data = {};
    expect(differences(loose).some((d) => d.startsWith('response getPushSettings 200') && d.includes('is valid'))).toBe(true);
    // An added rule outside INTENDED is reported, even on a field INTENDED names for another keyword.
    const stricter = structuredClone(bundle) as OpenApiDocument & { components: { schemas: Record<string, Record<string, unknown>> } };
    const uri = (stricter.components.schemas.PushSettingsEnvelope as { properties: Record<string, Record<string, unknown>> }).properties.uri!;
    uri.maxLength = 20;
    expect(differences(stricter).some((d) => d.startsWith('response getPushSettings 200') && d.includes('is invalid'))).toBe(true);
  });
});
