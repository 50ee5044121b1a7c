// agora-token is a dependency of the Node-only subpath `@agora-chat-push/client/app-token` alone: the main
// entry's browser bundle (what size-limit measures) never contains it.
import { describe, expect, it } from 'vitest';
import { bundleInputs } from '../client/support.js';

describe('agora-token', () => {
  it('is not in the browser bundle of the main entry', async () => {
    const inputs = await bundleInputs('index.ts', 'browser');
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true); // the bundle is real
    expect(inputs.filter((i) => /agora-token|app-token/.test(i))).toEqual([]);
  });

  it('is in the bundle of the app-token subpath (the check above can fail)', async () => {
    const inputs = await bundleInputs('app-token.ts', 'node');
    expect(inputs.some((i) => i.includes('agora-token/src/AccessToken2.js'))).toBe(true);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(false);
  });
});
