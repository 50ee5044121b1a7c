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

// 1: show the sender's nickname and the message in
// user1's push notifications; 0: "Click to check" only.
const user =
  await client.updatePushDisplayStyle('user1', 1);
console.log(user.username, user.notification_display_style);
