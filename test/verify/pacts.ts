// Pact files for the verify tests: the same interactions written as Pact v2, v3 and v4 (each version's own
// shapes for query, headers and bodies), a clean consumer, the consumer with the three planted bugs, and
// one consumer per kind of drift (one bug per interaction) for the comparison with swagger-mock-validator.
// Bodies come from the description's examples where the consumer expects a whole answer.
import { exampleAnswer } from './support.js';

export interface Interaction {
  description: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  status: number;
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
}

const AUTH = { Authorization: 'Bearer pact-token-7c1d' };
const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
const ANSWER = { 'Content-Type': 'application/json' };
const settings = (user: string) => `/hx/hxdemo/users/${user}/notification/user/${user}`;
const language = (user: string) => `/hx/hxdemo/users/${user}/notification/language`;

/** A consumer that reads only what it needs, all of it documented (required answer fields left out). */
export const CLEAN: Interaction[] = [
  {
    description: 'the push language of a user',
    method: 'GET',
    path: language('u1'),
    headers: AUTH,
    status: 200,
    responseHeaders: ANSWER,
    responseBody: { data: { language: 'en' } },
  },
  {
    description: 'do not disturb at night',
    method: 'PUT',
    path: settings('u1'),
    headers: JSON_HEADERS,
    body: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 },
    status: 200,
    responseHeaders: ANSWER,
    responseBody: { data: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 1647590149924 } },
  },
  {
    description: 'a whole answer, as the description gives it',
    method: 'GET',
    path: settings('u2'),
    headers: AUTH,
    status: 200,
    responseHeaders: ANSWER,
    responseBody: exampleAnswer('getPushSettings'),
  },
  {
    description: 'an unknown user',
    method: 'GET',
    path: language('nobody'),
    headers: AUTH,
    status: 404,
    responseHeaders: ANSWER,
    responseBody: { error: 'service_resource_not_found' },
  },
];

/** The consumer: it expects `data.translationLanguage`, sends `ignoreDurration`, and reads `ignoreInterval` as a number. */
export const BUGGY: Interaction[] = [
  { ...CLEAN[0]!, responseBody: { data: { translationLanguage: 'en' } } },
  {
    ...CLEAN[1]!,
    body: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDurration: 86400000 },
    responseBody: { data: { type: 'NONE', ignoreInterval: 2130 } },
  },
];

/** One bug per interaction, each a kind of drift a bi-directional contract test must catch. */
export const ONE_BUG_EACH: Interaction[] = [
  { ...CLEAN[0]!, description: 'an answer field the provider never promised', responseBody: { data: { translationLanguage: 'en' } } },
  { ...CLEAN[1]!, description: 'a misspelt request field', body: { ignoreDurration: 86400000 } },
  { ...CLEAN[1]!, description: 'an answer field of another type', responseBody: { data: { ignoreInterval: 2130 } } },
  { ...CLEAN[1]!, description: 'a request value that breaks its pattern', body: { ignoreInterval: '9-18' } },
  { ...CLEAN[0]!, description: 'an undocumented status', status: 202 },
  { ...CLEAN[0]!, description: 'an undocumented path', path: '/hx/hxdemo/users/u1/notification/ringtone' },
  { ...CLEAN[0]!, description: 'no token', headers: {} },
  { ...CLEAN[1]!, description: 'a request media type not documented', headers: { ...AUTH, 'Content-Type': 'text/plain' }, body: 'NONE' },
  { ...CLEAN[0]!, description: 'a path parameter that breaks its schema', path: '/hx/hxdemo/users/u1/notification/channel/c1', responseBody: { data: { type: 'NONE' } } },
  { ...CLEAN[0]!, description: 'an answer field nested deeper than the description', responseBody: { data: { language: { code: 'en' } } } },
];

const base = (version: string, interactions: unknown[]) => ({
  consumer: { name: 'partner-service' },
  provider: { name: 'agora-chat-push' },
  interactions,
  metadata: { pactSpecification: { version } },
});

const queryString = (q: Record<string, string> | undefined): string | undefined => (q ? new URLSearchParams(q).toString() : undefined);

/** Pact v2: query as a string, headers as strings, bodies as JSON values. */
export const pactV2 = (list: Interaction[]) =>
  base(
    '2.0.0',
    list.map((i) => ({
      description: i.description,
      request: { method: i.method, path: i.path, ...(i.query ? { query: queryString(i.query) } : {}), headers: i.headers ?? {}, ...(i.body !== undefined ? { body: i.body } : {}) },
      response: { status: i.status, headers: i.responseHeaders ?? {}, ...(i.responseBody !== undefined ? { body: i.responseBody } : {}) },
    })),
  );

/** Pact v3: query as lists of values, provider states. */
export const pactV3 = (list: Interaction[]) =>
  base(
    '3.0.0',
    list.map((i) => ({
      description: i.description,
      providerStates: [{ name: 'a user u1 exists' }],
      request: {
        method: i.method,
        path: i.path,
        ...(i.query ? { query: Object.fromEntries(Object.entries(i.query).map(([k, v]) => [k, [v]])) } : {}),
        headers: i.headers ?? {},
        ...(i.body !== undefined ? { body: i.body } : {}),
      },
      response: { status: i.status, headers: i.responseHeaders ?? {}, ...(i.responseBody !== undefined ? { body: i.responseBody } : {}) },
    })),
  );

const v4Body = (body: unknown, headers: Record<string, string> | undefined) =>
  body === undefined ? {} : { body: { content: body, contentType: headers?.['Content-Type'] ?? 'application/json', encoded: false } };
const v4Headers = (headers: Record<string, string> | undefined) => Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, [v]]));

/** Pact v4: typed interactions (with a message interaction, which is not HTTP), headers as lists, bodies wrapped. */
export const pactV4 = (list: Interaction[]) =>
  base('4.0', [
    ...list.map((i) => ({
      type: 'Synchronous/HTTP',
      key: i.description.replace(/\W+/g, '-'),
      description: i.description,
      request: {
        method: i.method,
        path: i.path,
        ...(i.query ? { query: Object.fromEntries(Object.entries(i.query).map(([k, v]) => [k, [v]])) } : {}),
        headers: v4Headers(i.headers),
        ...v4Body(i.body, i.headers),
      },
      response: { status: i.status, headers: v4Headers(i.responseHeaders), ...v4Body(i.responseBody, i.responseHeaders) },
    })),
    { type: 'Asynchronous/Messages', description: 'a push was sent', contents: { content: { ok: true }, contentType: 'application/json' } },
  ]);
