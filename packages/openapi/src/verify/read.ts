/**
 * Reads recorded traffic one exchange at a time, in bounded memory: a HAR 1.2 file (browser devtools,
 * Charles, mitmproxy, `redocly respect -H`, this kit's proxy) or NDJSON (one HAR entry per line, what the
 * proxy writes with `--record file.ndjson`).
 *
 * A HAR file is one JSON document, often hundreds of megabytes. The scanner below tokenizes only its outer
 * structure (the top object, `log`, the `log.entries` array) and hands each entry's text, once complete, to
 * JSON.parse: memory holds one entry at a time, whatever the file's size. Everything outside the entries
 * (`log.version`, `log.creator`, `log.pages`) is small and is parsed whole to check the file is valid JSON.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import { fromHarEntry, TrafficError, type Exchange } from './exchange.js';
import { parsePact } from './pact.js';

/** One exchange of the traffic: its position, the line where it starts, and the exchange. */
export interface TrafficRecord {
  index: number;
  line: number;
  exchange: Exchange;
}

export type TrafficFormat = 'har' | 'ndjson' | 'pact';

type Role = 'root' | 'log' | 'entries';
interface Frame {
  role: Role;
  state: 'first' | 'key' | 'colon' | 'value' | 'next';
  key?: string;
}
interface Capture {
  /** Where the value goes: an entry of log.entries, or a member of the top object or of log. */
  target: 'entry' | 'member';
  kind: 'nested' | 'string' | 'scalar';
  depth: number;
  inString: boolean;
  escape: boolean;
  parts: string[];
  line: number;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** The HAR scanner: feed it text in chunks of any size; it returns the entries completed by each chunk. */
export class HarScanner {
  private frames: Frame[] = [];
  private capture: Capture | undefined;
  private keyCapture: { parts: string[]; escape: boolean } | undefined;
  private started = false;
  private done = false;
  private line = 1;
  private entryCount = 0;
  private sawLog = false;
  private sawEntries = false;
  private logNotObject = false;

  constructor(private readonly name: string) {}

  private fail(message: string): never {
    throw new TrafficError(`${this.name}: ${message}`);
  }

  private syntax(expected: string, ch: string): never {
    this.fail(`is not valid JSON: expected ${expected} at line ${this.line}, found ${JSON.stringify(ch)}`);
  }

  private top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** A value inside `frame` is complete. */
  private valueDone(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.state = 'next';
    else this.done = true;
  }

  private startValue(ch: string, target: Capture['target']): void {
    const kind: Capture['kind'] = ch === '{' || ch === '[' ? 'nested' : ch === '"' ? 'string' : 'scalar';
    this.capture = { target, kind, depth: 0, inString: false, escape: false, parts: [], line: this.line };
  }

