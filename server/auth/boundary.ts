import 'server-only';
import type { Db } from '@/db/client';
import type { Permission } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { joinPermissions } from '@/lib/permissions';
import { writeAudit } from '@/server/audit/write';
import { AppError, fromRlsRefusal } from '@/server/shared/errors';
import type { Resolution, ResolutionFailure } from './principal';
import { seesRestricted, tenantScopeOf, type TenantScopeOf } from './scope';
import type { Principal, RequestMeta, TenantServiceContext } from './types';

/**
 * The one tenant boundary every entry point crosses: tRPC procedure builders, route handlers
 * (`tenantRoute`), subscriptions and test fixtures. It resolves the principal, checks the
 * permission (a refusal is audited), opens the tenant transaction (application role, tenant and
 * user set, RLS on), guarantees every mutation an audit entry, records failed mutations after
 * the rollback, and runs what must follow the commit only once it happened. Transport-free: it
 * throws AppError, which each transport maps once.
 */

export type BoundaryOptions = {
  /** The privileged client (tests pass the database of their own file). */
  rootDb: Db;
  meta: RequestMeta;
  /** What is being done, as the audit log names it (the tRPC path, or `document.upload`). */
  action: string;
};

const UNAUTHORIZED_MESSAGES: Record<ResolutionFailure, string> = {
  suspended: 'This workspace is suspended.',
  deactivated: 'This account has been deactivated.',
  unknown: 'Your session has ended. Sign in again.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
  invalid_key: 'This API key is not valid.',
};

/** The signed-in principal, checked against the database; UNAUTHORIZED with the reason otherwise. */
export function principalOf(resolution: Resolution | null): Principal {
  if (!resolution) throw new AppError('UNAUTHORIZED', 'Sign in to continue.');
  if (!resolution.ok) throw new AppError('UNAUTHORIZED', UNAUTHORIZED_MESSAGES[resolution.reason]);
  return resolution.principal;
}

/** The tenant the principal works in; a superadmin must have entered one. */
export function requireTenantScope(principal: Principal): TenantScopeOf {
  const scope = tenantScopeOf(principal);
  if (!scope) throw new AppError('FORBIDDEN', 'This action needs a workspace account.');
  return scope;
}

type AuditStatus = 'success' | 'denied' | 'error';

function auditEntry(scope: TenantScopeOf, opts: BoundaryOptions, status: AuditStatus, payload: Record<string, unknown>) {
  return {
    tenantId: scope.tenantId,
    actorId: scope.actor.id,
    actorType: scope.actor.type,
    actorLabel: scope.actor.label,
    action: opts.action,
    status,
    ipAddress: opts.meta.ip,
    userAgent: opts.meta.userAgent,
    correlationId: opts.meta.correlationId,
    payload,
  };
}

/**
 * Refuses unless the scope holds one of `anyOf`; the error names what is missing and the
 * refusal is audited in a transaction of its own (nothing else is open yet).
 */
export async function requirePermission(scope: TenantScopeOf, anyOf: readonly Permission[], opts: BoundaryOptions): Promise<void> {
  if (anyOf.some((p) => scope.permissions.includes(p))) return;
  await withTenant(
    { tenantId: scope.tenantId },
    (tx) => writeAudit(tx, auditEntry(scope, opts, 'denied', { missingPermission: anyOf.join(' or ') })),
    opts.rootDb,
  );
  throw new AppError('FORBIDDEN', `You need the ${joinPermissions(anyOf, 'or')} permission for this.`);
}

/**
 * Refuses API keys (audited): some things only a person signed in to the console may do, such as
 * obtaining a sign-in or password reset link, which would turn a key into someone's account.
 */
export async function requirePerson(scope: TenantScopeOf, opts: BoundaryOptions): Promise<void> {
  if (scope.actor.type !== 'api_key') return;
  await withTenant(
    { tenantId: scope.tenantId },
    (tx) => writeAudit(tx, auditEntry(scope, opts, 'denied', { reason: 'api_key_not_allowed' })),
    opts.rootDb,
  );
  throw new AppError('FORBIDDEN', 'An API key cannot do this: sign-in and reset links are only for people signed in to the console.');
}

/**
 * A member of the tenant acting as themself (their own data, their own requests): API keys and
 * superadmins who entered the tenant are refused (audited).
 */
