// PUSH_MODES and CONVERSATION_TYPES: the description's enums as runtime lists, generated from the bundle
// (packages/client/scripts/generate.ts, values.ts), never re-declared by hand.
import { describe, expect, it } from 'vitest';
import { valuesSource } from '../../packages/client/scripts/generate.js';
import { CONVERSATION_TYPES, PUSH_MODES, isConversationType, isPushMode } from '../../packages/client/src/index.js';
import { loadBundle } from '../support/description.js';

/** A fresh copy of the bundle (a test changes it). */
const bundle = () => loadBundle<{ components: { schemas: Record<string, { enum?: unknown[] }> } }>();

describe('runtime lists of the description enums', () => {
  it('PUSH_MODES and CONVERSATION_TYPES are the enums of PushMode and ConversationType, in order', () => {
    const { schemas } = bundle().components;
    expect(PUSH_MODES).toEqual(schemas.PushMode!.enum);
    expect(CONVERSATION_TYPES).toEqual(schemas.ConversationType!.enum);
  });

  it('isPushMode accepts exactly the push modes (a value read from a database)', () => {
    for (const mode of PUSH_MODES) expect(isPushMode(mode)).toBe(true);
    for (const value of ['none', 'All', '', null, undefined, 0, ['NONE']]) expect(isPushMode(value)).toBe(false);
    expect(isConversationType('chatgroup')).toBe(true);
    expect(isConversationType('group')).toBe(false);
  });

  it('the generator follows the description: a new enum value appears in the list', () => {
    const description = bundle();
    description.components.schemas.PushMode!.enum!.push('MENTIONS');
    expect(valuesSource(description as never)).toContain('export const PUSH_MODES = ["DEFAULT", "ALL", "AT", "NONE", "MENTIONS"]');
  });

  it('quotes the description of PushSettingsUpdate.ignoreInterval for the run-time check, markdown removed', () => {
    const description = bundle() as never as { components: { schemas: Record<string, any> } };
    const source = valuesSource(description as never);
    const rule = source.split('\n').find((l) => l.startsWith('export const IGNORE_INTERVAL_RULE'))!;
    expect(rule).toContain('Valid only at the app level');
    expect(rule).not.toContain('**');
    description.components.schemas.PushSettingsUpdate.properties.ignoreInterval.description = 'Only for **the app**.';
    expect(valuesSource(description as never)).toContain('export const IGNORE_INTERVAL_RULE = "Only for the app.";');
  });

  it('skips enums that are not all strings (the display style is 0 | 1)', () => {
    expect(valuesSource(bundle() as never)).not.toMatch(/NOTIFICATION_DISPLAY_STYLES/);
  });
});
