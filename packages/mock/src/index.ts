/**
 * `@agora-chat-push/mock`: a Prism mock and a stateful sandbox of the (unofficial) Agora Chat
 * push-notification settings REST API, both driven by the bundled description of `@agora-chat-push/openapi`.
 * Unofficial; not affiliated with Agora.
 * @packageDocumentation
 */
export { startMock, type MockOptions, type RunningServer } from './prism.js';
export { startProxy, type ProxyOptions, type ProxySummary, type RunningProxy } from './proxy.js';
export {
  startSandbox,
  createSandbox,
  MAX_BODY_BYTES,
  type Sandbox,
  type SandboxOptions,
  type RunningSandbox,
} from './sandbox.js';
