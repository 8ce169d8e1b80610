import 'server-only';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authenticate, SignInError } from './sign-in';
import type { SessionClaims } from './types';
import { clientIp } from './request-meta';
import { endSession, newSessionId } from './sessions';

export const SESSION_HOURS = 12;

type HeaderBag = Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | null {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** next-auth (v4) with one credentials provider: workspace, email, password. */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: '/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Workspace account',
      credentials: {
        workspace: { label: 'Workspace', type: 'text' },
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, req) {
        const headers = req?.headers as HeaderBag;
        try {
          const principal = await authenticate(getDb(), credentials, {
            ip: clientIp((name) => header(headers, name)),
            userAgent: header(headers, 'user-agent'),
            correlationId: header(headers, 'x-correlation-id'),
          });
          // When the session began: suspending a tenant or deactivating a user ends older sessions.
          const signedInAt = Date.now();
          const sid = newSessionId();
          const claims: SessionClaims =
            principal.kind === 'superadmin'
              ? { kind: 'superadmin', id: principal.id, signedInAt, sid }
              : { kind: 'user', id: principal.id, tenantId: principal.tenantId, signedInAt, sid };
          return { id: principal.id, email: principal.email, name: principal.name, claims, principal } as User;
        } catch (error) {
          // next-auth passes the message to the client as `error`; only ours are safe to show.
          if (error instanceof SignInError) throw new Error(error.message);
          console.error('sign-in failed', error);
          throw new Error('Sign-in is unavailable right now. Try again in a moment.');
        }
      },
    }),
  ],
  events: {
    // The browser drops its cookie; the server ends the session too, so no copy of it still works.
    async signOut({ token }) {
      const claims = (token as { claims?: SessionClaims } | null)?.claims;
      if (!claims) return;
      const expiresAt = typeof token.exp === 'number' ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_HOURS * 3_600_000);
      await endSession(getDb(), claims, expiresAt, { ip: null, userAgent: null, correlationId: null });
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const signedIn = user as User & { claims: SessionClaims; principal: unknown };
        token.claims = signedIn.claims;
        token.principal = signedIn.principal;
      }
      return token;
    },
    async session({ session, token }) {
      // The client sees who signed in (user, tenant, permissions as of sign-in); the server
      // always re-reads the live state (server/auth/principal.ts).
      return { ...session, principal: token.principal } as typeof session;
    },
  },
};
