import 'server-only';
import { encode } from 'next-auth/jwt';
import type { SignedIn } from '@/server/auth/sign-in';
import { newSessionId } from '@/server/auth/sessions';
import { SESSION_HOURS } from '@/server/auth/options';
import type { SessionClaims } from '@/server/auth/types';

/**
 * The session an SSO sign-in ends with is exactly the one a password sign-in creates: next-auth's
 * encrypted JWT with the same claims (user, tenant, when it began, a session id), in next-auth's
 * cookie, so it is resolved, listed, signed out and revoked the same way (server/auth/principal.ts).
 */

/** next-auth's limit per cookie; a longer token is split into `.0`, `.1`… as next-auth does. */
const CHUNK_SIZE = 4096 - 163;

export async function sessionCookieHeaders(principal: Extract<SignedIn, { kind: 'user' }>, now = Date.now()): Promise<string[]> {
  const secret = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (!secret) throw new Error('Set NEXTAUTH_SECRET before signing anyone in.');
  const maxAge = SESSION_HOURS * 60 * 60;
  const claims: SessionClaims = { kind: 'user', id: principal.id, tenantId: principal.tenantId, signedInAt: now, sid: newSessionId() };
  // The fields next-auth's jwt callback would have put there for a credentials sign-in.
  const token = await encode({
    secret,
    maxAge,
    token: { name: principal.name, email: principal.email, sub: principal.id, claims, principal },
  });
  const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;
  const name = `${secure ? '__Secure-' : ''}next-auth.session-token`;
  const attributes = `Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  if (token.length <= CHUNK_SIZE) return [`${name}=${token}; ${attributes}`];
  const chunks: string[] = [];
  for (let i = 0; i * CHUNK_SIZE < token.length; i++)
    chunks.push(`${name}.${i}=${token.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)}; ${attributes}`);
  return chunks;
}
