/**
 * What each operation does to the state, once its request is known to be valid: one entry per operationId
 * of the description. Only the behaviour the description states in prose is written here (what is stored,
 * `ignoreDuration` answered as an end time, creating an existing template replaces it).
 */
import type { AppState, PushSettingsState, State, TemplateState, UserState } from './state.js';

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
export type OperationResult =
  | { ok: JsonObject; action?: string }
  | { error: 'ErrorTemplateNotFound'; status: number; description: string };

/** User IDs are case-insensitive (ERRATA E15): the store's key of a user ID. */
export const userKey = (username: string): string => username.toLowerCase();

/** A conversation's settings slot: a one-to-one conversation's key is a user ID, so case-insensitive too. */
const slotOf = (type: string, key: string): string => `${type}/${type === 'user' ? userKey(key) : key}`;

/** A legacy DND hour as the service answers it: a number (sent as a number or a string of digits; `""` clears it). */
const legacyHour = (value: unknown): number | undefined => (value === '' || value === undefined ? undefined : Number(value));

export type Operation = (context: OperationContext) => OperationResult;

const userEntity = (username: string, user: UserState): JsonObject => ({
  uuid: user.uuid,
  type: 'user',
  created: user.created,
  modified: user.modified,
  username: user.name ?? username,
  activated: true,
  ...(user.noDisturbing !== undefined ? { notification_no_disturbing: user.noDisturbing } : {}),
  ...(user.noDisturbingStart !== undefined ? { notification_no_disturbing_start: user.noDisturbingStart } : {}),
  ...(user.noDisturbingEnd !== undefined ? { notification_no_disturbing_end: user.noDisturbingEnd } : {}),
  ...(user.displayStyle !== undefined ? { notification_display_style: user.displayStyle } : {}),
  ...(user.nickname !== undefined ? { nickname: user.nickname } : {}),
});

/** The user of the path, created when new; remembers the ID as first seen. */
const userOf = (state: State, app: AppState, username: string, now: number): UserState => {
  const user = state.user(app, userKey(username), now);
  user.name ??= username;
  return user;
};

const settingsData = (s: PushSettingsState | undefined): JsonObject => ({
  ...(s?.type !== undefined ? { type: s.type } : {}),
  ...(s?.ignoreInterval !== undefined ? { ignoreInterval: s.ignoreInterval } : {}),
  ...(s?.ignoreDuration !== undefined ? { ignoreDuration: s.ignoreDuration } : {}),
});

const templateData = (t: TemplateState): JsonObject => ({ ...t });

/** A user that is only read: no app or user is created for it. */
const readUser = ({ state, appKey, params }: OperationContext): UserState | undefined => {
  const app: AppState | undefined = state.peekApp(appKey);
  return app && state.peekUser(app, userKey(params.username!));
};

const templateNotFound = (name: string): OperationResult => ({
  error: 'ErrorTemplateNotFound',
  status: 400,
  description: `${name} template is not exist`,
});

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  updatePushDisplay({ state, appKey, params, body, now }) {
    const username = params.username!;
    const user = userOf(state, state.app(appKey), username, now);
    // Any of the fields, in one body (ERRATA E19); a field not sent keeps its value.
    if (body && 'nickname' in body) user.nickname = String(body.nickname);
    // The style may come as "0"/"1" (the page's example); the service answers the integer.
    if (body && 'notification_display_style' in body) user.displayStyle = Number(body.notification_display_style);
    // The legacy daily DND (deprecated): 1/0 or true/false; hours as numbers or digits, answered as numbers.
    if (body && 'notification_no_disturbing' in body) user.noDisturbing = Boolean(body.notification_no_disturbing);
    if (body && 'notification_no_disturbing_start' in body) user.noDisturbingStart = legacyHour(body.notification_no_disturbing_start);
    if (body && 'notification_no_disturbing_end' in body) user.noDisturbingEnd = legacyHour(body.notification_no_disturbing_end);
    user.modified = now;
    return { ok: { entities: [userEntity(username, user)] } };
  },

  setPushSettings({ state, appKey, params, body, now }) {
    const username = params.username!;
    const app = state.app(appKey);
    const user = userOf(state, app, username, now);
    const appLevel = params.type === 'user' && userKey(params.key!) === userKey(username);
    const slot = slotOf(params.type!, params.key!);
    const settings: PushSettingsState = { ...state.getSettings(user, slot) };
    if (body?.type !== undefined) settings.type = String(body.type);
    // ignoreInterval is valid only at the app level; on a conversation it has no effect. "" is stored as sent:
    // no daily time frame (ERRATA E21).
    if (body?.ignoreInterval !== undefined && appLevel) settings.ignoreInterval = String(body.ignoreInterval);
    if (body?.ignoreDuration !== undefined) {
      const duration = Number(body.ignoreDuration);
      // Answers carry the end time of DND (now + duration); 0 means no DND duration and stays 0.
      settings.ignoreDuration = duration === 0 ? 0 : now + duration;
    }
    state.setSettings(app, user, slot, settings);
    return { ok: { data: settingsData(settings) } };
  },

  getPushSettings(context) {
    const user = readUser(context);
    const { params } = context;
    return { ok: { data: settingsData(user && context.state.getSettings(user, slotOf(params.type!, params.key!))) } };
  },

  setPushLanguage({ state, appKey, params, body, now }) {
    const user = userOf(state, state.app(appKey), params.username!, now);
    user.language = String(body?.translationLanguage ?? '');
    return { ok: { data: { language: user.language } } };
  },

  getPushLanguage(context) {
    // Never set: the original language (an empty string). The service answers this GET with "action": "put",
    // in every published example (ERRATA E3); so does the sandbox.
    return { ok: { data: { language: readUser(context)?.language ?? '' } }, action: 'put' };
  },

  createPushTemplate({ state, appKey, body, now }) {
    const app = state.app(appKey);
    const name = String(body?.name);
    // There is no update operation: creating an existing name replaces its patterns (updateAt changes).
    const existing = state.getTemplate(app, name);
    const template: TemplateState = {
      name,
      createAt: existing?.createAt ?? now,
      updateAt: now,
      title_pattern: String(body?.title_pattern),
      content_pattern: String(body?.content_pattern),
    };
    state.setTemplate(app, template);
    return { ok: { data: templateData(template) } };
  },

  getPushTemplate({ state, appKey, params }) {
    const name = params.name!;
    const app = state.peekApp(appKey);
    const template = app && state.getTemplate(app, name);
    return template ? { ok: { data: templateData(template) } } : templateNotFound(name);
  },

  deletePushTemplate({ state, appKey, params }) {
    const name = params.name!;
    const app = state.peekApp(appKey);
    const template = app && state.getTemplate(app, name);
    if (!app || !template) return templateNotFound(name);
    state.deleteTemplate(app, name);
    return { ok: { data: templateData(template) } };
  },
};
