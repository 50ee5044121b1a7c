/**
 * What each operation does to the state, once its request is known to be valid.
 *
 * By default the operation model decides: a write (`PUT`/`POST` with a body) stores every request field that
 * its answer's payload also names, in the record its path names, and answers the record's payload fields; a
 * read (`GET`) answers the payload fields of the record its path names, which the write of the same path
 * filled. A field added to both the request and the answer schema of the description is therefore stored and
 * answered with no code here.
 *
 * Only the behaviour the description states in prose is written by hand, as named {@link Behaviour}s:
 * `ignoreDuration` answered as an end time, `ignoreInterval` valid only at the app level, user IDs
 * case-insensitive, legacy DND hours answered as numbers, the language's request and answer names, templates
 * named by their body and replaced on create.
 */
import type { ApiModel, OperationModel } from '@agora-chat-push/openapi';
import type { AppState, State, TemplateState, UserState } from './state.js';

export type JsonObject = Record<string, unknown>;

/** What an operation needs. */
export interface OperationContext {
  state: State;
  appKey: string;
  params: Record<string, string>;
  body: JsonObject | undefined;
  /** The clock, read once per request (ms since the epoch). */
  now: number;
}

/**
 * An operation's outcome: the payload to put in the envelope (with the envelope's `action` when the service
 * does not answer the request's method), or a named error of the description.
 */
export type OperationResult = { ok: JsonObject; action?: string } | { error: 'ErrorTemplateNotFound'; status: number; description: string };

export type Operation = (context: OperationContext) => OperationResult;

/** User IDs are case-insensitive (ERRATA E15): the store's key of a user ID. */
export const userKey = (username: string): string => username.toLowerCase();

/** A stored field's value from the value sent; {@link SKIP} leaves the stored value as it is. */
type Convert = (value: unknown, context: OperationContext) => unknown;
const SKIP = Symbol('skip');

/** What the model derives for one operation: the fields it stores and the fields its answer's payload holds. */
interface Derived {
  operation: OperationModel;
  /** Request fields that the answer's payload also names. */
  stored: string[];
  /** The answer's payload fields (`data` or one of `entities`). */
  answered: string[];
  /** The envelope field of the payload: `data` or `entities`. */
  payload: { property: string; list: boolean } | undefined;
}

/** The record an operation reads (`create: false`: never creates state) or writes. */
type RecordOf = (context: OperationContext, create: boolean) => JsonObject | undefined;

/** The prose behaviour of one operation, written by hand; what is not given comes from the model. */
interface Behaviour {
  /** The record the path names. Default: a settings slot of the path's user, keyed by the other path values. */
  record?: RecordOf;
  /** How a sent field is stored (a field with no entry is stored as sent). */
  convert?: Record<string, Convert>;
  /** The answer's payload from the record. Default: the record's payload fields, in `data`. */
  answer?: (record: JsonObject | undefined, context: OperationContext, derived: Derived) => OperationResult;
  /** The whole operation by hand (a write and its answer the model cannot derive). */
  perform?: (context: OperationContext, derived: Derived) => OperationResult;
}

/** The user of the path, created when new; remembers the ID as first seen. */
const userOf = (state: State, app: AppState, username: string, now: number): UserState => {
  const user = state.user(app, userKey(username), now);
  user.name ??= username;
  return user;
};

/** A user that is only read: no app or user is created for it. */
const readUser = ({ state, appKey, params }: OperationContext): UserState | undefined => {
  const app: AppState | undefined = state.peekApp(appKey);
  return app && state.peekUser(app, userKey(params.username!));
};

/**
 * A settings slot of the path's user, keyed by the path's other values (`user/bob`, `chatgroup/g1`): the app
 * level is `user/<username>`. A one-to-one conversation's key is a user ID, so case-insensitive too.
 */
const USER_PATH = new Set(['org_name', 'app_name', 'username']);
const slotRecord: RecordOf = (context, create) => {
  const { state, appKey, params, now } = context;
  const rest = Object.entries(params).filter(([name]) => !USER_PATH.has(name));
  const slot = rest.map(([name, value]) => (name === 'key' && params.type === 'user' ? userKey(value) : value)).join('/');
  if (!create) {
    const user = readUser(context);
    return user && state.getSettings(user, slot);
  }
  const app = state.app(appKey);
  const user = userOf(state, app, params.username!, now);
  return state.setSettings(app, user, slot, { ...state.getSettings(user, slot) });
};

/** The path user's own record (the push display name and style of `PUT /users/{username}`). */
const profileRecord: RecordOf = (context, create) => {
  const { state, appKey, params, now } = context;
  if (!create) return readUser(context)?.profile;
  const user = userOf(state, state.app(appKey), params.username!, now);
  user.modified = now;
  return user.profile;
};

const pick = (record: object | undefined, fields: string[]): JsonObject => {
  const out: JsonObject = {};
  const from = (record ?? {}) as JsonObject;
  for (const field of fields) if (from[field] !== undefined) out[field] = from[field];
  return out;
};

/** A legacy DND hour as the service answers it: a number (sent as a number or a string of digits; `""` clears it). */
const legacyHour: Convert = (value) => (value === '' || value === undefined ? undefined : Number(value));

const isAppLevel = ({ params }: OperationContext): boolean => params.type === 'user' && userKey(params.key!) === userKey(params.username!);

const templateNotFound = (name: string): OperationResult => ({
  error: 'ErrorTemplateNotFound',
  status: 400,
  description: `${name} template is not exist`,
});

