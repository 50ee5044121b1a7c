/**
 * Names of the 0.1.x description that 0.2.0 renamed (issue 13: names that generators such as hey-api clashed on),
 * kept as deprecated aliases for one minor version: they go in 0.3.0. Types only: nothing here reaches the bundle.
 * @packageDocumentation
 */
import type { components as GeneratedComponents } from './generated/openapi.js';

type Schemas = GeneratedComponents['schemas'];
type Parameters = GeneratedComponents['parameters'];

/** @deprecated Renamed `PushSettingsEnvelope` (one schema for get and set); this alias goes in 0.3.0. */
export type GetPushSettingsResponse = Schemas['PushSettingsEnvelope'];
/** @deprecated Renamed `PushSettingsEnvelope` (one schema for get and set); this alias goes in 0.3.0. */
export type SetPushSettingsResponse = Schemas['PushSettingsEnvelope'];
/** @deprecated Renamed `PushLanguageEnvelope` (one schema for get and set); this alias goes in 0.3.0. */
export type GetPushLanguageResponse = Schemas['PushLanguageEnvelope'];
/** @deprecated Renamed `PushLanguageEnvelope` (one schema for get and set); this alias goes in 0.3.0. */
export type SetPushLanguageResponse = Schemas['PushLanguageEnvelope'];
/** @deprecated Renamed `PushTemplateEnvelope` (one schema for create, get and delete); this alias goes in 0.3.0. */
export type CreatePushTemplateResponse = Schemas['PushTemplateEnvelope'];
/** @deprecated Renamed `PushTemplateEnvelope` (one schema for create, get and delete); this alias goes in 0.3.0. */
export type GetPushTemplateResponse = Schemas['PushTemplateEnvelope'];
/** @deprecated Renamed `PushTemplateEnvelope` (one schema for create, get and delete); this alias goes in 0.3.0. */
export type DeletePushTemplateResponse = Schemas['PushTemplateEnvelope'];
/** @deprecated Renamed `UserEntitiesEnvelope`; this alias goes in 0.3.0. */
export type UpdateUserPushProfileResponse = Schemas['UserEntitiesEnvelope'];

/**
 * @deprecated The published description merges the envelope fields into each answer schema (`PushSettingsEnvelope`,
 * ...), so it has no `ResponseEnvelope` of its own since 0.2.0; this type (those answers without their payload) goes
 * in 0.3.0.
 */
export type ResponseEnvelope = Omit<Schemas['PushTemplateEnvelope'], 'data'>;

/** The 0.1.x schema names, under `components['schemas']`. */
interface DeprecatedSchemas {
  /** @deprecated Use the answer's own schema (`components['schemas']['PushSettingsEnvelope']`, ...); goes in 0.3.0. */
  ResponseEnvelope: ResponseEnvelope;
  /** @deprecated Use `components['schemas']['PushSettingsEnvelope']`; goes in 0.3.0. */
  GetPushSettingsResponse: GetPushSettingsResponse;
  /** @deprecated Use `components['schemas']['PushSettingsEnvelope']`; goes in 0.3.0. */
  SetPushSettingsResponse: SetPushSettingsResponse;
  /** @deprecated Use `components['schemas']['PushLanguageEnvelope']`; goes in 0.3.0. */
  GetPushLanguageResponse: GetPushLanguageResponse;
  /** @deprecated Use `components['schemas']['PushLanguageEnvelope']`; goes in 0.3.0. */
  SetPushLanguageResponse: SetPushLanguageResponse;
  /** @deprecated Use `components['schemas']['PushTemplateEnvelope']`; goes in 0.3.0. */
  CreatePushTemplateResponse: CreatePushTemplateResponse;
  /** @deprecated Use `components['schemas']['PushTemplateEnvelope']`; goes in 0.3.0. */
  GetPushTemplateResponse: GetPushTemplateResponse;
  /** @deprecated Use `components['schemas']['PushTemplateEnvelope']`; goes in 0.3.0. */
  DeletePushTemplateResponse: DeletePushTemplateResponse;
  /** @deprecated Use `components['schemas']['UserEntitiesEnvelope']`; goes in 0.3.0. */
  UpdateUserPushProfileResponse: UpdateUserPushProfileResponse;
}

/** The 0.1.x parameter names, under `components['parameters']` (now suffixed `Path`). */
interface DeprecatedParameters {
  /** @deprecated Use `components['parameters']['OrgNamePath']`; goes in 0.3.0. */
  OrgName: Parameters['OrgNamePath'];
  /** @deprecated Use `components['parameters']['AppNamePath']`; goes in 0.3.0. */
  AppName: Parameters['AppNamePath'];
  /** @deprecated Use `components['parameters']['UsernamePath']`; goes in 0.3.0. */
  Username: Parameters['UsernamePath'];
  /** @deprecated Use `components['parameters']['ConversationTypePath']`; goes in 0.3.0. */
  ConversationType: Parameters['ConversationTypePath'];
  /** @deprecated Use `components['parameters']['ConversationKeyPath']`; goes in 0.3.0. */
  ConversationKey: Parameters['ConversationKeyPath'];
  /** @deprecated Use `components['parameters']['TemplateNamePath']`; goes in 0.3.0. */
  TemplateName: Parameters['TemplateNamePath'];
}

/**
 * The component types openapi-typescript generates from the description (`components['schemas']['PushSettings']`,
 * ...), plus the 0.1.x names of renamed schemas and parameters, deprecated until 0.3.0.
 */
export type components = Omit<GeneratedComponents, 'schemas' | 'parameters'> & {
  schemas: Schemas & DeprecatedSchemas;
  parameters: Parameters & DeprecatedParameters;
};
