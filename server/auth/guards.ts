import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { sectionsFor } from '@/components/shell/navigation';
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

/** A member of the tenant `slug`; any other tenant is "not found", never "forbidden". */
export async function requireTenantMember(slug: string) {
  const principal = await requirePrincipal();
  if (principal.kind !== 'user' || principal.tenantSlug !== slug) notFound();
  return principal;
}

export async function requireSuperadmin() {
  const principal = await requirePrincipal();
  if (principal.kind !== 'superadmin') notFound();
  return principal;
}

/** Where a principal lands after signing in. */
export function homePath(principal: Principal): string {
  if (principal.kind === 'superadmin') return '/admin/tenants';
  const first = sectionsFor(principal.permissions)[0];
  return `/t/${principal.tenantSlug}/${first?.segment ?? 'no-access'}`;
}
