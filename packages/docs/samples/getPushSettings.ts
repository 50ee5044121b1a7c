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

// user1's app-level push mode and DND, then those of the
// group 12312312321. A setting never made can be absent;
// ignoreDuration is the Unix time (ms) when DND ends.
const appLevel = await client.getSilentModeForAll('user1');
const { type, ignoreInterval, ignoreDuration } = appLevel;
console.log(type, ignoreInterval, ignoreDuration);

const group = await client.getSilentModeForConversation('user1', { type: 'chatgroup', key: '12312312321' });
console.log(group.type);
