import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, type Fixture } from '@/test/fixtures';

/** The default collection for uploads: one per workspace, shared, and not deleted or restricted while it is the default. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('collections.setDefault and the default collection', () => {
  it('sets a shared collection as the default, guards it, and moves the default on request', async () => {
    const admin = callerFor(t.db, asUser(a, 'admin'));
    const secret = await admin.collections.create({ name: 'Secret', description: '', visibility: 'restricted' });
    const first = await admin.collections.create({ name: 'First', description: '', visibility: 'tenant' });
    const second = await admin.collections.create({ name: 'Second', description: '', visibility: 'tenant' });
    // Creating one never makes it the default; someone with write access chooses it.
    expect([secret.isDefault, first.isDefault, second.isDefault]).toEqual([false, false, false]);
    expect(await admin.collections.setDefault({ id: first.id })).toEqual({ id: first.id });
    expect((await admin.collections.list()).filter((c) => c.isDefault).map((c) => c.name)).toEqual(['First']);

    await expect(admin.collections.delete({ id: first.id, confirmName: 'First' })).rejects.toThrow(
      'First is the default collection for uploads: make another collection the default first, then delete it.',
    );
    await expect(admin.collections.update({ id: first.id, visibility: 'restricted' })).rejects.toThrow(
      'First is the default for uploads, which everyone can see: make another collection the default first.',
    );
    await expect(admin.collections.setDefault({ id: secret.id })).rejects.toThrow(
      'A restricted collection cannot be the default for uploads',
    );

    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).collections.setDefault({ id: second.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).collections.setDefault({ id: second.id }))).toBe('NOT_FOUND');

    const editor = callerFor(t.db, asUser(a, 'editor'));
    expect(await editor.collections.setDefault({ id: second.id })).toEqual({ id: second.id });
    const defaults = (await editor.collections.list()).filter((c) => c.isDefault).map((c) => c.name);
    expect(defaults).toEqual(['Second']);
    expect(await lastAuditEntry(a, 'collection.set_default')).toMatchObject({
      resourceId: second.id,
      payload: { name: 'Second', previous: 'First' },
    });
    // No longer the default, it can go.
    expect(await admin.collections.delete({ id: first.id, confirmName: 'First' })).toEqual({ id: first.id, documents: 0 });
    // The other workspace's default is its own.
    expect((await callerFor(t.db, asUser(b, 'admin')).collections.list()).filter((c) => c.isDefault)).toEqual([]);
  });
});
