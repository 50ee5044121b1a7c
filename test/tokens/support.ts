// Shared by the app-token tests: fixed credentials, a token builder with every field under the test's control
// (Agora's own AccessToken2 and ServiceChat, the pieces ChatTokenBuilder uses), a parser, and the ways a value
// gets printed.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { expect } from 'vitest';

interface ChatService {
  add_privilege(privilege: number, seconds: number): void;
  __privileges: Record<number, number>;
  __user_id: { toString(): string };
}
/** agora-token's src/AccessToken2.js (CommonJS, untyped; its index exports only the builders). */
interface AgoraAccessToken2 {
  kChatServiceType: number;
  ServiceChat: { readonly kPrivilegeApp: number; readonly kPrivilegeUser: number; new (userId?: string): ChatService };
  AccessToken2: new (
    appId?: string,
    appCertificate?: string,
    issueTs?: number,
    expire?: number,
  ) => {
    appId: { toString(): string };
    issueTs: number;
    expire: number;
    add_service(service: ChatService): void;
    build(): string;
    from_string(token: string): boolean;
    verifySignature(appCertificate: string): boolean;
    getServices(serviceType: number): ChatService[];
  };
}
export const { AccessToken2, ServiceChat, kChatServiceType } = createRequire(import.meta.url)('agora-token/src/AccessToken2.js') as AgoraAccessToken2;

// Agora's published sample credentials (agora-token's own tests use them): not a real project's.
export const APP_ID = '970CA35de60c44645bbae8a215061b33';
export const APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';
export const OTHER_APP_ID = '0123456789abcdef0123456789abcdef';
export const OTHER_CERTIFICATE = 'fedcba9876543210fedcba9876543210';

/** 2026-11-29T00:00:00Z, in seconds: the issue time of the fixed tokens. */
export const ISSUED_AT = 1_795_910_400;

export interface TokenSpec {
  appId?: string;
  appCertificate?: string;
  issueTs?: number;
  /** Seconds after the issue time the token expires. */
  expire?: number;
  /** Privilege -> seconds; default the chat app privilege for `expire`. */
  privileges?: Record<number, number>;
  /** A user token's user ID (with privileges { user }). */
  userId?: string;
}

/** Builds an AccessToken2 with one chat service, as ChatTokenBuilder does, with the issue time given. */
export function buildToken(spec: TokenSpec = {}): string {
  const expire = spec.expire ?? 600;
  const token = new AccessToken2(spec.appId ?? APP_ID, spec.appCertificate ?? APP_CERTIFICATE, spec.issueTs ?? ISSUED_AT, expire);
  const chat = new ServiceChat(spec.userId);
  for (const [privilege, seconds] of Object.entries(spec.privileges ?? { [ServiceChat.kPrivilegeApp]: expire })) {
    chat.add_privilege(Number(privilege), seconds);
  }
  token.add_service(chat);
  return token.build();
}

/** What agora-token reads from a token. */
export function parseToken(token: string) {
  const parsed = new AccessToken2();
  if (!parsed.from_string(token)) throw new Error('not an AccessToken2 token');
  const chat = parsed.getServices(kChatServiceType);
  return {
    appId: parsed.appId.toString(),
    issueTs: parsed.issueTs,
    expire: parsed.expire,
    chat: chat.map((s) => ({ privileges: { ...s.__privileges }, userId: s.__user_id.toString() })),
    signedWith: (certificate: string) => parsed.verifySignature(certificate),
  };
}

/** Every way a value gets printed, logged or serialized. */
export const renderings = (value: unknown): string[] => [
  String(value),
  JSON.stringify(value) ?? '',
  inspect(value, { depth: 10, showHidden: true }),
  value instanceof Error ? `${value.message}\n${value.stack ?? ''}` : '',
];

/** Fails when `secret` appears in any rendering of `value` (also lower-cased, in case something normalises hex). */
export function expectAbsent(value: unknown, secret: string): void {
  for (const text of renderings(value)) {
    expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  }
}