export async function requireMember(scope: TenantScopeOf, opts: BoundaryOptions): Promise<void> {
  if (scope.actor.type === 'user' && scope.userId) return;
  await withTenant(
    { tenantId: scope.tenantId },
    (tx) => writeAudit(tx, auditEntry(scope, opts, 'denied', { reason: 'member_only' })),
    opts.rootDb,
  );
  throw new AppError('FORBIDDEN', 'Only a member of the workspace, signed in as themself, can do this.');
}

const REFUSED = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);

/** The code and message of any error with a string `code` (AppError, or a transport's own). */
function failureOf(error: unknown): { code: string; message: string; status: AuditStatus } {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'INTERNAL_SERVER_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message, status: REFUSED.has(code) ? 'denied' : 'error' };
}

export type TenantRunOptions = BoundaryOptions & {
  /** A mutation gets an audit entry: a specific one from its domain function, else a generic one. */
  mutation: boolean;
  /** Added to the audit entry of a failed mutation (what was attempted). */
  failurePayload?: Record<string, unknown>;
};

/**
 * Runs `fn` in the tenant transaction of `scope`. Work queued with `ctx.afterCommit` (removing
 * stored files, waking a worker, scheduling a purge) runs once the transaction has committed,
 * never when it rolled back.
 */
export async function runInTenant<T>(
  scope: TenantScopeOf,
  opts: TenantRunOptions,
  fn: (ctx: TenantServiceContext) => Promise<T>,
): Promise<T> {
  const audited = { count: 0 };
  const after: Array<() => unknown> = [];
  let result: T;
  try {
    result = await withTenant(
      { tenantId: scope.tenantId, userId: scope.userId, seeRestricted: seesRestricted(scope) },
      async (tx) => {
        const ctx: TenantServiceContext = { ...scope, db: tx, meta: opts.meta, audited, afterCommit: (work) => void after.push(work) };
        const value = await fn(ctx);
        if (opts.mutation && audited.count === 0) await writeAudit(tx, auditEntry(scope, opts, 'success', {}));
        return value;
      },
      opts.rootDb,
    );
  } catch (caught) {
    const error = fromRlsRefusal(caught);
    if (opts.mutation) {
      const failure = failureOf(error);
      await withTenant(
        { tenantId: scope.tenantId },
        (tx) =>
          writeAudit(tx, auditEntry(scope, opts, failure.status, { ...opts.failurePayload, code: failure.code, message: failure.message })),
        opts.rootDb,
      ).catch((auditError: unknown) => console.error('could not audit a failed mutation', auditError));
    }
    throw error;
  }
  await runAfterCommit(after);
  return result;
}

/** Runs queued post-commit work; a failure there is logged, the committed request stands. */
export async function runAfterCommit(after: Array<() => unknown>): Promise<void> {
  for (const work of after) {
    try {
      await work();
    } catch (error) {
      console.error('work after commit failed', error);
    }
  }
}

/**
 * The whole boundary for entry points that are not tRPC procedures: principal, tenant scope,
 * permission (any one of `permission`), tenant transaction.
 */
export async function tenantBoundary<T>(
  resolution: Resolution | null,
  opts: TenantRunOptions & { permission?: readonly Permission[] },
  fn: (ctx: TenantServiceContext) => Promise<T>,
): Promise<T> {
  const scope = requireTenantScope(principalOf(resolution));
  if (opts.permission?.length) await requirePermission(scope, opts.permission, opts);
  return runInTenant(scope, opts, fn);
}

/**
 * For long-lived streams: the same credentials, resolved again now. The stream ends (UNAUTHORIZED
 * or FORBIDDEN) once its session was signed out or revoked, its user deactivated, its tenant
 * suspended, its key revoked, or its permission withdrawn; otherwise the current scope (with
 * today's permissions) is returned.
 */
export async function recheckScope(
  resolution: Resolution | null,
  scope: TenantScopeOf,
  permission: readonly Permission[],
  opts: BoundaryOptions,
): Promise<TenantScopeOf> {
  if (!resolution?.ok || !resolution.recheck) return scope;
  const current = requireTenantScope(principalOf(await resolution.recheck()));
  // A superadmin who left the tenant (or entered another) no longer watches this one.
  if (current.tenantId !== scope.tenantId) throw new AppError('UNAUTHORIZED', UNAUTHORIZED_MESSAGES.unknown);
  await requirePermission(current, permission, opts);
  return current;
}
