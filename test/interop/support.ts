// Shared by the interop tests: where the bundle is, how to run a tool's bin, and the names a generator exported.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const bundleJson = join(repoRoot, 'packages', 'openapi', 'dist', 'openapi.json');
export const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);

/** Runs a tool's bin in `cwd`; returns what it printed. Throws with its output when it fails. */
export function runTool(name: string, args: string[], cwd: string): string {
  try {
    return execFileSync(bin(name), args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** The names a generated TypeScript file exports (`export type|interface|const|function|class|enum NAME`). */
export function exportedNames(file: string): string[] {
  const names = new Set<string>();
  for (const match of readFileSync(file, 'utf8').matchAll(/^export\s+(?:declare\s+)?(?:type|interface|const|let|function|class|enum)\s+([A-Za-z_$][\w$]*)/gm)) {
    names.add(match[1] as string);
  }
  return [...names];
}

/**
 * Names that carry a clash suffix: `X2` .. `X9` where `X` (ending in a letter) is also a name, which is how hey-api,
 * kubb and orval name the second of two things that want one name (`Username2`, `GetPushSettingsResponse2`).
 */
export function clashSuffixed(names: string[]): string[] {
  const all = new Set(names);
  return names.filter((name) => {
    const match = /^(.*[A-Za-z])[2-9]$/.exec(name);
    return match !== null && all.has(match[1] as string);
  });
}
