/**
 * The parameter rules of the description (`minLength`, `maxLength`, `pattern`, `enum` of each path parameter's
 * schema, generated into `OPERATIONS[op].params`), checked before a call is sent: a call that breaks one is
 * refused with `invalid_argument`, naming the parameter and the rule, and never sent (it would spend the App
 * Key's budget on an answer known in advance, often a misleading one: an empty user ID answers 404).
 */
import { OPERATIONS, type ParameterRule } from './generated/operations.js';
import type { OperationId } from './route.js';

/** The patterns, compiled once per rule object (rules are shared by every parameter of one schema). */
const compiled = new WeakMap<ParameterRule, RegExp>();
const regexOf = (rule: ParameterRule): RegExp => {
  let regex = compiled.get(rule);
  // `u`: JSON Schema patterns are ECMA-262 regular expressions over code points, as Ajv compiles them.
  if (!regex) compiled.set(rule, (regex = new RegExp(rule.pattern as string, 'u')));
  return regex;
};

/** A value in a message: quoted, and cut when long. */
const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * Why `value` breaks `rule`, as `name: what it must be (the rule), got what`, the shape of the contract
 * validator's messages; `undefined` when it does not.
 */
export function breaks(name: string, rule: ParameterRule, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${name}: must be a string (type), got ${value === null ? 'null' : typeof value}`;
  const length = [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength) {
    return `${name}: must have at least ${rule.minLength} character${rule.minLength === 1 ? '' : 's'} (minLength ${rule.minLength}), got ${shown(value)}`;
  }
  if (rule.maxLength !== undefined && length > rule.maxLength) {
    return `${name}: must have at most ${rule.maxLength} characters (maxLength ${rule.maxLength}), got ${length}`;
  }
  if (rule.pattern !== undefined && !regexOf(rule).test(value)) {
    return `${name}: ${rule.meaning ?? `must match ${rule.pattern}`} (pattern ${rule.pattern}), got ${shown(value)}`;
  }
  if (rule.enum !== undefined && !rule.enum.includes(value)) {
    return `${name}: must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')} (enum), got ${shown(value)}`;
  }
  return undefined;
}

/**
 * The first parameter of `op` in `values` that breaks the description's rules, as a sentence naming it and the
 * rule; `undefined` when all follow them. @internal
 */
export function checkParams(op: OperationId, values: Readonly<Record<string, unknown>>): string | undefined {
  const params: Readonly<Record<string, ParameterRule>> = OPERATIONS[op]?.params ?? {};
  for (const name in params) {
    const problem = breaks(name, params[name] as ParameterRule, values[name]);
    if (problem) return `${problem} (not sent)`;
  }
  return undefined;
}
