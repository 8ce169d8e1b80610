import 'server-only';
import { getDb } from '@/db/client';
import { requestMetaOf } from '@/server/auth/request-meta';
import { getSessionResolution } from '@/server/auth/session';
import { publicBaseUrl } from '@/server/shared/links';
import { SsoFailure } from './failures';
import { FLOW_COOKIE, flowCookieHeader } from './flow-cookie';
import { completeSso, ssoDiscovery, startSso } from './flow';
import { sessionCookieHeaders } from './session-cookie';

/** The SSO routes (app/api/auth/sso/...): thin adapters from HTTP to server/sso/flow.ts. */

const NO_STORE = { 'cache-control': 'no-store' };

function redirect(path: string, cookies: string[] = []): Response {
  const headers = new Headers({ location: `${publicBaseUrl()}${path}`, ...NO_STORE });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

function signInPath(slug: string, reason: string): string {
  return `/sign-in?${new URLSearchParams({ workspace: slug.slice(0, 48), sso_error: reason }).toString()}`;
}

const settingsPath = (slug: string) => `/t/${encodeURIComponent(slug)}/settings?sso_test=1#single-sign-on`;

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

async function currentPrincipal() {
  const resolution = await getSessionResolution();
  return resolution?.ok ? resolution.principal : null;
}

/** GET /api/auth/sso/<slug>: whether the sign-in page offers SSO for the workspace typed. */
export async function discoveryResponse(slug: string): Promise<Response> {
  return Response.json(await ssoDiscovery(getDb(), slug), { headers: NO_STORE });
}

/** GET /api/auth/sso/<slug>/start[?mode=test]: to the provider, with the sealed flow cookie. */
export async function startResponse(request: Request, slug: string): Promise<Response> {
  const mode = new URL(request.url).searchParams.get('mode') === 'test' ? 'test' : 'sign-in';
  try {
    const tester = mode === 'test' ? await currentPrincipal() : null;
    const started = await startSso(getDb(), { slug, mode, tester });
    return new Response(null, {
      status: 303,
      headers: { location: started.redirect.href, 'set-cookie': flowCookieHeader(started.cookie), ...NO_STORE },
    });
  } catch (error) {
    if (!(error instanceof SsoFailure)) console.error('SSO start failed', error);
    const reason = error instanceof SsoFailure ? error.reason : 'provider_unreachable';
    return redirect(mode === 'test' ? `${settingsPath(slug)}` : signInPath(slug, reason));
  }
}

/** GET /api/auth/sso/<slug>/callback: checks the provider's answer, then signs in (or records the test). */
export async function callbackResponse(request: Request, slug: string): Promise<Response> {
  const clear = flowCookieHeader(null);
  const meta = requestMetaOf(request.headers);
  try {
    const outcome = await completeSso(getDb(), {
      slug,
      search: new URL(request.url).searchParams,
      flowCookie: cookieValue(request, FLOW_COOKIE),
      tester: await currentPrincipal(),
      meta,
    });
    if (outcome.kind === 'tested') return redirect(settingsPath(outcome.slug), [clear]);
    const session = await sessionCookieHeaders(outcome.principal);
    return redirect(`/t/${encodeURIComponent(outcome.principal.tenantSlug)}`, [clear, ...session]);
  } catch (error) {
    if (error instanceof SsoFailure && error.inTest) return redirect(settingsPath(slug), [clear]);
    if (!(error instanceof SsoFailure)) console.error('SSO callback failed', error);
    return redirect(signInPath(slug, error instanceof SsoFailure ? error.reason : 'provider_unreachable'), [clear]);
  }
}
