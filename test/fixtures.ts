import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { and, desc, eq } from 'drizzle-orm';
import { auditLogs, systemAdmins, type Permission } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { authenticateApiKey } from '@/server/api-keys/authenticate';
import { hashPassword } from '@/server/auth/password';
import { resolvePrincipal } from '@/server/auth/principal';
import { tenantBoundary } from '@/server/auth/boundary';
import type { SessionClaims, TenantServiceContext } from '@/server/auth/types';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { createTRPCContext } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';

export const TEST_PASSWORD = 'correct-horse-battery';

let hashed: Promise<string> | undefined;
/** argon2id is slow on purpose; tests hash the shared password once. */
export function testPasswordHash() {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

export function uniqueSlug(prefix = 't') {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A tenant with one active user of each built-in role. */
export async function createTenantFixture(db: Db, slug = uniqueSlug()) {
  const { tenant, roleIds } = await createTenant(db, { name: `Tenant ${slug}`, slug });
  const hash = await testPasswordHash();
  const make = (role: 'admin' | 'editor' | 'viewer') =>
    createActiveUser(db, {
      tenantId: tenant.id,
      email: `${role}@${slug}.test`,
      fullName: `${role} of ${slug}`,
      hashedPassword: hash,
      roleIds: [roleIds[role]],
    });
  const admin = await make('admin');
  const editor = await make('editor');
  const viewer = await make('viewer');
  return { tenant, roleIds, users: { admin, editor, viewer } };
}

/** A tRPC caller acting as `claims`, resolved against the database like a real session. */
export function callerFor(
  db: Db,
  claims: SessionClaims | null,
  options: { headers?: Record<string, string>; cookies?: string[]; signal?: AbortSignal } = {},
) {
  return createCaller(
    () =>
      createTRPCContext({
        headers: new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.7', ...options.headers }),
        resolveSession: async () => (claims ? resolvePrincipal(db, claims) : null),
        db,
        setCookie: (cookie) => options.cookies?.push(cookie),
      }),
    { signal: options.signal },
  );
}

/** A caller that authenticates with `Authorization: Bearer <key>`, as API clients do. */
export function apiKeyCaller(db: Db, key: string) {
  return createCaller(() =>
    createTRPCContext({
      headers: new Headers({ 'user-agent': 'api-client', authorization: `Bearer ${key}` }),
      resolveSession: () =>
        authenticateApiKey(db, key, { ip: '198.51.100.77', userAgent: 'api-client', correlationId: null, path: '/api/trpc/test' }),
      db,
    }),
  );
}

export type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;

export const asUser = (f: Fixture, role: 'admin' | 'editor' | 'viewer'): SessionClaims => ({
  kind: 'user',
  tenantId: f.tenant.id,
  id: f.users[role].id,
});

/** A platform superadmin row and its session claims. */
export async function createSuperadmin(db: Db) {
  const [admin] = await db
    .insert(systemAdmins)
    .values({ email: `root-${randomUUID().slice(0, 8)}@platform.test`, hashedPassword: await testPasswordHash(), fullName: 'Root' })
    .returning();
  return { admin: admin!, claims: { kind: 'superadmin', id: admin!.id } as SessionClaims };
}

/** Resolves to the tRPC error code the call failed with; fails the test if it succeeded. */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `not a tRPC error: ${String(error)}`;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Runs `fn` as `claims` would through a tRPC procedure: the same tenant boundary (principal,
 * permission if given, tenant transaction), so domain functions are tested as they are called.
 */
export async function withServiceContext<T>(
  db: Db,
  claims: SessionClaims,
  fn: (ctx: TenantServiceContext) => Promise<T>,
  options: { permission?: Permission[]; mutation?: boolean } = {},
): Promise<T> {
  return tenantBoundary(
    await resolvePrincipal(db, claims),
    {
      rootDb: db,
      meta: { ip: '127.0.0.1', userAgent: 'vitest', correlationId: null },
      action: 'test',
      mutation: options.mutation ?? false,
      permission: options.permission,
    },
    fn,
  );
}

/** The newest audit entry of `action` in the fixture's tenant (read under its RLS scope). */
export async function lastAuditEntry(f: Fixture, action: string) {
  const [row] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, action)))
      .orderBy(desc(auditLogs.seq))
      .limit(1),
  );
  return row;
}
