import 'server-only';
import { getDb, type Db } from '@/db/client';
import type { Permission } from '@/db/schema';
import { principalOf, requirePermission, requireTenantScope, runInTenant, type TenantRunOptions } from '@/server/auth/boundary';
import { requestMetaOf } from '@/server/auth/request-meta';
import type { TenantScopeOf } from '@/server/auth/scope';
import { requireWithinRequestLimit } from '@/server/rate-limit/requests';
import { resolveRequest } from '@/server/auth/session';
import type { RequestMeta, TenantServiceContext } from '@/server/auth/types';
import { responseForError } from './errors';
import { assertSameOrigin } from './origin';

export type TenantRouteContext = {
  scope: TenantScopeOf;
  meta: RequestMeta;
  /** One tenant transaction, as a tRPC procedure gets (audit, post-commit work, RLS refusals). */
  run: <T>(fn: (ctx: TenantServiceContext) => Promise<T>, options?: Pick<TenantRunOptions, 'mutation' | 'failurePayload'>) => Promise<T>;
};

export type TenantRouteOptions = {
  /** Any one of these lets the request in; a refusal is audited. */
  permission: Permission;
  /** The audit log's name for what the route does (`document.upload`). */
  action: string;
  /** The privileged client; tests pass the database of their own file. */
  rootDb?: Db;
};

/**
 * A route handler behind the same tenant boundary as tRPC procedures (the habit of Dub's
 * `withWorkspace`): a state-changing request from another site refused (server/http/origin.ts),
 * session or API key resolved, counted against the workspace's requests per minute, permission
 * checked, and `ctx.run` for the tenant transaction. Errors become `{ error }` with the status of
 * server/http/errors.ts (and `Retry-After` past a rate limit).
 */
export function tenantRoute<Args extends unknown[]>(
  options: TenantRouteOptions,
  handler: (req: Request, ctx: TenantRouteContext, ...args: Args) => Promise<Response>,
): (req: Request, ...args: Args) => Promise<Response> {
  return async (req, ...args) => {
    const meta = requestMetaOf(req.headers);
    try {
      assertSameOrigin(req);
      const rootDb = options.rootDb ?? getDb();
      const principal = principalOf(await resolveRequest(req.headers, new URL(req.url).pathname, rootDb));
      await requireWithinRequestLimit(principal, { rootDb });
      const scope = requireTenantScope(principal);
      const base = { rootDb, meta, action: options.action };
      await requirePermission(scope, [options.permission], base);
      const run: TenantRouteContext['run'] = (fn, runOptions) => runInTenant(scope, { ...base, mutation: false, ...runOptions }, fn);
      return await handler(req, { scope, meta, run }, ...args);
    } catch (error) {
      return responseForError(error, options.action);
    }
  };
}
