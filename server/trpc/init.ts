/**
 * tRPC setup, in three parts: 1. the context of each request, 2. initialisation (transformer and
 * error formatter), 3. the procedure builders every router is made of. Authorization lives here,
 * in the builders, and never in resolvers. Docs: https://trpc.io/docs/server/procedures
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { getDb, type Db } from '@/db/client';
import { pgErrorCode } from '@/db/errors';
import type { Permission } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenant';
import type { Resolution, ResolutionFailure } from '@/server/auth/principal';
import { clientIp } from '@/server/auth/request-meta';
import { writeAudit } from '@/server/audit/write';
import { seesRestricted, tenantScopeOf } from '@/server/auth/scope';
import type { RequestMeta, SystemServiceContext, TenantServiceContext } from '@/server/auth/types';

// 1. Context ------------------------------------------------------------------------------------

export type CreateContextOptions = {
  headers: Headers;
  /** How this request's session is found: next-auth or an API key in the app, fixed claims in tests. */
  resolveSession: () => Promise<Resolution | null>;
  /** The privileged client; tests pass the database of their own file. */
  db?: Db;
  /** Adds a Set-Cookie header to the response (entering and leaving a tenant). */
  setCookie?: (cookie: string) => void;
};

export async function createTRPCContext(opts: CreateContextOptions) {
  const meta: RequestMeta = {
    ip: clientIp((name) => opts.headers.get(name)),
    userAgent: opts.headers.get('user-agent'),
    correlationId: opts.headers.get('x-correlation-id') ?? randomUUID(),
  };
  return {
    headers: opts.headers,
    meta,
    resolveSession: opts.resolveSession,
    rootDb: opts.db ?? getDb(),
    setCookie: opts.setCookie ?? (() => {}),
  };
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

const UNAUTHORIZED_MESSAGES: Record<ResolutionFailure, string> = {
  suspended: 'This workspace is suspended.',
  deactivated: 'This account has been deactivated.',
  unknown: 'Your session has ended. Sign in again.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
  invalid_key: 'This API key is not valid.',
};

/** A signed-in principal, checked against the database (deactivated or suspended: refused). */
export const authedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const resolution = await ctx.resolveSession();
  if (!resolution) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (!resolution.ok) {
    const message = UNAUTHORIZED_MESSAGES[resolution.reason];
    throw new TRPCError({ code: 'UNAUTHORIZED', message });
  }
  return next({ ctx: { principal: resolution.principal } });
});

/** The tenant a request works in, and who acts there; no transaction is open yet. */
const tenantScoped = authedProcedure.use(({ ctx, next }) => {
  const scope = tenantScopeOf(ctx.principal);
  if (!scope) throw new TRPCError({ code: 'FORBIDDEN', message: 'This action needs a workspace account.' });
  return next({ ctx: { scope } });
});

const DENIED_CODES = new Set<TRPCError['code']>(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);

function failureStatus(error: TRPCError): 'denied' | 'error' {
  return DENIED_CODES.has(error.code) ? 'denied' : 'error';
}

/**
 * Opens the tenant transaction (application role, tenant and user set) and hands it to the
 * resolver as `ctx.db`. A mutation that wrote no audit entry of its own gets a generic one; a
 * mutation that failed is recorded after the rollback, in a transaction of its own.
 */
function openTenantTransaction(builder: typeof tenantScoped) {
  return builder.use(async ({ ctx, next, path, type }) => {
  const audited = { count: 0 };
  const { scope } = ctx;
  const entryFor = (status: 'success' | 'denied' | 'error', payload: Record<string, unknown>) => ({
    tenantId: scope.tenantId,
    actorId: scope.actor.id,
    actorType: scope.actor.type,
    actorLabel: scope.actor.label,
    action: path,
    status,
    ipAddress: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    correlationId: ctx.meta.correlationId,
    payload,
  });
  try {
    return await withTenant(
      { tenantId: scope.tenantId, userId: scope.userId, seeRestricted: seesRestricted(scope) },
      async (tx) => {
        const service: TenantServiceContext = { ...scope, db: tx, meta: ctx.meta, audited };
        const result = await next({ ctx: { ...service, service } });
        // next() reports errors as a result; throw so the transaction rolls back.
        if (!result.ok) throw result.error;
        if (type === 'mutation' && audited.count === 0) await writeAudit(tx, entryFor('success', {}));
        return result;
      },
      ctx.rootDb,
    );
  } catch (caught) {
    // Row-level security refused a write the checks above let through: a refusal, not a crash.
    const error =
      (!(caught instanceof TRPCError) || caught.code === 'INTERNAL_SERVER_ERROR') && pgErrorCode(caught) === '42501'
        ? new TRPCError({ code: 'FORBIDDEN', message: 'You are not allowed to change that.', cause: caught })
        : caught;
    if (type === 'mutation') {
      const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
      await withTenant({ tenantId: scope.tenantId }, (tx) =>
        writeAudit(tx, entryFor(failureStatus(trpcError), { code: trpcError.code, message: trpcError.message })),
      ctx.rootDb).catch((auditError: unknown) => console.error('could not audit a failed mutation', auditError));
    }
    throw error;
  }
  });
}

