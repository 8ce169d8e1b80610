import 'server-only';
import { getServerSession } from 'next-auth';
import { cookies } from 'next/headers';
import { getDb, type Db } from '@/db/client';
import { authenticateApiKey } from '@/server/api-keys/authenticate';
import { bearerToken } from '@/server/api-keys/secret';
import { ACTING_COOKIE, readActingCookie } from './acting';
import { authOptions } from './options';
import { resolvePrincipal, type Resolution } from './principal';
import { requestMetaOf } from './request-meta';
import type { SessionClaims } from './types';

type TokenSession = { claims?: SessionClaims };

/** The signed-in principal of the current request (RSC, route handlers), checked against the database. */
export async function getSessionResolution(db?: Db): Promise<Resolution | null> {
  const session = await getServerSession({
    ...authOptions,
    callbacks: {
      ...authOptions.callbacks,
      session: ({ session, token }) => ({ ...session, claims: token.claims }) as typeof session,
    },
  });
  let claims = (session as TokenSession | null)?.claims;
  if (!claims) return null;
  if (claims.kind === 'superadmin') {
    const jar = await cookies();
    claims = { ...claims, actingTenantId: readActingCookie(jar.get(ACTING_COOKIE)?.value, claims.id) };
  }
  // The database is reached only once there is a session (a build's prerender has none).
  return resolvePrincipal(db ?? getDb(), claims);
}

/** next-auth's session cookie, plain or `__Secure-` (https), whole or split into chunks (.0, .1…). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/** API requests: a Bearer API key if one is sent, otherwise the browser session (none without its cookie). */
export async function resolveRequest(headers: Headers, path: string | null, db?: Db): Promise<Resolution | null> {
  const key = bearerToken(headers.get('authorization'));
  if (key) {
    return authenticateApiKey(db ?? getDb(), key, { ...requestMetaOf(headers), path });
  }
  if (!SESSION_COOKIE.test(headers.get('cookie') ?? '')) return null;
  return getSessionResolution(db);
}
