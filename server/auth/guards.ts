import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { sectionsFor } from '@/lib/navigation';
import { PERMISSIONS, type Permission } from '@/db/schema';
import { getSessionResolution } from './session';
import type { Principal } from './types';

/** Resolved once per server request, however many layouts and pages ask. */
export const getResolution = cache(getSessionResolution);

export async function getPrincipal(): Promise<Principal | null> {
  const resolution = await getResolution();
  return resolution?.ok ? resolution.principal : null;
}

async function requirePrincipal(): Promise<Principal> {
  const resolution = await getResolution();
  if (!resolution) redirect('/sign-in');
  if (!resolution.ok) redirect(`/sign-in?ended=${resolution.reason}`);
  return resolution.principal;
}

export type TenantMember = {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  name: string;
  email: string;
  permissions: Permission[];
  /** Set when a platform superadmin has entered this tenant to help. */
  actingSuperadmin: boolean;
};

/**
 * A member of the tenant `slug`, or a superadmin who entered it; any other tenant is "not
 * found", never "forbidden".
 */
export async function requireTenantMember(slug: string): Promise<TenantMember> {
  const principal = await requirePrincipal();
  if (principal.kind === 'superadmin' && principal.acting?.tenantSlug === slug) {
    return { ...principal.acting, name: principal.name, email: principal.email, permissions: [...PERMISSIONS], actingSuperadmin: true };
  }
  if (principal.kind !== 'user' || principal.tenantSlug !== slug) notFound();
  return { ...principal, actingSuperadmin: false };
}

export async function requireSuperadmin() {
  const principal = await requirePrincipal();
  if (principal.kind !== 'superadmin') notFound();
  return principal;
}

export function hasPermission(member: { permissions: readonly Permission[] }, ...any: Permission[]) {
  return any.some((p) => member.permissions.includes(p));
}

/** Where a principal lands after signing in. */
export function homePath(principal: Principal): string {
  if (principal.kind === 'superadmin') return principal.acting ? `/t/${principal.acting.tenantSlug}` : '/admin/tenants';
  const first = sectionsFor(principal.permissions)[0];
  return `/t/${principal.tenantSlug}/${first?.segment ?? 'no-access'}`;
}
