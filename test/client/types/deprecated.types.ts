// Compile-time tests of the deprecated 0.1.x names (issue 13 renamed them; they stay until 0.3.0): each old name
// is the same type as its new one, alone and under `components`.
import { expectTypeOf } from 'vitest';
import type {
  CreatePushTemplateResponse,
  DeletePushTemplateResponse,
  GetPushLanguageResponse,
  GetPushSettingsResponse,
  GetPushTemplateResponse,
  ResponseEnvelope,
  SetPushLanguageResponse,
  SetPushSettingsResponse,
  UpdateUserPushProfileResponse,
  components,
  paths,
} from '../../../packages/client/src/index.js';

type S = components['schemas'];
type P = components['parameters'];

expectTypeOf<GetPushSettingsResponse>().toEqualTypeOf<S['PushSettingsEnvelope']>();
expectTypeOf<SetPushSettingsResponse>().toEqualTypeOf<S['PushSettingsEnvelope']>();
expectTypeOf<GetPushLanguageResponse>().toEqualTypeOf<S['PushLanguageEnvelope']>();
expectTypeOf<SetPushLanguageResponse>().toEqualTypeOf<S['PushLanguageEnvelope']>();
expectTypeOf<CreatePushTemplateResponse>().toEqualTypeOf<S['PushTemplateEnvelope']>();
expectTypeOf<GetPushTemplateResponse>().toEqualTypeOf<S['PushTemplateEnvelope']>();
expectTypeOf<DeletePushTemplateResponse>().toEqualTypeOf<S['PushTemplateEnvelope']>();
expectTypeOf<UpdateUserPushProfileResponse>().toEqualTypeOf<S['UserEntitiesEnvelope']>();
expectTypeOf<S['GetPushSettingsResponse']>().toEqualTypeOf<S['PushSettingsEnvelope']>();
expectTypeOf<S['UpdateUserPushProfileResponse']>().toEqualTypeOf<S['UserEntitiesEnvelope']>();

// ResponseEnvelope (merged into each answer in the bundle since 0.2.0): the envelope fields every answer has.
expectTypeOf<S['ResponseEnvelope']>().toEqualTypeOf<ResponseEnvelope>();
expectTypeOf<ResponseEnvelope['uri']>().toEqualTypeOf<string>();
expectTypeOf<ResponseEnvelope['timestamp']>().toEqualTypeOf<number>();
expectTypeOf<ResponseEnvelope['organization']>().toEqualTypeOf<string | undefined>();
expectTypeOf<S['PushSettingsEnvelope']>().toMatchTypeOf<ResponseEnvelope>();
expectTypeOf<S['UserEntitiesEnvelope']>().toMatchTypeOf<ResponseEnvelope>();
expectTypeOf<ResponseEnvelope>().not.toHaveProperty('data');

// The envelopes keep their payload: `data` (or `entities`) is required and typed.
expectTypeOf<S['PushSettingsEnvelope']['data']>().toEqualTypeOf<S['PushSettings']>();
expectTypeOf<S['PushTemplateEnvelope']['data']>().toEqualTypeOf<S['PushTemplate']>();
expectTypeOf<S['PushLanguageEnvelope']['data']>().toEqualTypeOf<S['PushLanguage']>();
expectTypeOf<S['UserEntitiesEnvelope']['entities']>().toEqualTypeOf<S['UserEntity'][]>();

// The old parameter names, and the new ones the paths use.
expectTypeOf<P['Username']>().toEqualTypeOf<P['UsernamePath']>();
expectTypeOf<P['ConversationType']>().toEqualTypeOf<'user' | 'chatgroup'>();
expectTypeOf<P['TemplateName']>().toEqualTypeOf<P['TemplateNamePath']>();
expectTypeOf<paths['/{org_name}/{app_name}/users/{username}']['put']['parameters']['path']['username']>().toEqualTypeOf<P['UsernamePath']>();

// The display style: the integer and the string form, each a named schema.
expectTypeOf<S['NotificationDisplayStyle']>().toEqualTypeOf<S['DisplayStyleCode'] | S['DisplayStyleCodeString']>();
expectTypeOf<S['DisplayStyleCode']>().toEqualTypeOf<0 | 1>();
expectTypeOf<NonNullable<S['UserEntity']['notification_display_style']>>().toEqualTypeOf<0 | 1 | '0' | '1'>();
