import 'server-only';
import net from 'node:net';
import * as client from 'openid-client';
import { checkModelUrl, parseAllowedHosts, type EgressOptions } from '@/server/ai/egress';
import { publicBaseUrl } from '@/server/shared/links';
import { guardedFetch, ssoEgressOptions } from './egress-fetch';

/**
 * The OpenID Connect client: openid-client does discovery, PKCE (S256), state and nonce, and
 * verifies the ID token (signature against the issuer's published keys, issuer, audience,
 * expiry); every request it makes goes through the egress guard.
 */

export type ProviderConfig = { issuer: string; clientId: string; clientSecret: string };

/** Seconds openid-client waits for each request to the provider. */
const TIMEOUT_SECONDS = 10;

/** The callback the provider sends people back to; admins register it with their provider. */
export function redirectUri(slug: string): string {
  return `${publicBaseUrl()}/api/auth/sso/${encodeURIComponent(slug)}/callback`;
}

/**
 * Plain http is for a provider on the operator's own allow-list (a local test provider); every
 * other issuer must be https.
 */
export function plainHttpAllowed(issuer: string, allowedHosts = process.env.SSO_ALLOWED_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const allowed = parseAllowedHosts(allowedHosts);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = net.isIP(host);
  return family ? allowed.addresses.check(host, family === 6 ? 'ipv6' : 'ipv4') : allowed.hosts.has(host);
}

export async function discover(provider: ProviderConfig, egress: EgressOptions = {}): Promise<client.Configuration> {
  // Checked first so a refused issuer is reported as such (guardedFetch checks every request again).
  await checkModelUrl(provider.issuer, ssoEgressOptions(egress));
  const execute: Array<(config: client.Configuration) => void> = [client.enableNonRepudiationChecks];
  if (new URL(provider.issuer).protocol === 'http:' && plainHttpAllowed(provider.issuer, egress.allowedHosts)) {
    execute.push(client.allowInsecureRequests);
  }
  return client.discovery(new URL(provider.issuer), provider.clientId, undefined, client.ClientSecretBasic(provider.clientSecret), {
    [client.customFetch]: guardedFetch(egress),
    execute,
    timeout: TIMEOUT_SECONDS,
  });
}

export type Authorization = { url: URL; state: string; nonce: string; verifier: string };

export async function authorizationRequest(config: client.Configuration, slug: string): Promise<Authorization> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(slug),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, verifier };
}

/** Who the provider says signed in, from a verified ID token. */
export type Identity = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** Redeems the code (PKCE, state, nonce checked) and reads the verified ID token's claims. */
export async function redeemCode(
  config: client.Configuration,
  slug: string,
  search: URLSearchParams,
  checks: { state: string; nonce: string; verifier: string },
): Promise<Identity> {
  // Built from the configured base URL, not the request's: behind a proxy the two differ.
  const callbackUrl = new URL(`${redirectUri(slug)}?${search.toString()}`);
  const tokens = await client.authorizationCodeGrant(
    config,
    callbackUrl,
    { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true },
    { redirect_uri: redirectUri(slug) },
  );
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider returned no ID token');
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : null;
  return { subject: claims.sub, email, emailVerified: claims.email_verified === true, name };
}
