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

// App level: push nothing, silence 21:30-08:00 daily
// and all pushes for the next 24 hours.
const appLevel = await client.setSilentModeForAll('user1', {
  type: 'NONE',
  ignoreInterval: '21:30-08:00',
  ignoreDuration: 86_400_000,
});
// In the answer, ignoreDuration is the time DND ends.
if (appLevel.ignoreDuration) {
  const until = new Date(appLevel.ignoreDuration);
  console.log('DND until', until.toISOString());
}

// One conversation, the group 12312312321: push only the
// messages that mention user1. (ignoreInterval is valid
// only at the app level.)
const group = await client.setSilentModeForConversation(
  'user1',
  { type: 'chatgroup', key: '12312312321' },
  { type: 'AT' },
);
console.log(group.type);
