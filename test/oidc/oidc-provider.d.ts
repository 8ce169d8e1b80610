/**
 * The part of oidc-provider (which ships no types) the test provider uses. Test-only: the app
 * talks to providers through openid-client.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AccountClaims = { sub: string; [claim: string]: unknown };
  export type Account = { accountId: string; claims: (use: string, scope: string) => Promise<AccountClaims> | AccountClaims };
  export type ClientMetadata = {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
  };
  export type Configuration = {
    clients?: ClientMetadata[];
    findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined> | Account | undefined;
    claims?: Record<string, string[]>;
    features?: Record<string, { enabled: boolean }>;
    pkce?: { required?: () => boolean };
    conformIdTokenClaims?: boolean;
    cookies?: { keys?: string[] };
    ttl?: Record<string, number>;
  };
  type IdTokenInstance = { client: { clientId: string }; issue: (options: { use: string; expiresAt?: number | null }) => Promise<string> };
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    IdToken: { prototype: IdTokenInstance };
  }
}
