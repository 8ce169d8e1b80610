import 'server-only';
import { PERMISSIONS } from '@/db/schema';
import type { Principal, TenantServiceContext } from './types';

export type TenantScopeOf = Omit<TenantServiceContext, 'db' | 'meta' | 'audited' | 'afterCommit'>;

/**
 * The tenant a principal works in and who acts there, or null for a superadmin who has not
 * entered a tenant. One definition for tRPC procedures and route handlers alike.
 */
export function tenantScopeOf(p: Principal): TenantScopeOf | null {
  if (p.kind === 'user') {
    return {
      tenantId: p.tenantId,
      tenantSlug: p.tenantSlug,
      userId: p.id,
      actor: { type: 'user', id: p.id, label: p.email },
      permissions: p.permissions,
    };
  }
  if (p.kind === 'api_key') {
    return {
      tenantId: p.tenantId,
      tenantSlug: p.tenantSlug,
      userId: p.createdBy,
      actor: { type: 'api_key', id: p.id, label: `${p.name} (ao_${p.prefix})` },
      permissions: p.permissions,
    };
  }
  if (p.acting) {
    // A superadmin who entered a tenant helps its admins with an admin's permissions, audited as themselves.
    return {
      tenantId: p.acting.tenantId,
      tenantSlug: p.acting.tenantSlug,
      userId: null,
      actor: { type: 'superadmin', id: p.id, label: p.email },
      permissions: [...PERMISSIONS],
    };
  }
  return null;
}

/** Restricted collections and documents are visible without a grant to those who hand out access. */
export function seesRestricted(scope: Pick<TenantScopeOf, 'permissions'>): boolean {
  return scope.permissions.includes('users:manage');
}
