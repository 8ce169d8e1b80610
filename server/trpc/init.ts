/**
 * tRPC setup, in three parts: 1. the context of each request, 2. initialisation (transformer and
 * error formatter), 3. the procedure builders every router is made of. Authorization lives here,
 * in the builders, and never in resolvers. Docs: https://trpc.io/docs/server/procedures
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { getDb, type Db, type Tx } from '@/db/client';
import type { Permission } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenant';
import type { Resolution } from '@/server/auth/principal';
import { clientIp } from '@/server/auth/request-meta';
import type { Principal, RequestMeta } from '@/server/auth/types';

// 1. Context ------------------------------------------------------------------------------------

export type CreateContextOptions = {
  headers: Headers;
  /** How this request's session is found: next-auth in the app, a fixed principal in tests. */
  resolveSession: () => Promise<Resolution | null>;
  /** The privileged client; tests pass the database of their own file. */
  db?: Db;
};

export async function createTRPCContext(opts: CreateContextOptions) {
  const meta: RequestMeta = {
    ip: clientIp((name) => opts.headers.get(name)),
    userAgent: opts.headers.get('user-agent'),
    correlationId: opts.headers.get('x-correlation-id') ?? randomUUID(),
  };
  return { headers: opts.headers, meta, resolveSession: opts.resolveSession, rootDb: opts.db ?? getDb() };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

// 2. Initialisation ----------------------------------------------------------------------------

type Issue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string };

/** zod (and any Standard Schema) issues as `{ "field.path": ["message"] }` for forms. */
function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  if (!cause || typeof cause !== 'object' || !('issues' in cause)) return null;
  const issues = (cause as { issues: unknown }).issues;
  if (!Array.isArray(issues)) return null;
  const out: Record<string, string[]> = {};
  for (const issue of issues as Issue[]) {
    const key =
      (issue.path ?? [])
        .map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p)))
        .join('.') || '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const fieldErrors = error.code === 'BAD_REQUEST' ? fieldErrorsOf(error.cause) : null;
    const hidden = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // Never a stack trace or driver message in front of a person.
      message: hidden ? 'Something went wrong on our side. Try again in a moment.' : fieldErrors ? 'Some fields are not valid.' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures --------------------------------------------------------------------------------

/** Anyone; no database access. */
export const publicProcedure = t.procedure;

/** A signed-in principal, checked against the database (deactivated or suspended: refused). */
export const authedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const resolution = await ctx.resolveSession();
  if (!resolution) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (!resolution.ok) {
    const message =
      resolution.reason === 'suspended'
        ? 'This workspace is suspended.'
        : resolution.reason === 'deactivated'
          ? 'This account has been deactivated.'
          : 'Your session has ended. Sign in again.';
    throw new TRPCError({ code: 'UNAUTHORIZED', message });
  }
  return next({ ctx: { principal: resolution.principal } });
});

type TenantPrincipal = Extract<Principal, { kind: 'user' }>;

/**
 * A member of a tenant. `ctx.db` is a transaction running as the application role with the
 * tenant set, so RLS scopes every query; it commits when the resolver returns.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (ctx.principal.kind !== 'user') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This action needs a workspace account.' });
  }
  const principal: TenantPrincipal = ctx.principal;
  return withTenant(
    { tenantId: principal.tenantId, userId: principal.id },
    async (tx) => {
      const result = await next({ ctx: { principal, db: tx as Tx, tenantId: principal.tenantId } });
      // next() reports errors as a result; throw so the transaction rolls back.
      if (!result.ok) throw result.error;
      return result;
    },
    ctx.rootDb,
  );
});

/** A tenant member holding `permission`; the error names what is missing. */
export function permissionProcedure(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!ctx.principal.permissions.includes(permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `You need the "${permission}" permission for this.` });
    }
    return next();
  });
}

/** A platform superadmin; `ctx.db` is a transaction on the privileged connection. */
export const superadminProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (ctx.principal.kind !== 'superadmin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform superadmins can do this.' });
  }
  const principal = ctx.principal;
  return withSystem(async (tx) => {
    const result = await next({ ctx: { principal, db: tx as Tx } });
    if (!result.ok) throw result.error;
    return result;
  }, ctx.rootDb);
});
