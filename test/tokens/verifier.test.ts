// The sandbox's app-token check (@agora-chat-push/mock/app-token): each reason it refuses a token for, the
// tokens it accepts, and the credentials it refuses to start with. The clock is always injected.
import { deflateSync, inflateSync } from 'node:zlib';
import agoraToken from 'agora-token';
import { describe, expect, it } from 'vitest';
import { checkAppCredentials, createAppTokenVerifier, parseAppCredentials } from '../../packages/mock/src/app-token.js';
import { APP_CERTIFICATE, APP_ID, ISSUED_AT, OTHER_APP_ID, OTHER_CERTIFICATE, ServiceChat, buildToken, expectAbsent, parseToken } from './support.js';

// agora-token is CommonJS: Node gives its exports to an ES module as the default export only.
const { ChatTokenBuilder, RtcRole, RtcTokenBuilder } = agoraToken;

const at = (seconds: number) => () => seconds * 1000;
const verifierAt = (seconds: number) => createAppTokenVerifier({ appId: APP_ID, appCertificate: APP_CERTIFICATE }, { now: at(seconds) });
const verify = verifierAt(ISSUED_AT + 1);

/** Re-packs a token after changing its inflated bytes (the signature is left as it was). */
function tamper(token: string, change: (bytes: Buffer) => void): string {
  const bytes = inflateSync(Buffer.from(token.slice(3), 'base64'));
  change(bytes);
  return `007${deflateSync(bytes).toString('base64')}`;
}

describe('the app-token check accepts', () => {
  it("a token from ChatTokenBuilder.buildAppToken, Agora's official builder", () => {
    const token = ChatTokenBuilder.buildAppToken(APP_ID, APP_CERTIFICATE, 600);
    const { issueTs } = parseToken(token);
    expect(verifierAt(issueTs)(token)).toEqual({ ok: true });
  });

  it('a token until the last millisecond of its validity', () => {
    const token = buildToken({ expire: 600 });
    expect(createAppTokenVerifier({ appId: APP_ID, appCertificate: APP_CERTIFICATE }, { now: () => (ISSUED_AT + 600) * 1000 - 1 })(token)).toEqual({ ok: true });
  });

  it('a token with the app privilege among others in its chat service', () => {
    const token = buildToken({ privileges: { [ServiceChat.kPrivilegeApp]: 600, 7: 600 } });
    expect(verify(token)).toEqual({ ok: true });
  });
});

