/**
 * `@agora-chat-push/mock`: a Prism mock and a stateful sandbox of the (unofficial) Agora Chat
 * push-notification settings REST API, both driven by the bundled description of `@agora-chat-push/openapi`.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
export { startMock, type MockOptions, type RunningServer } from './prism.js';
export { startSandbox, createSandbox, type Sandbox, type SandboxOptions, type RunningSandbox } from './sandbox/server.js';
export { MAX_BODY_BYTES, MAX_DISCARD_BYTES } from './sandbox/body.js';
export {
  createSandboxCore,
  type AuthorizeContext,
  type AuthorizeResult,
  type CoreRequest,
  type CoreResponse,
  type SandboxCore,
  type SandboxCoreOptions,
} from './sandbox/core.js';
export { DEFAULT_LIMITS, type StateLimits, type StateStats } from './sandbox/state.js';
