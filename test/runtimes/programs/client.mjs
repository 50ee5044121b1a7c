// What a user's code does with the packed client, on any runtime: set the push language, read it back (the
// sandbox answers with what it stored, so an empty body would show), and get a template that does not exist
// (the typed not-found error). Plain JavaScript: every runtime of the matrix loads it as it is or bundled.
import { ChatPushError, createChatPushClient } from '@agora-chat-push/client';

/** Runs the calls against the sandbox at `baseUrl`, as App `agora-demo#<appName>`, and reports what came back. */
export async function run(baseUrl, appName) {
  const push = createChatPushClient({ baseUrl, orgName: 'agora-demo', appName, token: 'runtime-matrix-token' });
  const set = await push.setPreferredNotificationLanguage('user1', 'de');
  const got = await push.getPreferredNotificationLanguage('user1');
  const error = await push.getPushTemplate('missing').then(
    () => undefined,
    (e) => e,
  );
  return {
    set: set.language,
    got: got.language,
    isChatPushError: error instanceof ChatPushError,
    isNotFound: error instanceof ChatPushError && error.isNotFound,
    error: error instanceof ChatPushError ? error.error : String(error),
    status: error instanceof ChatPushError ? error.status : undefined,
  };
}
