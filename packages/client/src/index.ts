/**
 * `@agora-chat-push/client`: a typed client of the Agora Chat push-notification settings REST API (display
 * name and style, push mode, do-not-disturb, push language, push templates), generated from the unofficial
 * OpenAPI 3.1 description `@agora-chat-push/openapi`. Unofficial; not affiliated with Agora.
 *
 * - {@link createChatPushClient}: one method per action, typed errors, retries, rate limiting and auth.
 * - {@link runBulk}: runs a call per item of a long list (users from a database), bounded, with progress.
 * - `rateLimit: { store }` with `createRedisRateLimitStore` (`/redis`, Node): one rate limit for many processes.
 * - {@link PUSH_MODES}, {@link isPushMode}: the push modes at run time, from the description.
 * - `createClient<paths>` (openapi-fetch) with {@link createChatPushFetch}: the raw, path-level client.
 * @packageDocumentation
 */
export {
  createChatPushClient,
  type ChatPushClient,
  type ChatPushClientOptions,
  type ChatPushPromise,
  type ChatPushResult,
  type Conversation,
  type ConversationPushSettingsUpdate,
  type IgnoreIntervalIsAppLevelOnly,
  type Envelope,
  type NotificationDisplayStyle,
  type PushDisplayUpdate,
  type PushLanguage,
  type PushMode,
  type PushSettings,
  type PushSettingsUpdate,
  type PushTemplate,
  type PushTemplateCreate,
  type UserEntity,
} from './client.js';
export {
  runBulk,
  type BulkFailure,
  type BulkOptions,
  type BulkProgress,
  type BulkResult,
  type BulkTaskContext,
} from './bulk.js';
export { CONVERSATION_TYPES, PUSH_MODES, isConversationType, isPushMode } from './generated/values.js';
export { ChatPushError, type ChatPushErrorInit, type ClientErrorCode, type ErrorResponse } from './errors.js';
export {
  createChatPushFetch,
  type AttemptInfo,
  type CallOptions,
  type ChatPushFetchOptions,
  type OperationId,
  type RateLimitBudget,
  type RateLimitOptions,
  type RateLimitSlot,
  type RateLimitStore,
  type RetryOptions,
  type TokenContext,
  type TokenProvider,
  type TokenValue,
} from './fetch.js';
/**
 * The types openapi-typescript generates from the description: `paths` (for `createClient<paths>`),
 * `components` (`components['schemas']['PushSettings']`, ...; with the 0.1.x names of renamed components, deprecated)
 * and `operations` (by operationId). The 0.1.x answer-schema names are also exported alone, deprecated until 0.3.0.
 */
export type { operations, paths } from './generated/openapi.js';
export type {
  components,
  CreatePushTemplateResponse,
  DeletePushTemplateResponse,
  GetPushLanguageResponse,
  GetPushSettingsResponse,
  GetPushTemplateResponse,
  ResponseEnvelope,
  SetPushLanguageResponse,
  SetPushSettingsResponse,
  UpdateUserPushProfileResponse,
} from './deprecated.js';
/**
 * openapi-fetch's `createClient`, re-exported: `createClient<paths>({ baseUrl, fetch: createChatPushFetch({ token }) })`
 * gives the raw, path-level client typed from the description.
 */
export { default as createClient, type Client, type Middleware } from 'openapi-fetch';
