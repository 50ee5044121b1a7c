// A partner program on orval's output (./orval/api.ts, fetch client, with ./orval-fetch.ts as its mutator).
import { DisplayStyleCode, getPushSettings, setPushSettings, updatePushDisplay, type PushSettings, type UserEntity } from './orval/api.js';
import { configure } from './orval-fetch.js';

export async function run(baseUrl: string, token: string): Promise<{ user: UserEntity; settings: PushSettings }> {
  configure(baseUrl, token);
  const display = await updatePushDisplay('hx', 'hxdemo', 'user1', { notification_display_style: DisplayStyleCode.MESSAGE_SHOWN });
  if (display.status !== 200) throw new Error(`updatePushDisplay: ${display.status} ${display.data.error}`);
  const [user] = display.data.entities;
  if (!user) throw new Error('updatePushDisplay: no entity in the answer');
  const set = await setPushSettings('hx', 'hxdemo', 'user1', 'user', 'user1', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 0 });
  if (set.status !== 200) throw new Error(`setPushSettings: ${set.status} ${set.data.error}`);
  const read = await getPushSettings('hx', 'hxdemo', 'user1', 'user', 'user1');
  if (read.status !== 200) throw new Error(`getPushSettings: ${read.status} ${read.data.error}`);
  return { user, settings: read.data.data };
}
