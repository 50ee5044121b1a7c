// The bulk journal: append-only NDJSON, a header naming the job, rows read back on resume; a torn last line
// (a run killed mid-write) is skipped, a journal of another job is refused naming --journal.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, settled } from '../../packages/cli/src/journal.js';
import { UsageError } from '../../packages/cli/src/usage.js';
import { readUsers } from '../../packages/cli/src/users.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cli-journal-'));
  dirs.push(d);
  return d;
};
const header = { journal: 'agora-chat-push bulk' as const, command: 'set-silent-mode', appKey: 'o#a', settings: { type: 'NONE' } };

describe('the bulk journal', () => {
  it('writes the header once and a line per row, and reads them back on resume', () => {
    const file = join(tmp(), 'j.ndjson');
    const first = openJournal(file, header);
    first.append({ line: 2, user: 'u1', ok: true });
    first.append({ line: 3, user: 'u2', ok: false, error: 'network_error', retryable: true, reason: 'no answer' });
    first.append({ line: 4, user: 'bad user', ok: false, error: 'invalid_argument', retryable: false, reason: 'pattern' });
    first.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    const again = openJournal(file, header);
    expect([...again.previous.keys()]).toEqual(['u1', 'u2', 'bad user']);
    // Done: a success, and a failure that sending again would not fix; a retryable failure runs again.
    expect(['u1', 'u2', 'bad user'].map((u) => settled(again.previous.get(u)))).toEqual([true, false, true]);
    again.close();
  });

  it('skips a torn last line (a run killed mid-write): that row runs again', () => {
    const file = join(tmp(), 'j.ndjson');
    const j = openJournal(file, header);
    j.append({ line: 2, user: 'u1', ok: true });
    j.close();
    appendFileSync(file, '{"line":3,"user":"u2","o');
    const resumed = openJournal(file, header);
    expect([...resumed.previous.keys()]).toEqual(['u1']);
    resumed.append({ line: 3, user: 'u2', ok: true });
    resumed.close();
    // The torn fragment stays a line of its own; the row after it is read back.
    expect([...openJournal(file, header).previous.keys()]).toEqual(['u1', 'u2']);
  });

  it('refuses a journal of another job, naming --journal', () => {
    const file = join(tmp(), 'j.ndjson');
    openJournal(file, header).close();
    expect(() => openJournal(file, { ...header, settings: { type: 'ALL' } })).toThrow(UsageError);
    expect(() => openJournal(file, { ...header, settings: { type: 'ALL' } })).toThrow(/--journal .* belongs to another job/);
    const other = join(tmp(), 'other.txt');
    writeFileSync(other, 'not json\nnot json either\nmore\n');
    expect(() => openJournal(other, header)).toThrow(/--journal .*line 1 is not JSON/);
  });
});

describe('the users file', () => {
  it('skips the header line "username" and empty lines, keeps every other line as it is (rules are the client\'s)', async () => {
    const file = join(tmp(), 'users.txt');
    writeFileSync(file, 'username\r\nu1\r\n\r\n bad\nu2');
    const rows = [];
    for await (const row of readUsers(file)) rows.push(row);
    expect(rows).toEqual([
      { line: 2, user: 'u1' },
      { line: 4, user: ' bad' },
      { line: 5, user: 'u2' },
    ]);
  });
});
