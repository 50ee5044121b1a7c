import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ChatPushError, type ErrorResponse } from './errors.js';
import { type CallOptions, type ChatPushFetchOptions, type OperationId, createSender, invalidArgument } from './fetch.js';
import { checkParams } from './params.js';
import { retryableStatus } from './retry.js';
import { OPERATIONS } from './generated/operations.js';
import { IGNORE_INTERVAL_RULE } from './generated/values.js';
import { checkClientOptions } from './options.js';
import type { components, operations, paths } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A user as stored after the change (the description's `UserEntity`). Fields that were never set are absent. */
export type UserEntity = Schemas['UserEntity'];
/**
 * The push mode and do-not-disturb settings of a user, at the app level or for one conversation (the
 * description's `PushSettings`). In answers, `ignoreDuration` is the **Unix time (ms) when DND ends** (`0`: no
 * DND duration), not the duration that was sent. A field that was never set can be absent.
 */
export type PushSettings = Schemas['PushSettings'];
/**
 * The app-level push mode and do-not-disturb settings to change (the description's `PushSettingsUpdate`):
 * `type` (the push mode), `ignoreInterval` (the daily DND time frame `HH:MM-HH:MM`, valid only at the app
 * level; `""` for none) and `ignoreDuration` (DND for that many ms from now, `0` to `604800000`; `0` = not set).
 * Every field is optional; a field that is not sent keeps its value.
 */
export type PushSettingsUpdate = Schemas['PushSettingsUpdate'];
/**
 * The push mode and do-not-disturb settings of one conversation: {@link PushSettingsUpdate} without
 * `ignoreInterval`, which the service accepts only at the app level.
 */
export type ConversationPushSettingsUpdate = Omit<PushSettingsUpdate, 'ignoreInterval'> & {
  /**
   * Not on a conversation: the daily do-not-disturb time frame is valid only at the app level. Use
   * `setSilentModeForAll(username, { ignoreInterval })`. (The type is a sentence so that the compiler's error
   * says why; the client also rejects it at run time, before sending.)
   */
  ignoreInterval?: IgnoreIntervalIsAppLevelOnly;
};
/** What the compiler shows for `ignoreInterval` on a conversation: the rule, and the method to use instead. */
export type IgnoreIntervalIsAppLevelOnly = 'ignoreInterval is valid only at the app level: use setSilentModeForAll';
/** The push notification mode (the description's `PushMode`): `DEFAULT`, `ALL`, `AT` or `NONE`. */
export type PushMode = Schemas['PushMode'];
/**
 * A conversation: `type` `user` for a one-to-one chat (`key` = the peer's user ID) or `chatgroup` for a group
 * chat (`key` = the chat group ID); the description's `ConversationType` and `ConversationKey`.
 */
export interface Conversation {
  /** `user` (a one-to-one chat) or `chatgroup` (a group chat). */
  type: Schemas['ConversationType'];
  /** The peer's user ID (`type` `user`) or the chat group ID (`type` `chatgroup`). */
  key: Schemas['ConversationKey'];
}
/**
 * How push notifications are displayed (the integer form of the description's `NotificationDisplayStyle`):
 * `0` shows only "You have a new message" / "Click to check"; `1` also shows the sender's nickname and the message.
 */
export type NotificationDisplayStyle = Extract<Schemas['NotificationDisplayStyle'], number>;
/**
 * A change of the user's push display (the description's `UserPushProfileUpdate`): `nickname`,
 * `notification_display_style`, or both; every field optional. Its `notification_no_disturbing*` fields are the
 * service's legacy daily do-not-disturb, deprecated in favour of {@link ChatPushClient.setSilentModeForAll}.
 */
export type PushDisplayUpdate = Schemas['UserPushProfileUpdate'];
/** The preferred language of push notifications of a user (the description's `PushLanguage`). */
export type PushLanguage = Schemas['PushLanguage'];
/** A push template to create (the description's `PushTemplateCreate`): `name`, `title_pattern` and `content_pattern`, all required. */
export type PushTemplateCreate = Schemas['PushTemplateCreate'];
/** A push template as the service stores it (the description's `PushTemplate`). */
export type PushTemplate = Schemas['PushTemplate'];
/** The whole successful answer (envelope) of an operation, e.g. `Envelope<'getPushTemplate'>`. */
export type Envelope<Op extends OperationId> = operations[Op]['responses'][200]['content']['application/json'];

/** What {@link ChatPushPromise.withResponse} resolves to. */
export interface ChatPushResult<T, Op extends OperationId> {
  /** The useful payload, the same value the method itself resolves to. */
  data: T;
  /** The whole answer: the common fields (`action`, `organization`, `timestamp`, `duration`, ...) and the payload. */
  envelope: Envelope<Op>;
  /** The HTTP response (its body already read). */
  response: Response;
}

/**
 * What every method returns: a promise of the useful payload, which also offers
 * {@link ChatPushPromise.withResponse} for the whole envelope and the `Response`.
 */
export interface ChatPushPromise<T, Op extends OperationId> extends Promise<T> {
  /** The same call, resolving to `{ data, envelope, response }`. Rejects with the same {@link ChatPushError}. */
  withResponse(): Promise<ChatPushResult<T, Op>>;
}

/** The options of {@link createChatPushClient}. */
export interface ChatPushClientOptions extends ChatPushFetchOptions {
  /**
   * `https://` and the REST API domain of your project (Agora Console, Chat project, *REST API* field, e.g.
   * `https://a41.chat.agora.io`).
   */
  baseUrl: string;
  /** The organization name: the part of the App Key (`org_name#app_name`) before `#`. */
  orgName: string;
  /** The app name: the part of the App Key after `#`. */
  appName: string;
  /** openapi-fetch middleware to register on {@link ChatPushClient.raw} (more can be added with `raw.use()`). */
  middleware?: Middleware[];
}

/**
 * The client of the Agora Chat push-notification settings REST API. Every method resolves to the useful
 * payload (see {@link ChatPushPromise.withResponse} for the envelope and the `Response`) and rejects with a
 * {@link ChatPushError}. Method names follow the push manager of Agora Chat's client SDK.
 */
export interface ChatPushClient {
  /**
   * Sets the name shown as the sender in the user's push notifications (`nickname`, at most 100 characters).
   * It is separate from the nickname in the user's profile; Agora recommends keeping the two the same.
   * Shares one rate-limit budget (100 calls per second per App Key) with {@link ChatPushClient.updatePushDisplayStyle}.
   * Operation `updatePushDisplay`. Resolves to the user after the change.
   */
  updatePushNickname(username: string, nickname: Schemas['Nickname'], options?: CallOptions): ChatPushPromise<UserEntity, 'updatePushDisplay'>;
  /**
   * Sets how the user's push notifications are displayed: `0` shows only "You have a new message" / "Click to
   * check"; `1` also shows the sender's nickname and the message. Shares one rate-limit budget with
   * {@link ChatPushClient.updatePushNickname}. Operation `updatePushDisplay`. Resolves to the user after the change.
   */
  updatePushDisplayStyle(username: string, style: NotificationDisplayStyle, options?: CallOptions): ChatPushPromise<UserEntity, 'updatePushDisplay'>;
  /**
   * Sets the push display name and the display style in one request (any of the fields of
   * {@link PushDisplayUpdate}; a field not sent keeps its value). Shares one rate-limit budget with
   * {@link ChatPushClient.updatePushNickname} and {@link ChatPushClient.updatePushDisplayStyle}.
   * Operation `updatePushDisplay`. Resolves to the user after the change.
   */
  updatePushDisplay(username: string, update: PushDisplayUpdate, options?: CallOptions): ChatPushPromise<UserEntity, 'updatePushDisplay'>;
  /**
   * Sets the user's push mode and do-not-disturb for the whole app (`type` `user`, `key` = the username): the
   * only level where `ignoreInterval` (the daily DND time frame) is valid. Operation `setPushSettings`.
   * Resolves to the settings now in force; their `ignoreDuration` is the Unix time (ms) when DND ends.
   */
  setSilentModeForAll(username: string, settings: PushSettingsUpdate, options?: CallOptions): ChatPushPromise<PushSettings, 'setPushSettings'>;
  /**
   * Sets the user's push mode and do-not-disturb for one conversation (a one-to-one chat with a peer, or a
   * group). `ignoreInterval` is not allowed here (it is valid only at the app level). Operation
   * `setPushSettings`. Resolves to the settings now in force; their `ignoreDuration` is the Unix time (ms)
   * when DND ends.
   */
  setSilentModeForConversation(username: string, conversation: Conversation, settings: ConversationPushSettingsUpdate, options?: CallOptions): ChatPushPromise<PushSettings, 'setPushSettings'>;
  /**
   * Gets the user's app-level push mode and do-not-disturb settings. Operation `getPushSettings`.
   * `ignoreDuration` is the Unix time (ms) when DND ends (`0`: none); a setting never made can be absent.
   */
  getSilentModeForAll(username: string, options?: CallOptions): ChatPushPromise<PushSettings, 'getPushSettings'>;
  /**
   * Gets the user's push mode and do-not-disturb settings for one conversation. Operation `getPushSettings`.
   * `ignoreDuration` is the Unix time (ms) when DND ends (`0`: none); a setting never made can be absent.
   */
  getSilentModeForConversation(username: string, conversation: Conversation, options?: CallOptions): ChatPushPromise<PushSettings, 'getPushSettings'>;
  /**
   * Sets the language the user prefers to read push notifications in: a language code of Agora's translation
   * service, or `''` to push notifications in their original language. Operation `setPushLanguage`.
   * Resolves to `{ language }`.
   */
  setPreferredNotificationLanguage(username: string, language: string, options?: CallOptions): ChatPushPromise<PushLanguage, 'setPushLanguage'>;
  /**
   * Gets the language the user prefers to read push notifications in (`''`: the original language).
   * Operation `getPushLanguage`. Resolves to `{ language }`.
   */
  getPreferredNotificationLanguage(username: string, options?: CallOptions): ChatPushPromise<PushLanguage, 'getPushLanguage'>;
  /**
   * Creates a push template: `name` (1 to 64 letters and digits), `title_pattern` and `content_pattern`, which
   * may contain variables `{0}`, `{1}`, ... and the placeholders `{$dynamicFrom}`, `{$fromNickname}`, `{$msg}`.
   * Operation `createPushTemplate` (a POST: not retried unless `retry.nonIdempotent`). Resolves to the template.
   */
  createPushTemplate(template: PushTemplateCreate, options?: CallOptions): ChatPushPromise<PushTemplate, 'createPushTemplate'>;
  /**
   * Gets the push template with this name. A template that does not exist rejects with `isNotFound`
   * (the service answers 400 `entity_not_found`, not 404). Operation `getPushTemplate`.
   */
  getPushTemplate(name: string, options?: CallOptions): ChatPushPromise<PushTemplate, 'getPushTemplate'>;
  /**
   * Deletes the push template with this name; resolves to the deleted template. A template that does not
   * exist rejects with `isNotFound` (400 `entity_not_found`). Operation `deletePushTemplate`.
   */
  deletePushTemplate(name: string, options?: CallOptions): ChatPushPromise<PushTemplate, 'deletePushTemplate'>;
  /**
   * Any operation by its operationId, with its path parameters (all but the App Key's two) and its request body,
   * for generic tools such as the `agora-chat-push` command; application code has the typed methods above. The
   * same checks, limits, retries and typed errors as they; resolves to the payload, `.withResponse()` gives the
   * envelope too.
   */
  call<Op extends OperationId>(operationId: Op, path: Record<string, string>, body?: unknown, options?: CallOptions): ChatPushPromise<unknown, Op>;
  /**
   * The openapi-fetch client under the methods, typed with the description's `paths`. Its middleware
   * (`raw.use()`) runs for every method call, once per call (retries happen below it); calls made with it
   * directly get the same token, rate limiter, timeout and retries.
   */
  readonly raw: Client<paths>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Creates a client of the Agora Chat push-notification settings REST API for one App Key.
 *
 * @example
 * ```ts
 * const push = createChatPushClient({ baseUrl: 'https://a41.chat.agora.io', orgName, appName, token });
 * await push.setSilentModeForAll('user1', { type: 'NONE', ignoreInterval: '21:30-08:00' });
 * ```
 */
export function createChatPushClient(options: ChatPushClientOptions): ChatPushClient {
  checkClientOptions(options);
  const { baseUrl, orgName: org_name, appName: app_name, middleware = [] } = options;
  const sender = createSender(options);
  const appKey = `${org_name}#${app_name}`;
  const raw = createClient<paths>({ baseUrl, fetch: sender.fetch });
  raw.use(...middleware);

  /** Sends one operation through openapi-fetch (and its middleware) and picks the payload from the envelope. */
  function run<Op extends OperationId>(op: Op, callOptions: CallOptions | undefined, path: Record<string, string>, body?: unknown): ChatPushPromise<never, Op> {
    const { method, path: rest } = OPERATIONS[op];
    const url = `/{org_name}/{app_name}${rest}`;
    // A parameter breaking the description's rules (an empty or too long user ID, a template name with a space,
    // a conversation type not in the enum) is refused here: never sent, no budget spent.
    const problem = checkParams(op, path);
    if (problem) return refuse(op, problem);
    const result = (async () => {
      const call = sender.start(op, appKey, callOptions);
      try {
        // One path for every operation: the public signatures above are the typed surface.
        const {
          data: envelope,
          error,
          response,
        } = (await raw.request(
          method as never,
          url as never,
          {
            params: { path: { org_name, app_name, ...path } },
            body,
            fetch: (request: Request) => sender.send(request, call),
          } as never,
        )) as { data?: unknown; error?: unknown; response: Response };
        const data = isObject(envelope) ? (op === 'updatePushDisplay' ? (envelope.entities as unknown[] | undefined)?.[0] : envelope.data) : undefined;
        if (response.ok && isObject(data)) return { data: data as never, envelope: envelope as Envelope<Op>, response };
        const service = isObject(error) && typeof error.error === 'string' ? (error as ErrorResponse) : undefined;
        const { status } = response;
        throw new ChatPushError({
          status,
          error: service?.error ?? (response.ok ? 'invalid_response' : 'http_error'),
          exception: service?.exception === undefined ? undefined : sender.redact(String(service.exception)),
          error_description: sender.redact(service ? String(service.error_description) : response.ok ? 'not the documented JSON envelope' : `HTTP ${status}`),
          operationId: op,
          retryable: retryableStatus(status, call),
          retryAfter: sender.retryAfter(response),
          hint: status === 401 ? sender.hint401 : undefined,
          response,
        });
      } catch (cause) {
        // fetch's own failures (network, timeout, abort) arrive from the sender as ChatPushErrors already: a
        // TypeError here is a bug in middleware or a serializer, not the network.
        throw cause instanceof ChatPushError || call.signal?.aborted
          ? sender.fail(call, cause)
          : new ChatPushError({
              status: 0,
              error: cause instanceof SyntaxError ? 'invalid_response' : 'client_error',
              error_description: sender.redact(String(cause)),
              operationId: op,
              retryable: false,
              cause,
            });
      } finally {
        call.done();
      }
    })();
    return promiseOf(result);
  }

  /** What every method returns: the payload, and the whole result on demand. */
  function promiseOf<Op extends OperationId>(result: Promise<ChatPushResult<never, Op>>): ChatPushPromise<never, Op> {
    const payload = result.then((r) => r.data) as ChatPushPromise<never, Op>;
    payload.withResponse = () => {
      // The caller reads the result here: the payload promise's rejection is theirs to ignore.
      payload.catch(() => undefined);
      return result;
    };
    return payload;
  }

  /** A call the client refuses before sending it: rejects with `invalid_argument`. */
  function refuse<Op extends OperationId>(op: Op, description: string): ChatPushPromise<never, Op> {
    return promiseOf<Op>(Promise.reject(invalidArgument(op, description)));
  }

  return {
    raw,
    updatePushNickname: (username, nickname, o) => run('updatePushDisplay', o, { username }, { nickname }),
    updatePushDisplayStyle: (username, style, o) => run('updatePushDisplay', o, { username }, { notification_display_style: style }),
    updatePushDisplay: (username, update, o) => run('updatePushDisplay', o, { username }, update),
    setSilentModeForAll: (username, settings, o) => run('setPushSettings', o, { username, type: 'user', key: username }, settings),
    setSilentModeForConversation: (username, { type, key }, settings, o) =>
      // From JavaScript (no types) ignoreInterval would be sent and do nothing: refuse it, before sending.
      settings?.ignoreInterval !== undefined && !(type === 'user' && key === username)
        ? refuse('setPushSettings', `ignoreInterval is not allowed in setSilentModeForConversation (not sent): ${IGNORE_INTERVAL_RULE} Use setSilentModeForAll(username, { ignoreInterval }).`)
        : run('setPushSettings', o, { username, type, key }, settings),
    getSilentModeForAll: (username, o) => run('getPushSettings', o, { username, type: 'user', key: username }),
    getSilentModeForConversation: (username, { type, key }, o) => run('getPushSettings', o, { username, type, key }),
    setPreferredNotificationLanguage: (username, translationLanguage, o) => run('setPushLanguage', o, { username }, { translationLanguage }),
    getPreferredNotificationLanguage: (username, o) => run('getPushLanguage', o, { username }),
    createPushTemplate: (template, o) => run('createPushTemplate', o, {}, template),
    getPushTemplate: (name, o) => run('getPushTemplate', o, { name }),
    deletePushTemplate: (name, o) => run('deletePushTemplate', o, { name }),
    call: (op, path, body, o) => run(op, o, path, body),
  };
}
