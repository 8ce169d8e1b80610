import 'server-only';
import type { Principal } from '@/server/auth/types';

/** The principal as shown to its own holder (nothing secret is on it). */
export function describePrincipal(principal: Principal): Principal {
  if (principal.kind === 'superadmin') {
    return { ...principal, acting: principal.acting ? { ...principal.acting } : null };
  }
  return { ...principal, permissions: [...principal.permissions] };
}
