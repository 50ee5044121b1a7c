/**
 * The users file of a bulk command: one user ID a line, an optional header line `username`. Lines are taken as
 * they are (only a trailing `\r` is dropped): a user ID the description does not allow is reported by the
 * client's own check, with its rule, and never sent. Empty lines are skipped.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from './usage.js';

export interface UserRow {
  /** 1-based line number in the file. */
  line: number;
  user: string;
}

/** Checks that the file exists (before anything is sent): a usage error naming `--users` otherwise. */
export function checkUsersFile(file: string | undefined): string {
  if (file === undefined) throw new UsageError('--users FILE is required: a file with one user ID a line');
  if (!existsSync(file)) throw new UsageError(`--users ${file}: no such file`);
  return file;
}

/** Reads the rows one at a time (a file of millions of users is not held in memory). */
export async function* readUsers(file: string): AsyncGenerator<UserRow> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (line === 1 && text.trim().toLowerCase() === 'username') continue;
    if (text === '') continue;
    yield { line, user: text };
  }
}

/** Counts the rows (for the progress bar's total): a first pass over the file. */
export async function countUsers(file: string): Promise<number> {
  let n = 0;
  for await (const _ of readUsers(file)) n++;
  return n;
}
