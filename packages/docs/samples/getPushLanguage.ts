// npm i @agora-chat-push/client   (Node 20+; ESM: an .mts file,
// or "type": "module" in package.json)
import { createChatPushClient } from '@agora-chat-push/client';

// BASE_URL, ORG, APP and TOKEN: see "Code samples".
const { BASE_URL, ORG, APP, TOKEN } = process.env;
if (!BASE_URL || !ORG || !APP || !TOKEN) {
  throw new Error('Set BASE_URL, ORG, APP and TOKEN');
}
const client = createChatPushClient({
  baseUrl: BASE_URL,
  orgName: ORG,
  appName: APP,
  token: TOKEN,
});

// user1's preferred push language ('' = the original).
const { language } = await client.getPreferredNotificationLanguage('user1');
console.log(language || 'the original language');
