/**
 * Pact files (specification v2, v3 and v4, and v1 read as v2): each HTTP interaction becomes an exchange whose
 * request is checked as a recorded one, and whose answer is marked as the consumer's *expectation*
 * (`expectedAnswer`), checked by the rules of bi-directional contract testing (see check.ts).
 *
 * A pact file is one JSON document written by a test run (kilobytes, not the hundreds of megabytes of a HAR):
 * it is read whole. Shapes by version:
 * - v1/v2: `request.query` is a string (`a=1&b=2`), headers are `{ name: value }`, bodies are JSON values;
 * - v3: `request.query` is `{ name: [values] }`;
 * - v4: `interactions[].type` says `Synchronous/HTTP` (others, e.g. messages, are not HTTP and are skipped),
 *   headers may be `{ name: [values] }`, bodies are `{ content, contentType, encoded }`.
 */
import { TrafficError, type Exchange } from './exchange.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One interaction read from a pact: its position, the line where it starts, and the exchange. */
export interface PactRecord {
  index: number;
  line: number;
  exchange: Exchange;
}

/** The result of reading a pact: its HTTP interactions, and how many others (messages) were skipped. */
export interface PactFile {
  specification: string;
  records: PactRecord[];
  skipped: number;
}

/** True when a parsed JSON document is a pact (consumer, provider, interactions), whatever its version. */
export const isPact = (value: unknown): boolean => isObj(value) && Array.isArray(value.interactions) && (isObj(value.consumer) || isObj(value.provider) || isObj(value.metadata));

/** The pact specification version the file declares (`2.0.0`, `3.0.0`, `4.0`), `2.0.0` when it says none. */
function specificationOf(pact: Obj): string {
  const metadata = isObj(pact.metadata) ? pact.metadata : {};
  const spec = metadata.pactSpecification ?? metadata['pact-specification'];
  const version = isObj(spec) ? spec.version : metadata.pactSpecificationVersion;
  return typeof version === 'string' ? version : '2.0.0';
}

/**
 * The line (1-based) where each element of the top-level `interactions` array starts: a scan of the text that
 * follows only strings and nesting, so a SARIF or JUnit report can point at the interaction.
 */
export function interactionLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastKey = '';
  let keyStart = -1;
  let inInteractions = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        if (depth === 1) lastKey = text.slice(keyStart + 1, i);
      }
      continue;
    }
    if (inInteractions && depth === 2 && !/[\s,\]]/.test(ch)) lines.push(line);
    if (ch === '"') {
      inString = true;
      keyStart = i;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 2 && ch === '[' && lastKey === 'interactions') inInteractions = true;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 1) inInteractions = false;
    }
  }
  return lines;
}

/** Header values of any pact version as `{ lowercase name: value }` (a list of values joined with `, `). */
function headersOf(headers: unknown, where: string): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (!isObj(headers)) throw new TrafficError(`${where} is not an object of headers`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === 'string')) throw new TrafficError(`${where}.${name} is not a string (or a list of strings)`);
    out[name.toLowerCase()] = values.join(', ');
  }
  return out;
}

/** The query of any pact version as a `?a=1&b=2` suffix (empty when none). */
function queryOf(query: unknown, where: string): string {
  if (query === undefined || query === null || query === '') return '';
  if (typeof query === 'string') return `?${query.replace(/^\?/, '')}`;
  if (!isObj(query)) throw new TrafficError(`${where} is neither a string (v2) nor an object of lists (v3, v4)`);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A pact body as text: v2/v3 hold the JSON value itself, v4 `{ content, contentType, encoded }`. */
function bodyOf(body: unknown, v4: boolean): { text?: string; contentType?: string } {
  if (body === undefined) return {};
  if (v4 && isObj(body) && 'content' in body) {
    const contentType = typeof body.contentType === 'string' ? body.contentType : undefined;
    const { content, encoded } = body;
    const text = typeof content === 'string' ? (encoded === 'base64' || encoded === true ? Buffer.from(content, 'base64').toString('utf8') : content) : JSON.stringify(content);
    return { text, ...(contentType ? { contentType } : {}) };
  }
  return { text: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Reads one HTTP interaction (`where` names it in errors). */
function exchangeOf(interaction: Obj, v4: boolean, where: string): Exchange {
  const { request, response } = interaction;
  if (!isObj(request)) throw new TrafficError(`${where}.request is missing (every pact interaction has one)`);
  if (!isObj(response)) throw new TrafficError(`${where}.response is missing (every pact interaction has one)`);
  if (typeof request.method !== 'string' || request.method === '') throw new TrafficError(`${where}.request.method is missing`);
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
    throw new TrafficError(`${where}.request.path is missing or does not start with "/"`);
  }
  if (typeof response.status !== 'number' || !Number.isInteger(response.status)) {
    throw new TrafficError(`${where}.response.status is not an integer`);
  }
  const requestHeaders = headersOf(request.headers, `${where}.request.headers`);
  const responseHeaders = headersOf(response.headers, `${where}.response.headers`);
  const requestBody = bodyOf(request.body, v4);
  const responseBody = bodyOf(response.body, v4);
  // A v4 body names its content type; a header the consumer set wins.
  if (requestBody.contentType && requestHeaders['content-type'] === undefined) requestHeaders['content-type'] = requestBody.contentType;
  return {
    method: request.method.toUpperCase(),
    url: `${request.path}${queryOf(request.query, `${where}.request.query`)}`,
    requestHeaders,
    requestBody: requestBody.text,
    status: response.status,
    responseHeaders,
    responseBody: responseBody.text,
    // A pact without a Content-Type for a body: pact writes JSON bodies, and matches them as JSON.
    responseMimeType: responseBody.contentType ?? (responseBody.text !== undefined && typeof response.body !== 'string' ? 'application/json' : undefined),
    expectedAnswer: true,
  };
}

/** Reads a pact from its text (`name` names the file in errors). */
export function parsePact(text: string, name: string): PactFile {
  let pact: unknown;
  try {
    pact = JSON.parse(text);
  } catch (error) {
    throw new TrafficError(`${name}: is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObj(pact) || !isPact(pact)) throw new TrafficError(`${name}: is not a pact file (it needs "consumer", "provider" and "interactions": [...])`);
  const specification = specificationOf(pact);
  const v4 = /^4/.test(specification);
  const lines = interactionLines(text);
  const records: PactRecord[] = [];
  let skipped = 0;
  (pact.interactions as unknown[]).forEach((interaction, i) => {
    const line = lines[i] ?? 1;
    const where = `${name}: interactions[${i}] (line ${line})`;
    if (!isObj(interaction)) throw new TrafficError(`${where} is not an object`);
    // v4 files hold message interactions too: they are not HTTP, so there is nothing of this API to check.
    if (typeof interaction.type === 'string' && interaction.type !== 'Synchronous/HTTP') {
      skipped++;
      return;
    }
    records.push({ index: records.length, line, exchange: exchangeOf(interaction, v4, where) });
  });
  if (records.length === 0) throw new TrafficError(`${name}: has no HTTP interaction to check`);
  return { specification, records, skipped };
}