/**
 * A member of a tenant (or a superadmin who entered it). `ctx.db` is a transaction running as
 * the application role with the tenant set, so RLS scopes every query; it commits when the
 * resolver returns. `ctx.service` is the same context, to hand to `server/<domain>` functions.
 */
export const tenantProcedure = openTenantTransaction(tenantScoped);

/**
 * A tenant member holding `permission` (or any one of several); the error names what is
 * missing, and the refusal is audited.
 */
export function permissionProcedure(...anyOf: [Permission, ...Permission[]]) {
  return openTenantTransaction(
    tenantScoped.use(async ({ ctx, next, path }) => {
      if (!anyOf.some((p) => ctx.scope.permissions.includes(p))) {
        const { scope } = ctx;
        await withTenant({ tenantId: scope.tenantId }, (tx) =>
          writeAudit(tx, {
            tenantId: scope.tenantId,
            actorId: scope.actor.id,
            actorType: scope.actor.type,
            actorLabel: scope.actor.label,
            action: path,
            status: 'denied',
            ipAddress: ctx.meta.ip,
            userAgent: ctx.meta.userAgent,
            correlationId: ctx.meta.correlationId,
            payload: { missingPermission: anyOf.join(' or ') },
          }),
        ctx.rootDb);
        const names = anyOf.map((p) => `"${p}"`).join(' or ');
        throw new TRPCError({ code: 'FORBIDDEN', message: `You need the ${names} permission for this.` });
      }
      return next();
    }),
  );
}

/** A platform superadmin; `ctx.db` is a transaction on the privileged connection. */
export const superadminProcedure = authedProcedure.use(async ({ ctx, next, path, type }) => {
  if (ctx.principal.kind !== 'superadmin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform superadmins can do this.' });
  }
  const principal = ctx.principal;
  const audited = { count: 0 };
  const actor = { type: 'superadmin' as const, id: principal.id, label: principal.email };
  return withSystem(async (tx) => {
    const service: SystemServiceContext = { db: tx, actor, meta: ctx.meta, audited };
    const result = await next({ ctx: { principal, db: tx, service } });
    if (!result.ok) throw result.error;
    if (type === 'mutation' && audited.count === 0) {
      await writeAudit(tx, {
        tenantId: null,
        actorId: actor.id,
        actorType: actor.type,
        actorLabel: actor.label,
        action: path,
        status: 'success',
        ipAddress: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        correlationId: ctx.meta.correlationId,
      });
    }
    return result;
  }, ctx.rootDb);
});

/**
 * Anyone, with a transaction on the privileged connection: only for the few flows that run before
 * anyone is signed in (redeeming an invitation or password reset link).
 */
export const publicDbProcedure = t.procedure.use(async ({ ctx, next }) =>
  withSystem(async (tx) => {
    const result = await next({ ctx: { db: tx } });
    if (!result.ok) throw result.error;
    return result;
  }, ctx.rootDb),
);

/**
 * For subscriptions: a tenant member holding `permission`, WITHOUT a transaction held open for
 * the life of the stream (the embedded database has one connection). `ctx.inTenant(fn)` runs
 * one short, tenant-scoped transaction per read.
 */
export function streamProcedure(permission: Permission) {
  return tenantScoped.use(({ ctx, next }) => {
    if (!ctx.scope.permissions.includes(permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `You need the "${permission}" permission for this.` });
    }
    const { scope } = ctx;
    const inTenant = <T>(fn: (service: TenantServiceContext) => Promise<T>) =>
      withTenant(
        { tenantId: scope.tenantId, userId: scope.userId, seeRestricted: seesRestricted(scope) },
        (tx) => fn({ ...scope, db: tx, meta: ctx.meta, audited: { count: 0 } }),
        ctx.rootDb,
      );
    return next({ ctx: { inTenant } });
  });
}
