import { defineConfig } from 'vitest/config';

// One vitest run covers every package: test/openapi (the description), test/client, test/mock,
// test/workflows and test/docs. Servers (Prism, the sandbox, local fault-injection servers) are started
// by the tests that need them, on 127.0.0.1 with port 0, and stopped in afterAll.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // 2 cores on CI: two files at a time keeps Prism, Chromium and tsc from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
