import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A usage error: the command line or the environment is wrong. The bin prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An integer flag within bounds, or a usage error naming the flag. */
export function integerFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The flags of a command (strict: an unknown or incomplete flag is a usage error naming it, and the command). */
export function parseFlags(command: string, argv: string[], options: NonNullable<ParseArgsConfig['options']>): Record<string, unknown> {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}
