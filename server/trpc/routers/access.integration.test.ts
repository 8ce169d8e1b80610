import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let restricted: string;
let foreign: string;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const make = (f: Fixture, name: string) =>
    withTenant(
      { tenantId: f.tenant.id, seeRestricted: true },
      async (tx) => (await tx.insert(collections).values({ tenantId: f.tenant.id, name, visibility: 'restricted' }).returning())[0]!.id,
    );
  restricted = await make(a, 'Board papers');
  foreign = await make(b, 'Their papers');
});
afterAll(async () => {
  await t?.stop();
});

const admin = () => callerFor(t.db, asUser(a, 'admin'));

describe('permissions', () => {
  it('grants, changes and revokes a user’s access to a restricted collection', async () => {
    const resource = { resourceType: 'collection' as const, resourceId: restricted };
    await admin().access.grant({ ...resource, userId: a.users.viewer.id, level: 'read' });
    await admin().access.grant({ ...resource, userId: a.users.viewer.id, level: 'write' });
    const grants = await admin().access.list(resource);
    expect(grants).toEqual([expect.objectContaining({ userId: a.users.viewer.id, level: 'write', email: a.users.viewer.email })]);
    await admin().access.revoke({ ...resource, userId: a.users.viewer.id });
    expect(await admin().access.list(resource)).toEqual([]);
    expect(await trpcCode(admin().access.revoke({ ...resource, userId: a.users.viewer.id }))).toBe('NOT_FOUND');
  });

  it('answers another tenant’s resources and users NOT_FOUND', async () => {
    expect(await trpcCode(admin().access.list({ resourceType: 'collection', resourceId: foreign }))).toBe('NOT_FOUND');
    expect(
      await trpcCode(admin().access.grant({ resourceType: 'collection', resourceId: foreign, userId: a.users.viewer.id, level: 'read' })),
    ).toBe('NOT_FOUND');
    expect(
      await trpcCode(
        admin().access.grant({ resourceType: 'collection', resourceId: restricted, userId: b.users.viewer.id, level: 'read' }),
      ),
    ).toBe('NOT_FOUND');
    expect(await callerFor(t.db, asUser(b, 'admin')).access.list({ resourceType: 'collection', resourceId: foreign })).toEqual([]);
  });

  it('validates input, requires users:manage or documents:write, and hides restricted resources from others', async () => {
    expect(
      await trpcCode(
        admin().access.grant({ resourceType: 'collection', resourceId: restricted, userId: a.users.viewer.id, level: 'owner' as 'read' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().access.list({ resourceType: 'collection', resourceId: 'nope' }))).toBe('BAD_REQUEST');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).access.list({ resourceType: 'collection', resourceId: restricted }))).toBe(
      'FORBIDDEN',
    );
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).access.list({ resourceType: 'collection', resourceId: restricted }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('row-level security refusals', () => {
  it('answer FORBIDDEN with a sentence, not a server error', async () => {
    const general = (
      await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: `Open ${Date.now()}`, description: '', visibility: 'tenant' })
    ).id;
    const error = await callerFor(t.db, asUser(a, 'editor'))
      .collections.update({ id: general, visibility: 'restricted' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect((error as Error).message).toMatch(/creator, people with admin access to it and admins who manage users/);
  });
});
