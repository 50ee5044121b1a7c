/**
 * Which operation a raw request is, from its method and path: the description's paths, compiled once into
 * regular expressions when the module loads, and tried in order. The App Key comes from the first two
 * segments, the other parameters from theirs; a malformed %-escape is a {@link ChatPushError}, never a bare
 * `URIError`.
 */
import { ChatPushError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';

/** An operation id of the description, e.g. `getPushTemplate`. */
export type OperationId = keyof typeof OPERATIONS;

/**
 * The table's paths leave out the leading /{org_name}/{app_name}: they are the two first captured segments. A
 * parameter segment may be empty (`/users//notification/...`), so that the parameter checks refuse it by name.
 */
const ROUTES = Object.entries(OPERATIONS).map(([op, { method, path }]) => ({
  op: op as OperationId,
  method: method as string,
  names: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
  pattern: new RegExp(`/([^/]+)/([^/]+)${path.replace(/\{\w+\}/g, '([^/]*)')}$`),
}));

/** The method of an operation (`''` for an id the description does not have). @internal */
export const methodOf = (op: OperationId): string => OPERATIONS[op]?.method ?? '';

/**
 * The operation, the App Key (`org_name#app_name`) and the other path parameters (decoded) of a request made
 * with the raw client; `''` for the first two when the path is not in the description. @internal
 */
export function route(method: string, url: string): [OperationId, string, Record<string, string>] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return ['' as OperationId, '', {}];
  }
  for (const { op, method: m, names, pattern } of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (!match) continue;
    const decode = (segment: string, what: string): string => {
      try {
        return decodeURIComponent(segment);
      } catch (cause) {
        throw new ChatPushError({
          status: 0,
          error: 'client_error',
          error_description: `malformed %-escape in ${what}`,
          operationId: op,
          retryable: false,
          cause,
        });
      }
    };
    const appKey = `${decode(match[1]!, 'org_name or app_name')}#${decode(match[2]!, 'org_name or app_name')}`;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decode(match[i + 3]!, name)));
    return [op, appKey, params];
  }
  return ['' as OperationId, '', {}];
}
