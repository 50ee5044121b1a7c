// The part of `agora-token` (Agora's official token builder, CommonJS) that the app-token subpath uses.
// The package types only its builders (index.d.ts), not `src/AccessToken2.js`, whose constructor takes the
// issue time: `ChatTokenBuilder.buildAppToken` reads the wall clock, so a provider with an injected clock
// builds the same token from these pieces (see app-token.ts). Not part of the public types.
declare module 'agora-token/src/AccessToken2.js' {
  export class ServiceChat {
    static readonly kPrivilegeUser: number;
    static readonly kPrivilegeApp: number;
    constructor(userId?: string);
    add_privilege(privilege: number, expire: number): void;
  }
  export class AccessToken2 {
    /** `issueTs`: Unix time in seconds; `expire`: seconds after `issueTs`. */
    constructor(appId?: string, appCertificate?: string, issueTs?: number, expire?: number);
    add_service(service: ServiceChat): void;
    /** The `007…` token, or `''` when the App ID or certificate is not 32 hex characters. */
    build(): string;
  }
}
