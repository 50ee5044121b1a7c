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

// Create the template test7 (1 to 64 letters and digits).
// A sender fills {0} per message from the message's
// ext.em_push_template title_args / content_args.
const template = await client.createPushTemplate({
  name: 'test7',
  title_pattern: 'Hello,{0}',
  content_pattern: 'Test,{0}',
});
const { name, title_pattern, content_pattern } = template;
console.log(name, title_pattern, content_pattern);
