// Every rule of the description rejects a value that breaks it, with an issue naming the field and
// the rule, and accepts its boundary values.
import { describe, expect, it } from 'vitest';
import { validator } from '../support/description.js';
import { rules } from './constraint-cases.js';

describe.each(rules)('$schema', ({ schema, accepts, rejects }) => {
  it.each(accepts.map((v) => [JSON.stringify(v).slice(0, 60), v]))('accepts %s', (_label, value) => {
    expect(validator.validateSchema(schema, value)).toEqual([]);
  });
  it.each(rejects.map(([v, field, rule]) => [JSON.stringify(v)?.slice(0, 60) ?? String(v), field, rule, v] as const))('rejects %s: %s breaks %s', (_label, field, rule, value) => {
    const issues = validator.validateSchema(schema, value);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => [i.field, i.rule])).toContainEqual([field, rule]);
    const issue = issues.find((i) => i.field === field && i.rule === rule);
    expect(issue?.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: .*\\(${rule}\\)$`));
  });
});

describe('the rule table covers every constraint keyword the description uses', () => {
  it('each keyword that constrains a value has at least one rejecting case', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        if (['maxLength', 'minLength', 'pattern', 'enum', 'const', 'minimum', 'maximum', 'required', 'minProperties', 'minItems', 'additionalProperties', 'oneOf', 'type'].includes(key)) used.add(key);
        if (key !== 'examples') walk(child);
      }
    };
    walk(validator.document.components.schemas);
    const tested = new Set(rules.flatMap((r) => r.rejects.map(([, , rule]) => rule)));
    expect([...used].filter((k) => !tested.has(k))).toEqual([]);
  });
});

describe('path parameters', () => {
  it('names the parameter and the rule for each bad path value', () => {
    const issues = validator.validateParameters('setPushSettings', { org_name: 'hx', app_name: 'hxdemo', username: 'Bad User', type: 'room', key: '' });
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['username', 'pattern'],
      ['type', 'enum'],
      ['key', 'minLength'],
      ['key', 'pattern'],
    ]);
    expect(issues[1]?.message).toBe('type: must be one of "user", "chatgroup" (enum)');
  });
  it('accepts the app-level form (type user, key = the username)', () => {
    expect(validator.validateParameters('setPushSettings', { org_name: 'hx', app_name: 'hxdemo', username: 'u1', type: 'user', key: 'u1' })).toEqual([]);
  });
  it('checks the template name in its path', () => {
    expect(validator.validateParameters('getPushTemplate', { org_name: 'hx', app_name: 'hxdemo', name: 'a-b' }).map((i) => i.message)).toEqual([
      'name: must be the name of a push template: 1 to 64 letters and digits (`A`-`Z`, `a`-`z`, `0`-`9`) (pattern)',
    ]);
  });
});
