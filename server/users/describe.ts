import 'server-only';
import type { Principal } from '@/server/auth/types';

/** The principal as shown to its own holder (nothing secret is on it; copied to drop extras). */
export function describePrincipal(principal: Principal): Principal {
  return principal.kind === 'superadmin'
    ? { kind: 'superadmin', id: principal.id, email: principal.email, name: principal.name }
    : { ...principal, permissions: [...principal.permissions] };
}
