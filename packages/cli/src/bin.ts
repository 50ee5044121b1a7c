#!/usr/bin/env node
/**
 * agora-chat-push: the command line (see main.ts). SIGINT / SIGTERM stop a bulk run cleanly: the calls in
 * flight finish and are journaled, the summary is printed, and the same command resumes it.
 */
import { main } from './main.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));
}

main(process.argv.slice(2), {
  env: process.env,
  io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  progressStream: process.stderr,
  now: Date.now,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`agora-chat-push: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