/** A template of the app, or its `not found` answer. */
const existingTemplate = ({ state, appKey, params }: OperationContext): { app: AppState; template: TemplateState } | OperationResult => {
  const app = state.peekApp(appKey);
  const template = app && state.getTemplate(app, params.name!);
  return app && template ? { app, template } : templateNotFound(params.name!);
};

/** The prose of the description, by operationId. */
const BEHAVIOURS: Readonly<Record<string, Behaviour>> = {
  updatePushDisplay: {
    record: profileRecord,
    convert: {
      // The style may come as "0"/"1" (the page's example); the service answers the integer.
      notification_display_style: (value) => Number(value),
      // The legacy daily DND (deprecated): 1/0 or true/false; hours as numbers or digits, answered as numbers.
      notification_no_disturbing: (value) => Boolean(value),
      notification_no_disturbing_start: legacyHour,
      notification_no_disturbing_end: legacyHour,
    },
    // One entity: the user (its id, times and name as the service keeps them) with the stored fields.
    answer(record, context, derived) {
      const user = readUser(context)!;
      const entity: JsonObject = {
        uuid: user.uuid,
        type: 'user',
        created: user.created,
        modified: user.modified,
        username: user.name ?? context.params.username,
        activated: true,
        ...pick(record, derived.stored),
      };
      return { ok: { entities: [pick(entity, derived.answered)] } };
    },
  },

  setPushSettings: {
    convert: {
      // Valid only at the app level; on a conversation it has no effect. "" is stored as sent: no daily time
      // frame (ERRATA E21).
      ignoreInterval: (value, context) => (isAppLevel(context) ? String(value) : SKIP),
      // Answers carry the end time of DND (now + duration); 0 means no DND duration and stays 0.
      ignoreDuration: (value, { now }) => (Number(value) === 0 ? 0 : now + Number(value)),
    },
  },

  setPushLanguage: {
    // The request's `translationLanguage` is answered as `language`.
    perform({ state, appKey, params, body, now }) {
      const user = userOf(state, state.app(appKey), params.username!, now);
      user.language = String(body?.translationLanguage ?? '');
      return { ok: { data: { language: user.language } } };
    },
  },

  getPushLanguage: {
    // Never set: the original language (an empty string). The service answers this GET with "action": "put",
    // in every published example (ERRATA E3); so does the sandbox.
    perform: (context) => ({ ok: { data: { language: readUser(context)?.language ?? '' } }, action: 'put' }),
  },

  createPushTemplate: {
    // The template is named by its body; there is no update operation: creating an existing name replaces its
    // patterns (updateAt changes).
    perform(context, derived) {
      const { state, appKey, body, now } = context;
      const app = state.app(appKey);
      const name = String(body?.name);
      const existing = state.getTemplate(app, name);
      const template = { ...pick(body, derived.stored), name, createAt: existing?.createAt ?? now, updateAt: now } as TemplateState;
      state.setTemplate(app, template);
      return { ok: { data: pick(template, derived.answered) } };
    },
  },

  getPushTemplate: {
    perform(context, derived) {
      const found = existingTemplate(context);
      return 'template' in found ? { ok: { data: pick(found.template, derived.answered) } } : found;
    },
  },

  deletePushTemplate: {
    perform(context, derived) {
      const found = existingTemplate(context);
      if (!('template' in found)) return found;
      context.state.deleteTemplate(found.app, context.params.name!);
      return { ok: { data: pick(found.template, derived.answered) } };
    },
  },
};

/** What the model says of one operation. */
function derive(operation: OperationModel): Derived {
  const payload = operation.success?.payload;
  const answered = payload?.fields ?? [];
  const stored = (operation.requestBody?.fields ?? []).filter((field) => answered.includes(field));
  return { operation, stored, answered, payload: payload && { property: payload.property, list: payload.list } };
}

/** A write: stores each sent field that the answer names (converted where the prose says how). */
function write(record: JsonObject, context: OperationContext, derived: Derived, convert: Record<string, Convert>): void {
  const body = context.body ?? {};
  for (const field of derived.stored) {
    if (!(field in body)) continue; // a field not sent keeps its value
    const value = convert[field] ? convert[field](body[field], context) : body[field];
    if (value !== SKIP) record[field] = value;
  }
}

/** The default answer: the record's payload fields, in the payload's envelope field. */
const defaultAnswer = (record: JsonObject | undefined, _context: OperationContext, derived: Derived): OperationResult => {
  const payload = pick(record, derived.answered);
  const property = derived.payload?.property ?? 'data';
  return { ok: { [property]: derived.payload?.list ? [payload] : payload } };
};

/** One operation from the model and its prose. */
function operationOf(derived: Derived, behaviour: Behaviour): Operation {
  const { perform, record = slotRecord, convert = {}, answer = defaultAnswer } = behaviour;
  if (perform) return (context) => perform(context, derived);
  const writes = derived.operation.method !== 'get' && derived.operation.hasRequestBody;
  return (context) => {
    const stored = record(context, writes);
    if (writes && stored) write(stored, context, derived, convert);
    return answer(stored, context, derived);
  };
}

/** Every operation of the model, by operationId. */
export function createOperations(model: ApiModel): ReadonlyMap<string, Operation> {
  return new Map(model.operations.map((operation) => [operation.operationId, operationOf(derive(operation), BEHAVIOURS[operation.operationId] ?? {})]));
}
