/**
 * Which operation a raw request is, from its method and path: the description's paths, compiled once into
 * regular expressions when the module loads, and tried in order. The App Key comes from the first two
 * segments; a malformed %-escape there is a {@link ChatPushError}, never a bare `URIError`.
 */
import { ChatPushError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';

/** An operation id of the description, e.g. `getPushTemplate`. */
export type OperationId = keyof typeof OPERATIONS;

/** The table's paths leave out the leading /{org_name}/{app_name}: they are the two captured segments. */
const ROUTES = Object.entries(OPERATIONS).map(([op, [method, rest]]) => ({
  op: op as OperationId,
  method: method as string,
  pattern: new RegExp(`/([^/]+)/([^/]+)${rest.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The method of an operation (`''` for an id the description does not have). @internal */
export const methodOf = (op: OperationId): string => OPERATIONS[op]?.[0] ?? '';

/**
 * The operation and the App Key (`org_name#app_name`) of a request made with the raw client; `''` for both
 * when the path is not in the description. @internal
 */
export function route(method: string, url: string): [OperationId, string] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return ['' as OperationId, ''];
  }
  for (const { op, method: m, pattern } of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (!match) continue;
    try {
      return [op, `${decodeURIComponent(match[1]!)}#${decodeURIComponent(match[2]!)}`];
    } catch (cause) {
      throw new ChatPushError({
        status: 0,
        error: 'client_error',
        error_description: 'malformed %-escape in org_name or app_name',
        operationId: op,
        retryable: false,
        cause,
      });
    }
  }
  return ['' as OperationId, ''];
}
