/**
 * One recorded request and its answer, as the checker reads it, and its conversion from and to a HAR 1.2
 * entry (the unit of both a HAR file's `log.entries` and of one NDJSON line, the format this kit's proxy
 * writes).
 */
import { redactBody, redactHeader, redactUrl, secretsOf } from './redact.js';

/** A recorded request and answer. Header names are lowercase; repeated headers are joined with `, `. */
export interface Exchange {
  method: string;
  /** Absolute (`https://host/path?q`) or a path (`/path?q`). */
  url: string;
  requestHeaders: Record<string, string>;
  /** The request body as text; `undefined` when none was sent. */
  requestBody?: string | undefined;
  /** The answer's status; `0` when the recording holds no answer (a request that failed in the browser). */
  status: number;
  responseHeaders: Record<string, string>;
  /** The answer's body as text; `undefined` when the recording did not capture it. */
  responseBody?: string | undefined;
  /** HAR's `response.content.mimeType`, used when the answer has no Content-Type header. */
  responseMimeType?: string | undefined;
  /** When the request started (ISO 8601) and how long it took (ms), if recorded. */
  startedDateTime?: string | undefined;
  time?: number | undefined;
  /**
   * `true` when the answer is what a consumer expects (a Pact interaction), not one that was recorded: it
   * holds only the fields the consumer reads, so required fields may be absent, but every field it holds must
   * be one the description names, with a compatible value.
   */
  expectedAnswer?: boolean | undefined;
}

/** A file that cannot be read as traffic (exit code 2 of the bin). The message is one line and names the place. */
export class TrafficError extends Error {
  override name = 'TrafficError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function headersOf(list: unknown, where: string): Record<string, string> {
  if (list === undefined) return {};
  if (!Array.isArray(list)) throw new TrafficError(`${where} is not an array of {name, value}`);
  const out: Record<string, string> = {};
  list.forEach((h: unknown, i) => {
    if (!isObj(h) || typeof h.name !== 'string' || typeof h.value !== 'string') {
      throw new TrafficError(`${where}[${i}] is not a {name, value} header`);
    }
    const name = h.name.toLowerCase();
    // HTTP/2 pseudo-headers (":authority") are recorded by some tools; they are not headers of the exchange.
    if (name.startsWith(':')) return;
    out[name] = out[name] === undefined ? h.value : `${out[name]}, ${h.value}`;
  });
  return out;
}

function decodeText(content: Obj, where: string): string | undefined {
  if (content.text === undefined || content.text === null) return undefined;
  if (typeof content.text !== 'string') throw new TrafficError(`${where}.text is not a string`);
  if (content.encoding === 'base64') return Buffer.from(content.text, 'base64').toString('utf8');
  return content.text;
}

/** Reads one HAR 1.2 entry (`where` names it in errors: `log.entries[3]`, `line 4`). */
export function fromHarEntry(entry: unknown, where: string): Exchange {
  if (!isObj(entry)) throw new TrafficError(`${where} is not an object`);
  const { request, response } = entry;
  if (!isObj(request)) throw new TrafficError(`${where}.request is missing (HAR 1.2 requires it)`);
  if (!isObj(response)) throw new TrafficError(`${where}.response is missing (HAR 1.2 requires it)`);
  if (typeof request.method !== 'string' || request.method === '') throw new TrafficError(`${where}.request.method is missing`);
  if (typeof request.url !== 'string' || request.url === '') throw new TrafficError(`${where}.request.url is missing`);
  if (typeof response.status !== 'number' || !Number.isInteger(response.status)) {
    throw new TrafficError(`${where}.response.status is not an integer`);
  }
  let requestBody: string | undefined;
  if (isObj(request.postData)) requestBody = decodeText(request.postData, `${where}.request.postData`) ?? '';
  const content = isObj(response.content) ? response.content : {};
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    requestHeaders: headersOf(request.headers, `${where}.request.headers`),
    requestBody,
    status: response.status,
    responseHeaders: headersOf(response.headers, `${where}.response.headers`),
    responseBody: decodeText(content, `${where}.response.content`),
    responseMimeType: typeof content.mimeType === 'string' ? content.mimeType : undefined,
    startedDateTime: typeof entry.startedDateTime === 'string' ? entry.startedDateTime : undefined,
    time: typeof entry.time === 'number' ? entry.time : undefined,
  };
}

/** Headers as HAR writes them, in order, with secrets redacted (repeated headers as recorded). */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/** What the recorder gets from the proxy for one exchange. */
export interface RecordedExchange {
  startedDateTime: string;
  time: number;
  method: string;
  url: string;
  httpVersion?: string;
  requestHeaders: HeaderList;
  requestBody?: string | undefined;
  status: number;
  statusText?: string;
  responseHeaders: HeaderList;
  responseBody?: string | undefined;
}

/**
 * A HAR 1.2 entry for a recorded exchange, with the Authorization header's token, secret headers, secret query
 * values, secret body fields and every occurrence of the token redacted.
 */
export function toHarEntry(x: RecordedExchange): Record<string, unknown> {
  const authorization = x.requestHeaders.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
  const secrets = secretsOf(authorization);
  const headers = (list: HeaderList) => list.map(([name, value]) => ({ name, value: redactHeader(name, value) }));
  const find = (list: HeaderList, name: string) => list.find(([n]) => n.toLowerCase() === name)?.[1];
  const url = redactUrl(x.url, secrets);
  let query: { name: string; value: string }[] = [];
  try {
    query = [...new URL(url, 'http://relative.invalid').searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    query = [];
  }
  const requestBody = x.requestBody === undefined ? undefined : redactBody(x.requestBody, secrets);
  const responseBody = x.responseBody === undefined ? undefined : redactBody(x.responseBody, secrets);
  return {
    startedDateTime: x.startedDateTime,
    time: x.time,
    request: {
      method: x.method,
      url,
      httpVersion: x.httpVersion ?? 'HTTP/1.1',
      cookies: [],
      headers: headers(x.requestHeaders),
      queryString: query,
      ...(requestBody !== undefined ? { postData: { mimeType: find(x.requestHeaders, 'content-type') ?? '', text: requestBody } } : {}),
      headersSize: -1,
      bodySize: requestBody === undefined ? 0 : Buffer.byteLength(requestBody),
    },
    response: {
      status: x.status,
      statusText: x.statusText ?? '',
      httpVersion: x.httpVersion ?? 'HTTP/1.1',
      cookies: [],
      headers: headers(x.responseHeaders),
      content: {
        size: responseBody === undefined ? 0 : Buffer.byteLength(responseBody),
        mimeType: find(x.responseHeaders, 'content-type') ?? '',
        ...(responseBody !== undefined ? { text: responseBody } : {}),
      },
      redirectURL: find(x.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: responseBody === undefined ? 0 : Buffer.byteLength(responseBody),
    },
    cache: {},
    timings: { send: 0, wait: x.time, receive: 0 },
  };
}

/** The `log.creator` of HAR files this kit writes. */
export const HAR_CREATOR = { name: '@agora-chat-push (unofficial)', version: '0.1' } as const;
