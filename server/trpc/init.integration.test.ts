import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collections, tenants, userRoles, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { resolvePrincipal } from '@/server/auth/principal';
import type { SessionClaims } from '@/server/auth/types';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { callerFor, createTenantFixture, testPasswordHash } from '@/test/fixtures';
import { auditLogs, systemAdmins } from '@/db/schema';
import { AppError } from '@/server/shared/errors';
import {
  createCallerFactory,
  createTRPCContext,
  createTRPCRouter,
  permissionProcedure,
  streamProcedure,
  superadminProcedure,
  tenantProcedure,
} from './init';

/** A router made only of the builders under test, exercised through a real caller and database. */
const probeRouter = createTRPCRouter({
  whoAmI: tenantProcedure.output(z.object({ user: z.string(), tenant: z.string() })).query(async ({ ctx }) => {
    const [row] = await ctx.db.execute<{ user: string; tenant: string }>(
      sql`select current_setting('app.user_id') as user, current_setting('app.tenant_id') as tenant`,
    );
    return row!;
  }),
  listUserEmails: permissionProcedure('users:manage').query(({ ctx }) =>
    ctx.db.select({ email: users.email }).from(users).orderBy(users.email),
  ),
  getUser: permissionProcedure('users:manage')
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const [row] = await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user.' });
      return row;
    }),
  createCollectionThenFail: tenantProcedure.input(z.object({ name: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await ctx.db.insert(collections).values({ tenantId: ctx.tenantId, name: input.name });
    throw new TRPCError({ code: 'CONFLICT', message: 'rolled back on purpose' });
  }),
  validate: tenantProcedure
    .input(z.object({ name: z.string().trim().min(1, 'Name is required.'), size: z.number().int().positive() }))
    .mutation(() => 'ok'),
  domainRefusal: tenantProcedure.mutation((): string => {
    throw new AppError('CONFLICT', 'A domain refusal, in words.');
  }),
  queueAfterCommit: tenantProcedure.input(z.object({ fail: z.boolean() })).mutation(({ ctx, input }) => {
    ctx.service.afterCommit(() => void afterCommitRan.push(input.fail ? 'after a failure' : 'after a commit'));
    if (input.fail) throw new AppError('BAD_REQUEST', 'Failed on purpose.');
    return afterCommitRan.length;
  }),
  watchUsers: streamProcedure('users:manage').subscription(async function* () {
    yield 1;
  }),
  tenantCount: superadminProcedure.query(async ({ ctx }) => {
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(tenants);
    return row!.n;
  }),
});

const createProbeCaller = createCallerFactory(probeRouter);
const afterCommitRan: string[] = [];

let t: TestDatabase;

function probeAs(claims: SessionClaims | null) {
  return createProbeCaller(() =>
    createTRPCContext({
      headers: new Headers(),
      resolveSession: async () => (claims ? resolvePrincipal(t.db, claims) : null),
      db: t.db,
    }),
  );
}

const userClaims = (tenantId: string, id: string): SessionClaims => ({ kind: 'user', tenantId, id });

