// The bulk command's progress off a terminal: a plain line at most once a second (on the injected clock), and
// a last one at the end; on a terminal, cli-progress's bar.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, plainProgress, progressLine, type ProgressState } from '../../packages/cli/src/progress.js';

const sink = (isTTY: boolean) => {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 200 },
  );
  return { stream, chunks };
};
const state = (done: number): ProgressState => ({ done, total: 10, succeeded: done, failed: 0, rateLimited: 1, retries: 2, rate: 5 });

describe('bulk progress', () => {
  it('off a terminal writes a plain line at most once a second, and one at the end', () => {
    let t = 0;
    const { stream, chunks } = sink(false);
    const view = createProgress({ label: 'job', stream, now: () => t });
    for (let done = 1; done <= 10; done++) {
      view.update(state(done));
      t += 300; // an item every 300 ms: lines at 0, 1200, 2400 ms
    }
    view.stop(state(10));
    expect(chunks).toEqual([`${progressLine('job', state(1))}\n`, `${progressLine('job', state(5))}\n`, `${progressLine('job', state(9))}\n`, `${progressLine('job', state(10))}\n`]);
    expect(chunks[3]).toBe('job: 10/10 rows (100%), 10 ok, 0 failed, 1 x 429, 2 retries, 5.0 rows/s\n');
  });

  it('the plain interval is a parameter: 0 writes every update', () => {
    const { stream, chunks } = sink(false);
    const view = plainProgress({ label: 'job', stream, now: () => 0, interval: 0 });
    view.update(state(1));
    view.update(state(2));
    expect(chunks).toHaveLength(2);
  });

  it('on a terminal draws a bar with the counts (cli-progress)', () => {
    const { stream, chunks } = sink(true);
    const view = createProgress({ label: 'job', stream, now: () => 0 });
    view.update(state(3));
    view.stop(state(10));
    const drawn = chunks.join('');
    expect(drawn).toMatch(/job \[.*\] 100% \| 10\/10 \| 10 ok, 0 failed \| 1 x 429, 2 retries \| 5.0 rows\/s/);
  });
});
