// A partner program on openapi-zod-client's output (./openapi-zod-client/client.ts: zod schemas and a Zodios client,
// which checks every answer against its zod schema).
import { createApiClient, type schemas } from './openapi-zod-client/client.js';
import type { z } from 'zod';

type PushSettings = z.infer<typeof schemas.PushSettings>;
type UserEntity = z.infer<typeof schemas.UserEntity>;

export async function run(baseUrl: string, token: string): Promise<{ user: UserEntity; settings: PushSettings }> {
  const api = createApiClient(baseUrl);
  const headers = { Authorization: `Bearer ${token}` };
  const app = { org_name: 'hx', app_name: 'hxdemo' };
  const display = await api.updatePushDisplay({ notification_display_style: 1 }, { params: { ...app, username: 'user1' }, headers });
  const [user] = display.entities;
  if (!user) throw new Error('updatePushDisplay: no entity in the answer');
  const params = { ...app, username: 'user1', type: 'user' as const, key: 'user1' };
  await api.setPushSettings({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 0 }, { params, headers });
  const read = await api.getPushSettings({ params, headers });
  return { user, settings: read.data };
}
