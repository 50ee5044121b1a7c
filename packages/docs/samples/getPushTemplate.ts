// npm i @agora-chat-push/client   (Node 20+; ESM: an .mts file,
// or "type": "module" in package.json)
import { ChatPushError, createChatPushClient } from '@agora-chat-push/client';

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

// The template test7. A template that does not exist is
// answered with 400 (not 404) and the error code
// entity_not_found, derived (no source prints it; ERRATA E17):
// ChatPushError.isNotFound tells.
try {
  const template = await client.getPushTemplate('test7');
  console.log(template.title_pattern);
  console.log(template.content_pattern);
} catch (error) {
  if (error instanceof ChatPushError && error.isNotFound) {
    console.log('There is no template test7.');
  } else {
    throw error;
  }
}
