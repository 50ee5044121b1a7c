import { defineConfig } from 'vitest/config';

// Two projects over one tree of tests (test/openapi, test/client, test/mock, test/workflows, test/docs):
// - fast: units, contract checks and in-process servers (`*.test.ts`), the inner loop: `pnpm test:unit`, at most
//   20 s of vitest's Duration on 2 quiet cores. No real sleeps or real-time pacing (fake timers, injected clocks);
//   a test that cannot be fast moves to e2e with the reason in a comment (e.g. test/mock/sandbox-memory.e2e.test.ts);
// - e2e: what spawns or packs (`*.e2e.test.ts`): the browser, packed tarballs, one tsx per code sample,
//   tsc runs, redocly lint and Respect workflows, the bin, Biome, the gate's git repositories, soak tests.
// `pnpm test` builds and runs both. Servers (Prism, the sandbox, local fault-injection servers) are started
// by the tests that need them, on 127.0.0.1 with port 0, and stopped in afterAll.
const E2E = 'test/**/*.e2e.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // 2 cores on CI: two files at a time keeps Prism, Chromium and tsc from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      // isolate: false runs a worker's files in one module graph: the fast project spent 17 s of its 28 s
      // importing the same packages once per file (measured with `vitest run --project fast`, 2 cores). These
      // files stub no modules or globals (no vi.mock, vi.stubGlobal, vi.stubEnv), restore fake timers and close
      // their servers in hooks; they pass in any order (`--sequence.shuffle`), which is how this was checked.
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [E2E], isolate: false } },
      // A spawned tool (redocly respect, tsc, npm) takes as long as the machine is busy: on a shared 2-core
      // host one respect run took over 30 s. The timeout bounds a hang; it is not what these tests check.
      { extends: true, test: { name: 'e2e', include: [E2E], testTimeout: 180_000 } },
    ],
  },
});
