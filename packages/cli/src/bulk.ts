/**
 * `agora-chat-push bulk set-silent-mode`: sets the app-level push mode and do-not-disturb of every user of a
 * file, with the client's `runBulk`, rate limiter (optionally shared through Redis with `--redis`) and retries.
 * Resumable: every answered row goes to the journal at once; a run started again with the same journal skips
 * the rows it records as done, so a run killed mid-way re-sends at most the requests that were in flight.
 * Rows that break the description's rules (a user ID of 1 to 64 characters of [A-Za-z0-9_.-]) are refused by
 * the client before sending and reported with the rule.
 */
import { ChatPushError, PUSH_MODES, type PushSettingsUpdate, runBulk } from '@agora-chat-push/client';
import type { RedisRateLimitStore } from '@agora-chat-push/client/redis';
import type { Io } from './commands.js';
import { type Connection, type Env, connect } from './connect.js';
import { type Journal, type JournalEntry, openJournal, settled } from './journal.js';
import { type ProgressState, createProgress } from './progress.js';
import { integerFlag, parseFlags, UsageError } from './usage.js';
import { type UserRow, checkUsersFile, countUsers, readUsers } from './users.js';
import { contract } from './contract.js';

export const BULK_HELP = `  bulk set-silent-mode --users FILE --type MODE [--ignore-interval HH:MM-HH:MM] [--ignore-duration MS]
                       --journal FILE [--redis URL] [--concurrency N]
      Sets the app-level push mode (${PUSH_MODES.join(', ')}) and do-not-disturb of every user of FILE (one user
      ID a line, optional header line "username"). Every answered row is appended to the journal (NDJSON); run
      the same command with the same journal again to finish a run that was stopped. --redis shares the rate
      limit with every process using the same Redis (100 calls/s per App Key in all). --concurrency: calls at
      once (default 50; the rate limiter sets the pace).`;

export interface BulkContext {
  env: Env;
  io: Io;
  /** Where progress goes (stderr). */
  progressStream: NodeJS.WritableStream & { isTTY?: boolean };
  now: () => number;
  /** Aborts the run (SIGINT / SIGTERM): calls in flight finish, nothing new starts. */
  signal?: AbortSignal | undefined;
}

interface Options {
  users: string;
  journal: string;
  settings: PushSettingsUpdate;
  redis: string | undefined;
  concurrency: number;
}

function parse(argv: string[]): Options {
  const values = parseFlags('bulk set-silent-mode', argv, {
    users: { type: 'string' },
    type: { type: 'string' },
    'ignore-interval': { type: 'string' },
    'ignore-duration': { type: 'string' },
    journal: { type: 'string' },
    redis: { type: 'string' },
    concurrency: { type: 'string' },
  });
  const users = checkUsersFile(values.users as string | undefined);
  const journal = values.journal as string | undefined;
  if (!journal) throw new UsageError('--journal FILE is required: the run records every answered row there, to resume after a stop');
  const type = values.type as string | undefined;
  if (type === undefined) throw new UsageError(`--type MODE is required: one of ${PUSH_MODES.join(', ')}`);
  const settings: Record<string, unknown> = { type };
  if (values['ignore-interval'] !== undefined) settings.ignoreInterval = values['ignore-interval'];
  const duration = values['ignore-duration'] as string | undefined;
  if (duration !== undefined) {
    if (!/^\d+$/.test(duration)) throw new UsageError(`--ignore-duration must be a number of ms, got ${JSON.stringify(duration)}`);
    settings.ignoreDuration = Number(duration);
  }
  // The description's rules for the body (the mode's enum, the interval's format, the duration's bounds),
  // before anything is sent; each issue names the field, as the flag it came from.
  const issues = contract().validateRequestBody('setPushSettings', settings);
  if (issues.length > 0) {
    const flag = (field: string): string => ({ type: '--type', ignoreInterval: '--ignore-interval', ignoreDuration: '--ignore-duration' })[field] ?? field;
    throw new UsageError(issues.map((i) => `${flag(i.field)}: ${i.message}`).join('; '));
  }
  const redis = values.redis as string | undefined;
  const concurrency = integerFlag('--concurrency', values.concurrency as string | undefined, 1, 1_000) ?? 50;
  return { users, journal, settings: settings as PushSettingsUpdate, redis, concurrency };
}

/** A failure of a row, as the journal and the summary keep it. */
function failureOf(row: UserRow, error: unknown): JournalEntry {
  if (error instanceof ChatPushError) {
    return { line: row.line, user: row.user, ok: false, error: error.error, status: error.status, retryable: error.retryable, reason: error.error_description };
  }
  return { line: row.line, user: row.user, ok: false, error: 'client_error', status: 0, retryable: false, reason: String(error) };
}

