// Runs the pnpm that is running this script (so nested calls use the same pinned version), or the
// pinned one through npx when the script was started some other way.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { root } from './root.js';

/** pnpm 12 ships as a native executable; older ones as a JavaScript file run by node. */
function isJavaScript(file: string): boolean {
  if (/\.[cm]?js$/.test(file)) return true;
  const head = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString() === '#!';
}

export function runPnpm(args: string[]): number {
  const execpath = process.env.npm_execpath;
  const result =
    execpath && /pnpm/.test(execpath)
      ? isJavaScript(execpath)
        ? spawnSync(process.execPath, [execpath, ...args], { cwd: root, stdio: 'inherit' })
        : spawnSync(execpath, args, { cwd: root, stdio: 'inherit' })
      : spawnSync('npx', ['-y', 'pnpm@12.4.2', ...args], { cwd: root, stdio: 'inherit' });
  if (result.error) process.stderr.write(`could not run pnpm: ${result.error.message}\n`);
  return result.status ?? 1;
}
