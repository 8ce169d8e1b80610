import type { Tx } from '@/db/client';
import type { Permission } from '@/db/schema';

export type TenantRef = { tenantId: string; tenantSlug: string; tenantName: string };

/** Who is making a request, resolved from the database on every request. */
export type Principal =
  | { kind: 'superadmin'; id: string; email: string; name: string; acting: TenantRef | null }
  | ({ kind: 'user'; id: string; email: string; name: string; permissions: Permission[] } & TenantRef)
  | ({
      kind: 'api_key';
      id: string;
      name: string;
      prefix: string;
      createdBy: string | null;
      permissions: Permission[];
    } & TenantRef);

export type RequestMeta = { ip: string | null; userAgent: string | null; correlationId: string | null };

/**
 * What the signed session carries between requests; the rest is looked up. `sid` names the
 * session so signing out can end it on the server (server/auth/sessions.ts).
 */
export type SessionClaims =
  | { kind: 'superadmin'; id: string; actingTenantId?: string | null; signedInAt?: number; sid?: string }
  | { kind: 'user'; id: string; tenantId: string; signedInAt?: number; sid?: string };

export type Actor = { type: 'user' | 'superadmin' | 'api_key' | 'system'; id: string | null; label: string };

/** What a domain function needs to act inside one tenant: the scoped transaction and who acts. */
export type TenantServiceContext = {
  db: Tx;
  tenantId: string;
  tenantSlug: string;
  /** The tenant user acting (for API keys: the key's creator); null for a superadmin. */
  userId: string | null;
  actor: Actor;
  permissions: Permission[];
  meta: RequestMeta;
  /** Audit entries written by this request, so every mutation is guaranteed one. */
  audited: { count: number };
  /** Queues work that must follow the commit (files, workers, cookies); dropped on rollback. */
  afterCommit: AfterCommit;
};

export type AfterCommit = (work: () => unknown) => void;

/**
 * For work that must report what happened after its transaction committed (sending e-mail):
 * `inTenant(fn)` runs the tenant transaction and returns once it committed.
 */
export type TenantRunner = { inTenant: <T>(fn: (ctx: TenantServiceContext) => Promise<T>) => Promise<T> };

/** What a superadmin domain function needs: a transaction on the privileged connection. */
export type SystemServiceContext = {
  db: Tx;
  actor: Actor;
  meta: RequestMeta;
  audited: { count: number };
  afterCommit: AfterCommit;
};
