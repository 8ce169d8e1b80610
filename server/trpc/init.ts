/**
 * tRPC setup, in three parts: 1. the context of each request, 2. initialisation (transformer and
 * error formatter), 3. the procedure builders every router is made of. Authorization lives here,
 * in the builders, and never in resolvers. Docs: https://trpc.io/docs/server/procedures
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { getDb, type Db } from '@/db/client';
import type { Permission } from '@/db/schema';
import { withSystem } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import {
  principalOf,
  recheckScope,
  requirePermission,
  requireMember,
  requirePerson,
  requireTenantScope,
  runAfterCommit,
  runInTenant,
} from '@/server/auth/boundary';
import type { Resolution } from '@/server/auth/principal';
import { clientIp } from '@/server/auth/request-meta';
import { requireWithinRequestLimit } from '@/server/rate-limit/requests';
import type { RequestMeta, SystemServiceContext, TenantRunner, TenantServiceContext } from '@/server/auth/types';
import { AppError } from '@/server/shared/errors';
import { toTRPCError } from './errors';

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
      (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p))).join('.') || '_form';
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
      message: hidden
        ? 'Something went wrong on our side. Try again in a moment.'
        : fieldErrors
          ? 'Some fields are not valid.'
          : shape.message,
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
// Each builder is a thin adapter over the tenant boundary (server/auth/boundary.ts), which every
// other entry point (route handlers, tests) crosses the same way.

/** Every procedure: domain errors (AppError) become the matching tRPC error, once, here. */
const base = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** Anyone; no database access. */
export const publicProcedure = base;

/**
 * A signed-in principal, checked against the database (deactivated or suspended: refused), and
 * counted against its workspace's requests per minute (each call of a batch counts).
 */
export const authedProcedure = base.use(async ({ ctx, next }) => {
  const resolution = await ctx.resolveSession();
  const principal = principalOf(resolution);
  await requireWithinRequestLimit(principal, { rootDb: ctx.rootDb });
  return next({ ctx: { principal, resolution } });
});

/** The tenant a request works in, and who acts there; no transaction is open yet. */
const tenantScoped = authedProcedure.use(({ ctx, next }) => next({ ctx: { scope: requireTenantScope(ctx.principal) } }));

/**
 * Opens the tenant transaction and hands it to the resolver as `ctx.db` (and the whole service
 * context as `ctx.service`); audits and post-commit work as the boundary does.
 */
function openTenantTransaction(builder: typeof tenantScoped) {
  return builder.use(({ ctx, next, path, type }) =>
    runInTenant(ctx.scope, { rootDb: ctx.rootDb, meta: ctx.meta, action: path, mutation: type === 'mutation' }, async (service) => {
      const result = await next({ ctx: { ...service, service } });
      // next() reports errors as a result; throw so the transaction rolls back.
      if (!result.ok) throw toTRPCError(result.error);
      return result;
    }),
  );
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
      await requirePermission(ctx.scope, anyOf, { rootDb: ctx.rootDb, meta: ctx.meta, action: path });
      return next();
    }),
  );
}

/**
 * Like permissionProcedure, for a person signed in to the console only: API keys are refused
 * (audited), whatever their scopes.
 */
export function personProcedure(...anyOf: [Permission, ...Permission[]]) {
  return openTenantTransaction(
    tenantScoped.use(async ({ ctx, next, path }) => {
      const opts = { rootDb: ctx.rootDb, meta: ctx.meta, action: path };
      await requirePermission(ctx.scope, anyOf, opts);
      await requirePerson(ctx.scope, opts);
      return next();
    }),
  );
}

/** A member of the tenant signed in as themself, acting on what is theirs (no permission needed). */
export const memberProcedure = openTenantTransaction(
  tenantScoped.use(async ({ ctx, next, path }) => {
    await requireMember(ctx.scope, { rootDb: ctx.rootDb, meta: ctx.meta, action: path });
    return next();
  }),
);

/**
 * Like permissionProcedure, but no transaction is open around the resolver: `ctx.tenant.inTenant(fn)`
 * runs the tenant transaction (audited like any other) and returns once it committed, so the
 * domain can then do work whose outcome the response reports, such as sending e-mail, which a
 * rolled-back transaction never reaches.
 */
export function committedProcedure(...anyOf: [Permission, ...Permission[]]) {
  return tenantScoped.use(async ({ ctx, next, path, type }) => {
    const opts = { rootDb: ctx.rootDb, meta: ctx.meta, action: path };
    await requirePermission(ctx.scope, anyOf, opts);
    const { scope } = ctx;
    const tenant: TenantRunner = { inTenant: (fn) => runInTenant(scope, { ...opts, mutation: type === 'mutation' }, fn) };
    return next({ ctx: { tenant } });
  });
}

/** A platform superadmin; `ctx.db` is a transaction on the privileged connection. */
export const superadminProcedure = authedProcedure.use(async ({ ctx, next, path, type }) => {
  if (ctx.principal.kind !== 'superadmin') throw new AppError('FORBIDDEN', 'Only platform superadmins can do this.');
  const principal = ctx.principal;
  const audited = { count: 0 };
  const after: Array<() => unknown> = [];
  const actor = { type: 'superadmin' as const, id: principal.id, label: principal.email };
  const outcome = await withSystem(async (tx) => {
    const service: SystemServiceContext = { db: tx, actor, meta: ctx.meta, audited, afterCommit: (work) => void after.push(work) };
    const result = await next({ ctx: { principal, db: tx, service } });
    if (!result.ok) throw toTRPCError(result.error);
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
  await runAfterCommit(after);
  return outcome;
});

/**
 * Anyone, with a transaction on the privileged connection: only for the few flows that run before
 * anyone is signed in (redeeming an invitation or password reset link).
 */
export const publicDbProcedure = base.use(async ({ ctx, next }) =>
  withSystem(async (tx) => {
    const result = await next({ ctx: { db: tx } });
    if (!result.ok) throw toTRPCError(result.error);
    return result;
  }, ctx.rootDb),
);

/**
 * For subscriptions: a tenant member holding `permission` (a refusal is audited like any other),
 * WITHOUT a transaction held open for the life of the stream (the embedded database has one
 * connection). `ctx.inTenant(fn)` runs one short, tenant-scoped transaction per read, after
 * checking the credentials again: a stream outlives sign-outs, suspensions and revocations, and
 * ends with the first read after one.
 */
export function streamProcedure(permission: Permission) {
  return tenantScoped.use(async ({ ctx, next, path }) => {
    const opts = { rootDb: ctx.rootDb, meta: ctx.meta, action: path };
    await requirePermission(ctx.scope, [permission], opts);
    const { scope, resolution } = ctx;
    let reads = 0;
    const inTenant = async <T>(fn: (service: TenantServiceContext) => Promise<T>) => {
      // The first read follows the checks above at once; later ones check again.
      try {
        const current = reads++ === 0 ? scope : await recheckScope(resolution, scope, [permission], opts);
        return await runInTenant(current, { ...opts, mutation: false }, fn);
      } catch (error) {
        // Thrown while the stream runs, after the middleware chain returned: map it here.
        throw error instanceof AppError ? toTRPCError(error) : error;
      }
    };
    return next({ ctx: { inTenant } });
  });
}