  private finishCapture(text: string, out: TrafficRecord[]): void {
    const capture = this.capture!;
    this.capture = undefined;
    if (capture.kind === 'scalar' && !SCALAR.test(text)) {
      this.fail(`is not valid JSON: ${JSON.stringify(text.slice(0, 20))} at line ${capture.line} is not a value`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const where = capture.target === 'entry' ? `log.entries[${this.entryCount}] (line ${capture.line})` : `the value at line ${capture.line}`;
      this.fail(`is not valid JSON: ${where}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (capture.target === 'entry') {
      const index = this.entryCount++;
      out.push({ index, line: capture.line, exchange: fromHarEntry(value, `${this.name}: log.entries[${index}] (line ${capture.line})`) });
    } else {
      const frame = this.top();
      if (frame.role === 'root' && frame.key === 'log') {
        this.sawLog = true;
        this.logNotObject = true;
      }
      if (frame.role === 'log' && frame.key === 'entries') this.fail('log.entries is not an array (HAR 1.2 needs "entries": [...])');
    }
    this.valueDone();
  }

  /** Feeds the next chunk; returns the entries it completed. */
  feed(chunk: string): TrafficRecord[] {
    const out: TrafficRecord[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.capture) i = this.scanCapture(chunk, i, out);
      else if (this.keyCapture) i = this.scanKey(chunk, i);
      else i = this.structural(chunk, i);
    }
    return out;
  }

  /** One character of the outer structure (not inside a captured value or key); returns the next index. */
  private structural(chunk: string, i: number): number {
    const ch = chunk[i]!;
    if (ch === '\n') this.line++;
    if (WS.has(ch)) return i + 1;
    if (this.done) this.fail(`has data after the end of the HAR document at line ${this.line}`);
    if (!this.started) return this.begin(chunk, i);
    const frame = this.top();
    switch (frame.state) {
      case 'first':
        return this.afterOpen(frame, ch, i);
      case 'key':
        if (ch !== '"') this.syntax('a key', ch);
        this.keyCapture = { parts: [], escape: false };
        return i + 1;
      case 'colon':
        if (ch !== ':') this.syntax('":"', ch);
        frame.state = 'value';
        return i + 1;
      case 'value':
        return this.valueStart(frame, ch, i);
      case 'next':
        return this.afterValue(frame, ch, i);
    }
  }

  /** The first character of the file: a HAR is an object. */
  private begin(chunk: string, i: number): number {
    const ch = chunk[i]!;
    this.started = true;
    if (ch === '[') this.fail('is not a HAR file: its top level is an array, not {"log": {...}}');
    if (ch !== '{') this.fail(ch === '"' || /[-\dtfn]/.test(ch) ? 'is not a HAR file: its top level is not an object' : `is not JSON (it starts with ${JSON.stringify(chunk.slice(i, i + 12))})`);
    this.frames.push({ role: 'root', state: 'first' });
    return i + 1;
  }

  /** Right after `{` or `[`: the container closes at once, or its first key (object) or value (array) starts. */
  private afterOpen(frame: Frame, ch: string, i: number): number {
    const isArray = frame.role === 'entries';
    if (ch === (isArray ? ']' : '}')) return this.close(i);
    if (isArray) {
      this.startValue(ch, 'entry');
      return i;
    }
    if (ch !== '"') this.syntax('a key or "}"', ch);
    this.keyCapture = { parts: [], escape: false };
    return i + 1;
  }

  /** A value starts: `log` and `log.entries` are entered, anything else is captured whole. */
  private valueStart(frame: Frame, ch: string, i: number): number {
    if (frame.role === 'entries') {
      this.startValue(ch, 'entry');
      return i;
    }
    const enter = (role: Role): number => {
      frame.state = 'next';
      this.frames.push({ role, state: 'first' });
      return i + 1;
    };
    if (frame.role === 'root' && frame.key === 'log' && ch === '{') {
      this.sawLog = true;
      return enter('log');
    }
    if (frame.role === 'log' && frame.key === 'entries' && ch === '[') {
      this.sawEntries = true;
      return enter('entries');
    }
    this.startValue(ch, 'member');
    return i;
  }

  /** After a value: a comma, or the end of its container. */
  private afterValue(frame: Frame, ch: string, i: number): number {
    const isArray = frame.role === 'entries';
    if (ch === ',') {
      frame.state = isArray ? 'value' : 'key';
      return i + 1;
    }
    if (ch === (isArray ? ']' : '}')) return this.close(i);
    this.syntax(isArray ? '"," or "]"' : '"," or "}"', ch);
  }

  private close(i: number): number {
    this.frames.pop();
    this.valueDone();
    return i + 1;
  }

  private scanKey(chunk: string, start: number): number {
    const key = this.keyCapture!;
    let i = start;
    while (i < chunk.length) {
      const ch = chunk[i]!;
      if (key.escape) key.escape = false;
      else if (ch === '\\') key.escape = true;
      else if (ch === '"') {
        key.parts.push(chunk.slice(start, i));
        this.keyCapture = undefined;
        const frame = this.top();
        try {
          frame.key = JSON.parse(`"${key.parts.join('')}"`) as string;
        } catch {
          this.fail(`is not valid JSON: a bad key at line ${this.line}`);
        }
        frame.state = 'colon';
        return i + 1;
      } else if (ch === '\n') this.fail(`is not valid JSON: a key runs past the end of line ${this.line}`);
      i++;
    }
    key.parts.push(chunk.slice(start));
    return i;
  }

  /** Scans the captured value forward; returns the index after what it consumed. */
  private scanCapture(chunk: string, start: number, out: TrafficRecord[]): number {
    const c = this.capture!;
    let i = start;
    const n = chunk.length;
    if (c.kind === 'scalar') {
      while (i < n && !WS.has(chunk[i]!) && chunk[i] !== ',' && chunk[i] !== '}' && chunk[i] !== ']') i++;
      c.parts.push(chunk.slice(start, i));
      if (i < n) this.finishCapture(c.parts.join(''), out);
      return i;
    }
    while (i < n) {
      if (c.inString) {
        // Strings are most of a HAR (bodies): jump to the next quote and count the backslashes before it.
        if (c.escape) {
          c.escape = false;
          i++;
          continue;
        }
        let q = chunk.indexOf('"', i);
        while (q !== -1) {
          let b = q - 1;
          while (b >= i && chunk.charCodeAt(b) === 92 /* \ */) b--;
          if ((q - 1 - b) % 2 === 0) break; // an even run of backslashes: the quote ends the string
          q = chunk.indexOf('"', q + 1);
        }
        if (q === -1) {
          // The string goes on in the next chunk; an odd run of backslashes at the end escapes its first character.
          let b = n - 1;
          while (b >= i && chunk.charCodeAt(b) === 92) b--;
          c.escape = (n - 1 - b) % 2 === 1;
          i = n;
          break;
        }
        c.inString = false;
        i = q + 1;
        if (c.kind === 'string') {
          c.parts.push(chunk.slice(start, i));
          this.finishCapture(c.parts.join(''), out);
          return i;
        }
        continue;
      }
      const ch = chunk.charCodeAt(i);
      if (ch === 34) c.inString = true;
      else if (ch === 123 || ch === 91) c.depth++;
      else if (ch === 125 || ch === 93) {
        c.depth--;
        if (c.depth === 0) {
          c.parts.push(chunk.slice(start, i + 1));
          this.finishCapture(c.parts.join(''), out);
          return i + 1;
        }
      } else if (ch === 10) this.line++;
      i++;
    }
    c.parts.push(chunk.slice(start));
    return i;
  }

  /** Call once the whole file was fed: a file that ends early, or is not a HAR, is an error. */
  end(): void {
    if (!this.started) this.fail('is empty');
    if (this.capture?.kind === 'scalar' && this.frames.length === 0) this.fail('is not a HAR file');
    if (this.capture || this.keyCapture || this.frames.length > 0) {
      const inside = this.capture?.target === 'entry' ? ` inside log.entries[${this.entryCount}]` : '';
      this.fail(`is truncated: it ends${inside} at line ${this.line} before the HAR document is complete`);
    }
    if (!this.sawLog) this.fail('is not a HAR file: it has no "log" object (HAR 1.2: {"log": {"version", "creator", "entries": [...]}})');
    if (this.logNotObject) this.fail('is not a HAR file: "log" is not an object');
    if (!this.sawEntries) this.fail('is not a HAR file: log has no "entries" array');
  }
}

/**
 * Guesses the format: by extension (.har, .ndjson, .jsonl), else by content: a HAR entry on the first line means
 * NDJSON, a top-level `"interactions"` (and no `"log"`) a pact, anything else is read as HAR.
 */
export async function detectFormat(path: string): Promise<TrafficFormat> {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.har$/i.test(path)) return 'har';
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return formatOfHead(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** The format of a file from its first 64 KiB. */
export function formatOfHead(head: string): TrafficFormat {
  const newline = head.indexOf('\n');
  if (newline !== -1) {
    try {
      const first = JSON.parse(head.slice(0, newline)) as Record<string, unknown> | null;
      if (first && typeof first === 'object' && 'request' in first && 'response' in first) return 'ndjson';
    } catch {
      // Not one JSON value per line: a HAR or a pact.
    }
  }
  return /"interactions"\s*:/.test(head) && !/"log"\s*:\s*\{/.test(head) ? 'pact' : 'har';
}

function fileError(path: string, error: unknown): TrafficError {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof TrafficError) return e;
  const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
  return new TrafficError(`${path}: cannot read: ${why}`);
}

/** Reads a HAR file, one entry at a time. */
export async function* readHar(path: string): AsyncGenerator<TrafficRecord> {
  const scanner = new HarScanner(path);
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
      yield* scanner.feed(chunk as string);
    }
  } catch (error) {
    throw fileError(path, error);
  }
  scanner.end();
}

/** Reads NDJSON: one HAR entry per line; blank lines are skipped. */
export async function* readNdjson(path: string): AsyncGenerator<TrafficRecord> {
  let lineNo = 0;
  let index = 0;
  try {
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new TrafficError(`${path}: line ${lineNo} is not JSON (${(error as Error).message.split('\n')[0]}); each line must be one HAR entry`);
      }
      yield { index: index++, line: lineNo, exchange: fromHarEntry(value, `${path}: line ${lineNo}`) };
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (index === 0) throw new TrafficError(`${path}: is empty (no exchange)`);
}

/** The largest pact read (pacts are read whole; a test run writes kilobytes). */
const MAX_PACT_BYTES = 64 * 1024 * 1024;

/** Reads a pact (v2 to v4): one record per HTTP interaction, its answer marked as the consumer's expectation. */
export async function* readPact(path: string): AsyncGenerator<TrafficRecord> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_PACT_BYTES) throw new TrafficError(`${path}: is ${Math.round(size / 1024 / 1024)} MiB, more than a pact file holds (at most 64 MiB are read)`);
    } finally {
      await handle.close();
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, error);
  }
  yield* parsePact(text, path).records;
}

/** Reads traffic in any format (detected unless given). Errors are {@link TrafficError}s with a one-line message. */
export async function* readTraffic(path: string, format?: TrafficFormat): AsyncGenerator<TrafficRecord> {
  let chosen: TrafficFormat;
  try {
    chosen = format ?? (await detectFormat(path));
  } catch (error) {
    throw fileError(path, error);
  }
  yield* chosen === 'ndjson' ? readNdjson(path) : chosen === 'pact' ? readPact(path) : readHar(path);
}
