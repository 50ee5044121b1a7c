// A partner program on @hey-api/openapi-ts's output (./hey-api/): its SDK functions, typed from the description.
import { createClient, createConfig } from './hey-api/client/index.js';
import { getPushSettings, setPushSettings, updatePushDisplay } from './hey-api/sdk.gen.js';
import type { DisplayStyleCode, PushSettings, UserEntity } from './hey-api/types.gen.js';

export async function run(baseUrl: string, token: string): Promise<{ user: UserEntity; settings: PushSettings }> {
  const client = createClient(createConfig({ baseUrl, auth: token }));
  const app = { org_name: 'hx', app_name: 'hxdemo' };
  const style: DisplayStyleCode = 1;
  const display = await updatePushDisplay({ client, throwOnError: true, path: { ...app, username: 'user1' }, body: { notification_display_style: style } });
  const [user] = display.data.entities;
  if (!user) throw new Error('updatePushDisplay: no entity in the answer');
  const path = { ...app, username: 'user1', type: 'user' as const, key: 'user1' };
  await setPushSettings({ client, throwOnError: true, path, body: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 0 } });
  const read = await getPushSettings({ client, throwOnError: true, path });
  return { user, settings: read.data.data };
}
