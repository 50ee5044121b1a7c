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
