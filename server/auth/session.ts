import 'server-only';
import { getServerSession } from 'next-auth';
import { getDb } from '@/db/client';
import { authOptions } from './options';
import { resolvePrincipal, type Resolution } from './principal';
import type { SessionClaims } from './types';

type TokenSession = { claims?: SessionClaims };

/** The signed-in principal of the current request (RSC, route handlers), checked against the database. */
export async function getSessionResolution(): Promise<Resolution | null> {
  const session = await getServerSession({
    ...authOptions,
    callbacks: {
      ...authOptions.callbacks,
      session: ({ session, token }) => ({ ...session, claims: token.claims }) as typeof session,
    },
  });
  const claims = (session as TokenSession | null)?.claims;
  if (!claims) return null;
  return resolvePrincipal(getDb(), claims);
}
