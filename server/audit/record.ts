import 'server-only';
import type { SystemServiceContext, TenantServiceContext } from '@/server/auth/types';
import { writeAudit, type AuditEntry } from './write';

type What = Pick<AuditEntry, 'action' | 'resourceType' | 'resourceId' | 'payload'> & {
  status?: AuditEntry['status'];
};

/** Records an action of the current request in its tenant's chain, in the request's transaction. */
export async function recordAudit(ctx: TenantServiceContext, what: What) {
  ctx.audited.count++;
  return writeAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actor.id,
    actorType: ctx.actor.type,
    actorLabel: ctx.actor.label,
    ipAddress: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    correlationId: ctx.meta.correlationId,
    status: what.status ?? 'success',
    ...what,
  });
}

/**
 * Records a superadmin action in the global chain and, when it concerns one tenant, in that
 * tenant's chain too, so the tenant's admins see what the platform did to their workspace.
 */
export async function recordSystemAudit(ctx: SystemServiceContext, what: What & { tenantId?: string | null }) {
  ctx.audited.count++;
  const base = {
    actorId: ctx.actor.id,
    actorType: ctx.actor.type,
    actorLabel: ctx.actor.label,
    ipAddress: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    correlationId: ctx.meta.correlationId,
    status: what.status ?? 'success',
    action: what.action,
    resourceType: what.resourceType,
    resourceId: what.resourceId,
    payload: what.payload,
  } as const;
  const global = await writeAudit(ctx.db, { ...base, tenantId: null });
  if (what.tenantId) await writeAudit(ctx.db, { ...base, tenantId: what.tenantId });
  return global;
}
