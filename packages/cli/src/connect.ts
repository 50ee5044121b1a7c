/**
 * The connection of every command, from the environment: `AGORA_CHAT_BASE_URL`, `AGORA_CHAT_APP_KEY`
 * (`org#app`), and either `AGORA_APP_ID` + `AGORA_APP_CERTIFICATE` (app tokens built and renewed by the client's
 * `appTokenProvider`) or `AGORA_CHAT_TOKEN` (an app token). A missing or malformed one is a usage error naming the
 * variable; no message contains the token or the certificate.
 */
import { type ChatPushClient, type RateLimitStore, createChatPushClient } from '@agora-chat-push/client';
import { appTokenProvider } from '@agora-chat-push/client/app-token';
import { UsageError } from './usage.js';

export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_HELP = `Environment:
  AGORA_CHAT_BASE_URL    https:// and your REST API domain (Agora Console, Chat project, REST API field)
  AGORA_CHAT_APP_KEY     the App Key, org_name#app_name
  AGORA_APP_ID           your project's App ID      } app tokens are built and renewed from these two,
  AGORA_APP_CERTIFICATE  its App Certificate         } or:
  AGORA_CHAT_TOKEN       an app token`;

/** The client's option names, as the variables they come from (its messages name options). */
const RENAMES: [RegExp, string][] = [
  [/options\.baseUrl/g, 'AGORA_CHAT_BASE_URL'],
  [/options\.(orgName|appName)/g, 'AGORA_CHAT_APP_KEY'],
  [/options\.token/g, 'AGORA_CHAT_TOKEN'],
  [/appTokenProvider: appId/g, 'AGORA_APP_ID'],
  [/appTokenProvider: appCertificate/g, 'AGORA_APP_CERTIFICATE'],
];
const renamed = (message: string): string => RENAMES.reduce((m, [from, to]) => m.replace(from, to), message);

export interface Connection {
  client: ChatPushClient;
  appKey: string;
}

export function connect(env: Env, store?: RateLimitStore): Connection {
  const baseUrl = env.AGORA_CHAT_BASE_URL;
  if (!baseUrl) throw new UsageError('AGORA_CHAT_BASE_URL is not set: set it to https:// and your REST API domain, e.g. https://a41.chat.agora.io');
  const appKey = env.AGORA_CHAT_APP_KEY;
  if (!appKey) throw new UsageError('AGORA_CHAT_APP_KEY is not set: set it to your App Key, org_name#app_name');
  const parts = appKey.split('#');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new UsageError(`AGORA_CHAT_APP_KEY must be org_name#app_name (one "#"), got ${JSON.stringify(appKey)}`);
  }
  const [orgName, appName] = parts as [string, string];
  const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appCertificate, AGORA_CHAT_TOKEN: token } = env;
  if ((appId || appCertificate) && token) {
    throw new UsageError('set either AGORA_APP_ID and AGORA_APP_CERTIFICATE, or AGORA_CHAT_TOKEN, not both');
  }
  if (!token && !(appId && appCertificate)) {
    throw new UsageError(
      appId || appCertificate
        ? `${appId ? 'AGORA_APP_CERTIFICATE' : 'AGORA_APP_ID'} is not set: app tokens need both AGORA_APP_ID and AGORA_APP_CERTIFICATE`
        : 'no credentials: set AGORA_APP_ID and AGORA_APP_CERTIFICATE (app tokens are built from them), or AGORA_CHAT_TOKEN',
    );
  }
  try {
    const client = createChatPushClient({
      baseUrl,
      orgName,
      appName,
      token: token || appTokenProvider({ appId: appId as string, appCertificate: appCertificate as string }),
      ...(store ? { rateLimit: { store } } : {}),
    });
    return { client, appKey };
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(renamed(error.message));
    throw error;
  }
}
