// The sandbox contract against the node:http adapter (startSandbox), over loopback.
import { startSandbox } from '@agora-chat-push/mock';
import { sandboxContract } from './contract.js';

sandboxContract('node:http server', async (options) => {
  const sandbox = await startSandbox({ ...options, port: 0, host: '127.0.0.1' });
  return { baseUrl: sandbox.url, reset: sandbox.reset, close: sandbox.close };
});
