/**
 * The journal of a bulk run: an append-only NDJSON file, one line per answered row, written with one `write`
 * each as soon as the answer arrives (so a run killed with SIGKILL loses no answered row: the kernel has it),
 * and fsync'd at least once a second and at the end (against a crash of the machine). Its first line says
 * which job it is; a run started again with the same journal skips what it records as done.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UsageError } from './usage.js';

/** The first line: the job, so a journal is never resumed by another job. */
export interface JournalHeader {
  journal: 'agora-chat-push bulk';
  command: string;
  appKey: string;
  /** What each row sends (the body), as JSON. */
  settings: unknown;
}

/** One answered row. */
export interface JournalEntry {
  /** The row's 1-based line number in the users file. */
  line: number;
  user: string;
  ok: boolean;
  /** For a failed row: the error code (`invalid_argument`, `illegal_argument`, `network_error`, ...). */
  error?: string;
  status?: number;
  /** For a failed row: whether sending it again may succeed (a resumed run does). */
  retryable?: boolean;
  /** For a failed row: why, in words. */
  reason?: string;
}

export interface Journal {
  /** Rows recorded by earlier runs: done (succeeded, or failed for good) by user. */
  readonly previous: ReadonlyMap<string, JournalEntry>;
  append(entry: JournalEntry): void;
  close(): void;
}

/** Opens (or creates) the journal; a journal of another job is a usage error naming `--journal`. */
export function openJournal(file: string, header: JournalHeader, now: () => number = Date.now): Journal {
  const previous = new Map<string, JournalEntry>();
  let fresh = true;
  let torn = false;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    torn = text !== '' && !text.endsWith('\n');
    const lines = text.split('\n');
    let first = true;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // A run killed in the middle of a write leaves its last line torn (later runs append after it): that
        // row was not recorded, and runs again. A first line that is not JSON is not a journal at all.
        if (!first) continue;
        throw new UsageError(`--journal ${file}: line ${i + 1} is not JSON; is it a journal of agora-chat-push bulk?`);
      }
      if (first) {
        first = false;
        fresh = false;
        const h = value as Partial<JournalHeader>;
        if (h.journal !== header.journal || h.command !== header.command || h.appKey !== header.appKey || JSON.stringify(h.settings) !== JSON.stringify(header.settings)) {
          throw new UsageError(`--journal ${file} belongs to another job (${h.command ?? '?'} on ${h.appKey ?? '?'} with ${JSON.stringify(h.settings)}): use a new journal file for this one`);
        }
        continue;
      }
      const entry = value as JournalEntry;
      if (typeof entry.user !== 'string' || typeof entry.ok !== 'boolean') continue;
      // The last word on a user wins: a retryable failure followed by a success is a success.
      previous.set(entry.user, entry);
    }
  }
  let fd: number;
  try {
    fd = openSync(file, 'a');
  } catch (error) {
    throw new UsageError(`--journal ${file} cannot be opened for appending: ${(error as Error).message}`);
  }
  // A torn last line is closed first, so the next row starts a line of its own.
  if (torn) writeSync(fd, '\n');
  if (fresh) writeSync(fd, `${JSON.stringify(header)}\n`);
  let synced = now();
  let dirty = false;
  return {
    previous,
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      dirty = true;
      // One fsync per row would cost more than the row's request on a busy disk: once a second at most.
      if (now() - synced >= 1_000) {
        fdatasyncSync(fd);
        synced = now();
        dirty = false;
      }
    },
    close() {
      if (dirty) fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}

/** Whether a recorded row needs no new attempt: it succeeded, or failed in a way sending again would not fix. */
export const settled = (entry: JournalEntry | undefined): boolean => entry !== undefined && (entry.ok || entry.retryable === false);