/**
 * The shared rate-limit store of `--redis URL`. Loaded only then: ioredis takes a noticeable part of the start-up.
 * The client checks the URL (and redacts a password in its message); its option is the flag here.
 */
async function redisStore(url: string): Promise<RedisRateLimitStore> {
  const { createRedisRateLimitStore } = await import('@agora-chat-push/client/redis');
  try {
    return createRedisRateLimitStore({ url });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace('createRedisRateLimitStore: options.url', '--redis'));
    throw error;
  }
}

/** Runs `bulk set-silent-mode`; resolves to the exit code: 0 every row done, 1 some failed. */
export async function bulkSetSilentMode(argv: string[], context: BulkContext): Promise<number> {
  const options = parse(argv);
  let store: RedisRateLimitStore | undefined;
  if (options.redis !== undefined) store = await redisStore(options.redis);
  try {
    const { client, appKey } = connect(context.env, store);
    const journal = openJournal(options.journal, { journal: 'agora-chat-push bulk', command: 'set-silent-mode', appKey, settings: options.settings }, context.now);
    try {
      return await run(options, context, client, journal);
    } finally {
      journal.close();
    }
  } finally {
    await store?.close();
  }
}

async function run(options: Options, { io, now, progressStream, signal }: BulkContext, client: Connection['client'], journal: Journal): Promise<number> {
  const total = await countUsers(options.users);
  const previous = journal.previous;
  let earlierOk = 0;
  const earlierFailed: JournalEntry[] = [];
  const failures: JournalEntry[] = [];
  // Rows recorded as done by an earlier run are counted, not sent again.
  async function* pending(): AsyncGenerator<UserRow> {
    for await (const row of readUsers(options.users)) {
      const entry = previous.get(row.user);
      if (settled(entry)) {
        if (entry!.ok) earlierOk++;
        else earlierFailed.push({ ...entry!, line: row.line });
        continue;
      }
      yield row;
    }
  }
  const view = createProgress({ label: 'set-silent-mode', stream: progressStream, now });
  let succeeded = 0;
  const state = (p: { rateLimited: number; retries: number; rate: number }): ProgressState => ({
    done: earlierOk + earlierFailed.length + succeeded + failures.length,
    total,
    succeeded: earlierOk + succeeded,
    failed: earlierFailed.length + failures.length,
    rateLimited: p.rateLimited,
    retries: p.retries,
    rate: p.rate,
  });
  const result = await runBulk(
    pending(),
    async (row, callContext) => {
      try {
        await client.setSilentModeForAll(row.user, options.settings, callContext);
      } catch (error) {
        // Cancelled by a stop: not answered, not journaled (the next run sends it).
        if (callContext.signal.aborted) throw error;
        const entry = failureOf(row, error);
        journal.append(entry);
        failures.push(entry);
        throw error;
      }
      journal.append({ line: row.line, user: row.user, ok: true });
      succeeded++;
    },
    { concurrency: options.concurrency, signal, now, progressInterval: 0, onProgress: (p) => view.update(state(p)) },
  );
  view.stop(state(result));
  const all = [...earlierFailed, ...failures].sort((a, b) => a.line - b.line);
  const summary = {
    total,
    succeeded: earlierOk + succeeded,
    failed: all.length,
    resumed: earlierOk + earlierFailed.length,
    cancelled: result.cancelled,
    rateLimited: result.rateLimited,
    retries: result.retries,
    elapsedMs: Math.round(result.elapsed),
    stopped: result.stopped ?? null,
    failures: all.map(({ line, user, error, status, reason }) => ({ line, user, error, status, reason })),
  };
  const lines = [
    `set-silent-mode: ${summary.succeeded} of ${total} users set, ${summary.failed} failed` +
      `${summary.resumed ? ` (${summary.resumed} from the journal's earlier runs)` : ''}` +
      `${result.cancelled ? `, ${result.cancelled} not done (stopped: run again with the same --journal)` : ''}; ` +
      `${result.rateLimited} x 429, ${result.retries} retries, ${(result.elapsed / 1000).toFixed(1)} s`,
    ...all.map((f) => `  failed: line ${f.line} ${JSON.stringify(f.user)}: ${f.error}: ${f.reason}`),
  ];
  io.stderr(`${lines.join('\n')}\n`);
  io.stdout(`${JSON.stringify(summary)}\n`);
  return all.length > 0 || result.cancelled > 0 || result.stopped ? 1 : 0;
}
