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

// The name shown as the sender in user1's push
// notifications: at most 100 characters.
const user =
  await client.updatePushNickname('user1', 'testuser');
console.log(user.username, user.nickname);
