import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { hashPassword } from '@/server/auth/password';
import { resolvePrincipal } from '@/server/auth/principal';
import type { SessionClaims } from '@/server/auth/types';
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
export function callerFor(db: Db, claims: SessionClaims | null, headers: Record<string, string> = {}) {
  return createCaller(() =>
    createTRPCContext({
      headers: new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.7', ...headers }),
      resolveSession: async () => (claims ? resolvePrincipal(db, claims) : null),
      db,
    }),
  );
}
