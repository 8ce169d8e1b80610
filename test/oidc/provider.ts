import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidcProvider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, for the SSO tests and e2e: its
 * own keys, discovery, PKCE, its dev login form. `behaviour` makes one client's ID tokens wrong
 * the way a misconfigured or hostile provider would (for another audience, already expired),
 * by changing how the provider signs them, never our code.
 */

type ProviderClass = typeof oidcProvider.default;

/**
 * oidc-provider is an ES module; loaded through Playwright's CommonJS transform its class may sit
 * one or two `default`s deep.
 */
function providerClass(): ProviderClass {
  let candidate: unknown = oidcProvider;
  for (let depth = 0; depth < 3 && typeof candidate !== 'function'; depth++) candidate = (candidate as { default?: unknown }).default;
  return candidate as ProviderClass;
}

export type TestAccount = { email: string; emailVerified?: boolean; name?: string };
export type TestClient = { clientId: string; clientSecret: string; redirectUris: string[]; behaviour?: 'wrong-audience' | 'expired' };

export type TestProvider = {
  issuer: string;
  accounts: Map<string, TestAccount>;
  stop: () => Promise<void>;
};

export async function startTestProvider(clients: TestClient[], accounts: Record<string, TestAccount> = {}): Promise<TestProvider> {
  const accountMap = new Map(Object.entries(accounts));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const Provider = providerClass();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    findAccount: (_ctx, id) => {
      const account = accountMap.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name ?? id }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // The e-mail goes in the ID token itself, as most enterprise providers do.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  const behaviours = new Map(clients.filter((c) => c.behaviour).map((c) => [c.clientId, c.behaviour]));
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = async function (this: { client: { clientId: string } }, options) {
    const behaviour = behaviours.get(this.client.clientId);
    if (options.use !== 'idtoken' || !behaviour) return issue.call(this, options);
    if (behaviour === 'expired') return issue.call(this, { ...options, expiresAt: Math.floor(Date.now() / 1000) - 600 });
    const real = this.client;
    this.client = new Proxy(real, {
      get: (target, property) => (property === 'clientId' ? 'another-client' : Reflect.get(target, property, target)),
    });
    try {
      return await issue.call(this, options);
    } finally {
      this.client = real;
    }
  };
  // The provider's own errors belong to the test's output, not to an unhandled event.
  provider.on('server_error', (_ctx, error) => console.error('test OIDC provider error', error));
  server.on('request', provider.callback());
  return {
    issuer,
    accounts: accountMap,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Jar = Map<string, string>;

function remember(jar: Jar, response: Response) {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = pair!.split('=');
    jar.set(name!.trim(), value.join('='));
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Goes through the provider's login and consent forms as a browser would (cookies kept, each
 * redirect followed by hand) until the provider sends the browser back to `redirectPrefix`;
 * returns that callback URL with its code and state.
 */
export async function signInAtProvider(authorizationUrl: URL, login: string, redirectPrefix: string): Promise<URL> {
  const jar: Jar = new Map();
  let url = authorizationUrl.href;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(redirectPrefix)) return new URL(url);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: cookieHeader(jar), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    remember(jar, response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`the provider showed no form (HTTP ${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt }).toString();
  }
  throw new Error('the provider did not send the browser back');
}