describe('the app-token check refuses', () => {
  it('an expired token: at issue time + its validity', () => {
    const token = buildToken({ expire: 600 });
    expect(verifierAt(ISSUED_AT + 600)(token)).toEqual({ ok: false, reason: 'expired' });
    expect(verifierAt(ISSUED_AT + 86_400)(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a token whose app privilege ends before the token does', () => {
    const token = buildToken({ expire: 3_600, privileges: { [ServiceChat.kPrivilegeApp]: 60 } });
    expect(verifierAt(ISSUED_AT + 59)(token)).toEqual({ ok: true });
    expect(verifierAt(ISSUED_AT + 60)(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a token signed with another certificate', () => {
    expect(verify(buildToken({ appCertificate: OTHER_CERTIFICATE }))).toEqual({ ok: false, reason: 'wrong signature' });
  });

  it('a token whose expiry was changed after signing', () => {
    const token = buildToken({ expire: 600 });
    // The expiry sits after the signature (2 + 32 bytes), the App ID (2 + 32) and the issue time (4).
    const longer = tamper(token, (bytes) => bytes.writeUInt32LE(86_400, 2 + 32 + 2 + 32 + 4));
    expect(parseToken(longer).expire).toBe(86_400);
    expect(verify(longer)).toEqual({ ok: false, reason: 'wrong signature' });
  });

  it('a token for another App ID, even one signed with the right certificate', () => {
    expect(verify(buildToken({ appId: OTHER_APP_ID }))).toEqual({ ok: false, reason: 'wrong App ID' });
    expect(verify(buildToken({ appId: APP_ID.toLowerCase() }))).toEqual({ ok: false, reason: 'wrong App ID' });
  });

  it('a user token (ChatTokenBuilder.buildUserToken), valid and signed with the right certificate', () => {
    const token = ChatTokenBuilder.buildUserToken(APP_ID, APP_CERTIFICATE, 'user1', 600);
    const { issueTs } = parseToken(token);
    expect(verifierAt(issueTs)(token)).toEqual({ ok: false, reason: 'not an app token' });
    expect(verify(buildToken({ userId: 'user1', privileges: { [ServiceChat.kPrivilegeUser]: 600 } }))).toEqual({ ok: false, reason: 'not an app token' });
  });

  it('a token of another Agora service (RTC)', () => {
    const token = RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERTIFICATE, 'channel', 42, RtcRole.PUBLISHER, 600, 600);
    const { issueTs } = parseToken(token);
    expect(verifierAt(issueTs)(token)).toEqual({ ok: false, reason: 'not an app token' });
  });

  const malformed: [string, unknown][] = [
    ['an empty string', ''],
    ['a word', 'token'],
    ['a token of the older 006 format', `006${APP_ID}IAD${'A'.repeat(80)}`],
    ['007 and nothing', '007'],
    ['007 and no base64 of deflated bytes', '007!!!!'],
    ['007 and deflated bytes too short for a token', `007${deflateSync(Buffer.from([1, 0, 9])).toString('base64')}`],
    ['a token cut in half', buildToken().slice(0, 60)],
    ['not a string', 42],
  ];
  for (const [name, token] of malformed) {
    it(`${name} as malformed`, () => {
      expect(verify(token as string)).toEqual({ ok: false, reason: 'malformed' });
    });
  }
});

describe('the app-token check', () => {
  it('reads the clock at each check', () => {
    let seconds = ISSUED_AT;
    const check = createAppTokenVerifier({ appId: APP_ID, appCertificate: APP_CERTIFICATE }, { now: () => seconds * 1000 });
    const token = buildToken({ expire: 600 });
    expect(check(token).ok).toBe(true);
    seconds += 600;
    expect(check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('gives the same verdicts for tokens it has seen, also after seeing more tokens than it remembers', () => {
    const check = verifierAt(ISSUED_AT + 1);
    const wrong = buildToken({ appCertificate: OTHER_CERTIFICATE });
    const tokens = Array.from({ length: 600 }, () => buildToken());
    expect(check(wrong)).toEqual({ ok: false, reason: 'wrong signature' });
    for (const token of tokens) expect(check(token)).toEqual({ ok: true });
    for (const token of tokens.slice(0, 3)) expect(check(token)).toEqual({ ok: true });
    expect(check(wrong)).toEqual({ ok: false, reason: 'wrong signature' });
  });

  it('answers without the token or the certificate', () => {
    const token = buildToken({ appCertificate: OTHER_CERTIFICATE });
    const verdict = verify(token);
    expectAbsent(verdict, token);
    expectAbsent(verify, APP_CERTIFICATE);
  });
});

describe('app credentials', () => {
  it('parse from <appId>:<appCertificate>', () => {
    expect(parseAppCredentials(`${APP_ID}:${APP_CERTIFICATE}`)).toEqual({ appId: APP_ID, appCertificate: APP_CERTIFICATE });
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['no colon', () => parseAppCredentials(`${APP_ID}${APP_CERTIFICATE}`), /--app-credentials must be <appId>:<appCertificate> .*got 1 part$/],
    ['two colons', () => parseAppCredentials(`${APP_ID}:${APP_CERTIFICATE}:x`), /got 3 parts$/],
    ['a short certificate', () => parseAppCredentials(`${APP_ID}:${APP_CERTIFICATE.slice(2)}`), /appCertificate must be 32 hexadecimal characters; got 30 characters/],
    ['a non-hex App ID', () => parseAppCredentials(`${APP_ID.slice(1)}x:${APP_CERTIFICATE}`), /appId must be 32 hexadecimal characters; got characters other than 0-9 and a-f/],
    ['no object', () => checkAppCredentials(undefined as never), /app credentials must be \{ appId, appCertificate \}/],
    ['a certificate that is not a string', () => checkAppCredentials({ appId: APP_ID, appCertificate: 5 as never }), /appCertificate .* got number/],
    ['a clock that is not a function', () => createAppTokenVerifier({ appId: APP_ID, appCertificate: APP_CERTIFICATE }, { now: 1 as never }), /now must be a function/],
  ];
  for (const [name, run, message] of bad) {
    it(`refuse ${name} with a message naming the rule, without the certificate`, () => {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).toMatch(message);
      expectAbsent(error, APP_CERTIFICATE.slice(2));
    });
  }
});