async function expectTrpcError(promise: Promise<unknown>, code: TRPCError['code'], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe('procedure builders', () => {
  it('refuses callers without a session', async () => {
    await expectTrpcError(probeAs(null).whoAmI(), 'UNAUTHORIZED', /Sign in/);
    await expectTrpcError(callerFor(t.db, null).session.get(), 'UNAUTHORIZED');
  });

  it('gives tenant procedures a transaction scoped to the caller’s tenant and user', async () => {
    const f = await createTenantFixture(t.db);
    await expect(probeAs(userClaims(f.tenant.id, f.users.viewer.id)).whoAmI()).resolves.toEqual({
      user: f.users.viewer.id,
      tenant: f.tenant.id,
    });
  });

  it('shows a permission holder only their own tenant’s rows, and another tenant’s id as NOT_FOUND', async () => {
    const a = await createTenantFixture(t.db);
    const b = await createTenantFixture(t.db);
    const emails = await probeAs(userClaims(a.tenant.id, a.users.admin.id)).listUserEmails();
    expect(emails.map((e) => e.email).sort()).toEqual([a.users.admin.email, a.users.editor.email, a.users.viewer.email].sort());
    await expectTrpcError(probeAs(userClaims(a.tenant.id, a.users.admin.id)).getUser({ id: b.users.admin.id }), 'NOT_FOUND');
  });

  it('names the missing permission', async () => {
    const f = await createTenantFixture(t.db);
    await expectTrpcError(
      probeAs(userClaims(f.tenant.id, f.users.editor.id)).listUserEmails(),
      'FORBIDDEN',
      /“Manage users” \(users:manage\)/,
    );
  });

  it('applies a role change on the very next request', async () => {
    const f = await createTenantFixture(t.db);
    const caller = probeAs(userClaims(f.tenant.id, f.users.viewer.id));
    await expectTrpcError(caller.listUserEmails(), 'FORBIDDEN');
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.insert(userRoles).values({ tenantId: f.tenant.id, userId: f.users.viewer.id, roleId: f.roleIds.admin }),
    );
    await expect(caller.listUserEmails()).resolves.toHaveLength(3);
  });

  it('ends an open session on the next request when the user is deactivated or the tenant suspended', async () => {
    const f = await createTenantFixture(t.db);
    const admin = callerFor(t.db, userClaims(f.tenant.id, f.users.admin.id));
    const editor = callerFor(t.db, userClaims(f.tenant.id, f.users.editor.id));
    await expect(admin.session.get()).resolves.toMatchObject({ kind: 'user', tenantSlug: f.tenant.slug });
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.update(users).set({ status: 'deactivated' }).where(eq(users.id, f.users.admin.id)),
    );
    await expectTrpcError(admin.session.get(), 'UNAUTHORIZED', /deactivated/);
    await expect(editor.session.get()).resolves.toMatchObject({ kind: 'user' });
    await t.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, f.tenant.id));
    await expectTrpcError(editor.session.get(), 'UNAUTHORIZED', /suspended/);
  });

  it('rolls the tenant transaction back when the resolver fails', async () => {
    const f = await createTenantFixture(t.db);
    await expectTrpcError(probeAs(userClaims(f.tenant.id, f.users.admin.id)).createCollectionThenFail({ name: 'ghost' }), 'CONFLICT');
    const rows = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(collections).where(eq(collections.name, 'ghost')));
    expect(rows).toHaveLength(0);
  });

  it('answers a domain AppError with its own code and sentence, and audits the failed mutation', async () => {
    const f = await createTenantFixture(t.db);
    await expectTrpcError(probeAs(userClaims(f.tenant.id, f.users.admin.id)).domainRefusal(), 'CONFLICT', /^A domain refusal, in words\.$/);
    const [entry] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.action, 'domainRefusal')),
    );
    expect(entry).toMatchObject({ status: 'error', payload: { code: 'CONFLICT', message: 'A domain refusal, in words.' } });
  });

  it('runs work queued for after the commit only once the transaction has committed', async () => {
    const f = await createTenantFixture(t.db);
    const caller = probeAs(userClaims(f.tenant.id, f.users.admin.id));
    afterCommitRan.length = 0;
    // Inside the resolver, nothing has run yet; after it, the work has.
    await expect(caller.queueAfterCommit({ fail: false })).resolves.toBe(0);
    expect(afterCommitRan).toEqual(['after a commit']);
    await expectTrpcError(caller.queueAfterCommit({ fail: true }), 'BAD_REQUEST');
    expect(afterCommitRan).toEqual(['after a commit']);
  });

  it('refuses a subscription without its permission, audited like any refusal', async () => {
    const f = await createTenantFixture(t.db);
    await expectTrpcError(probeAs(userClaims(f.tenant.id, f.users.viewer.id)).watchUsers(), 'FORBIDDEN', /“Manage users” \(users:manage\)/);
    const [entry] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.action, 'watchUsers')),
    );
    expect(entry).toMatchObject({ status: 'denied', actorId: f.users.viewer.id, payload: { missingPermission: 'users:manage' } });
  });

  it('keeps superadmin and tenant procedures apart', async () => {
    const f = await createTenantFixture(t.db);
    const [admin] = await t.db
      .insert(systemAdmins)
      .values({ email: `root-${f.tenant.slug}@platform.test`, hashedPassword: await testPasswordHash(), fullName: 'Root' })
      .returning();
    const superadmin: SessionClaims = { kind: 'superadmin', id: admin!.id };
    await expect(probeAs(superadmin).tenantCount()).resolves.toBeGreaterThanOrEqual(1);
    await expectTrpcError(probeAs(superadmin).whoAmI(), 'FORBIDDEN', /workspace account/);
    await expectTrpcError(probeAs(userClaims(f.tenant.id, f.users.admin.id)).tenantCount(), 'FORBIDDEN', /superadmins/);
    await expect(callerFor(t.db, superadmin).session.get()).resolves.toMatchObject({ kind: 'superadmin' });
  });
});

describe('error formatter', () => {
  it('returns zod issues as field errors', async () => {
    const f = await createTenantFixture(t.db);
    const caller = probeAs(userClaims(f.tenant.id, f.users.admin.id));
    const error = await caller.validate({ name: '  ', size: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    const shape = probeRouter._def._config.errorFormatter({
      error: error as TRPCError,
      type: 'mutation',
      path: 'validate',
      input: undefined,
      ctx: undefined,
      shape: {
        message: (error as TRPCError).message,
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'validate' },
      },
    }) as { message: string; data: { fieldErrors: Record<string, string[]> } };
    expect(shape.message).toBe('Some fields are not valid.');
    expect(shape.data.fieldErrors.name).toEqual(['Name is required.']);
    expect(shape.data.fieldErrors.size?.[0]).toMatch(/>0|positive|greater/i);
  });
});
