// The app-token subpath on a server runtime: build a real app token from an App ID and certificate, and call
// a sandbox that accepts only tokens signed with that certificate.
import { createChatPushClient } from '@agora-chat-push/client';
import { appTokenProvider } from '@agora-chat-push/client/app-token';

export async function runAppToken(baseUrl, appName, appId, appCertificate) {
  const token = appTokenProvider({ appId, appCertificate });
  const built = await token({ reason: 'initial' });
  const push = createChatPushClient({ baseUrl, orgName: 'agora-demo', appName, token });
  const set = await push.setPreferredNotificationLanguage('user1', 'fr');
  return { version: built.token.slice(0, 3), expiresInFuture: built.expiresAt > Date.now(), set: set.language };
}
