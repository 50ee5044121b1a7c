/**
 * How a bulk run shows its progress: a progress bar (cli-progress) when stderr is a terminal, otherwise a
 * plain line at most once a second (logs and CI keep a readable, bounded trace). The clock is injected.
 */
import cliProgress from 'cli-progress';

/** What the view shows. */
export interface ProgressState {
  /** Rows finished, this run and earlier runs of the journal. */
  done: number;
  /** Rows in the file (`undefined` until counted). */
  total: number | undefined;
  succeeded: number;
  failed: number;
  /** 429 answers and retried attempts of this run. */
  rateLimited: number;
  retries: number;
  /** Rows per second of this run. */
  rate: number;
}

export interface ProgressView {
  update(state: ProgressState): void;
  stop(state: ProgressState): void;
}

export interface ProgressOptions {
  /** What the job is, e.g. `set-silent-mode`. */
  label: string;
  /** Where to draw (stderr). */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** The clock, in ms. */
  now: () => number;
  /** The least time between two plain lines, in ms. Default `1000`. */
  interval?: number;
}

/** One plain progress line. */
export const progressLine = (label: string, s: ProgressState): string =>
  `${label}: ${s.done}${s.total === undefined ? '' : `/${s.total}`} rows` +
  `${s.total ? ` (${Math.floor((s.done * 100) / s.total)}%)` : ''}, ${s.succeeded} ok, ${s.failed} failed, ` +
  `${s.rateLimited} x 429, ${s.retries} retries, ${s.rate.toFixed(1)} rows/s`;

/** The plain view: a line at most once per `interval`, and a last one at the end. */
export function plainProgress({ label, stream, now, interval = 1_000 }: ProgressOptions): ProgressView {
  let last = -Infinity;
  return {
    update(state) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      stream.write(`${progressLine(label, state)}\n`);
    },
    stop(state) {
      stream.write(`${progressLine(label, state)}\n`);
    },
  };
}

/** The terminal view: one bar redrawn in place. */
export function barProgress({ label, stream }: ProgressOptions): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {succeeded} ok, {failed} failed | {rateLimited} x 429, {retries} retries | {speed} rows/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const payload = (s: ProgressState) => ({ succeeded: s.succeeded, failed: s.failed, rateLimited: s.rateLimited, retries: s.retries, speed: s.rate.toFixed(1) });
  return {
    update(state) {
      if (!started) {
        started = true;
        bar.start(state.total ?? 0, state.done, payload(state));
      }
      if (state.total !== undefined) bar.setTotal(state.total);
      bar.update(state.done, payload(state));
    },
    stop(state) {
      this.update(state);
      bar.stop();
    },
  };
}

/** The bar on a terminal, plain lines otherwise. */
export const createProgress = (options: ProgressOptions): ProgressView => (options.stream.isTTY ? barProgress(options) : plainProgress(options));
