import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

const admin = (f: Fixture = a) => callerFor(t.db, asUser(f, 'admin'));

describe('roles', () => {
  it('lists the built-in roles first with their permissions and holders, and the catalogue', async () => {
    const roles = await admin().roles.list();
    expect(roles.slice(0, 3).map((r) => [r.name, r.isSystem, r.userCount])).toEqual([
      ['admin', true, 1],
      ['editor', true, 1],
      ['viewer', true, 1],
    ]);
    expect(roles[2]!.permissions).toEqual(['documents:read', 'chat:use', 'usage:read']);
    const catalog = await admin().roles.catalog();
    expect(catalog).toHaveLength(11);
    expect(catalog.every((c) => c.description.length > 10)).toBe(true);
    expect(catalog.find((c) => c.permission === 'users:manage')).toMatchObject({ label: 'Manage users' });
  });

  it('creates, renames, changes and deletes a custom role; a member gets its permissions', async () => {
    const role = await admin().roles.create({ name: 'Auditors', description: 'Read the log', permissions: ['audit:read', 'audit:read'] });
    expect(role).toMatchObject({ name: 'Auditors', isSystem: false, permissions: ['audit:read'], userCount: 0 });
    await admin().users.update({ id: a.users.viewer.id, roleIds: [a.roleIds.viewer, role.id] });
    const viewer = callerFor(t.db, asUser(a, 'viewer'));
    await expect(viewer.audit.list({ page: 1, pageSize: 5 })).resolves.toMatchObject({ page: 1 });
    const changed = await admin().roles.update({ id: role.id, name: 'Auditors (read-only)', permissions: ['usage:read'] });
    expect(changed).toMatchObject({ name: 'Auditors (read-only)', permissions: ['usage:read'], userCount: 1 });
    expect(await trpcCode(viewer.audit.list({ page: 1, pageSize: 5 }))).toBe('FORBIDDEN');
    await admin().roles.delete({ id: role.id });
    expect((await admin().roles.list()).map((r) => r.id)).not.toContain(role.id);
  });

  it('keeps built-in roles fixed and names unique', async () => {
    const roles = await admin().roles.list();
    const viewer = roles.find((r) => r.name === 'viewer')!;
    expect(await trpcCode(admin().roles.update({ id: viewer.id, permissions: ['users:manage'] }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin().roles.delete({ id: viewer.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin().roles.create({ name: 'editor', description: '', permissions: ['chat:use'] }))).toBe('CONFLICT');
    expect(await trpcCode(admin().roles.create({ name: '  ', description: '', permissions: ['chat:use'] }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().roles.create({ name: 'none', description: '', permissions: [] }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().roles.create({ name: 'bad', description: '', permissions: ['root:all' as 'chat:use'] }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('lets nobody put into a role a permission they do not hold', async () => {
    const f = await createTenantFixture(t.db);
    const designers = await admin(f).roles.create({
      name: 'role designers',
      description: '',
      permissions: ['roles:manage', 'users:manage', 'chat:use'],
    });
    await admin(f).users.update({ id: f.users.editor.id, roleIds: [f.roleIds.editor, designers.id] });
    const editor = callerFor(t.db, asUser(f, 'editor'));
    const error = await editor.roles.create({ name: 'sneaky', description: '', permissions: ['audit:read'] }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/audit:read/);
    await expect(
      editor.roles.create({ name: 'fine', description: '', permissions: ['chat:use', 'documents:write'] }),
    ).resolves.toMatchObject({ name: 'fine' });
    const auditors = await admin(f).roles.create({ name: 'auditors', description: '', permissions: ['audit:read'] });
    expect(await trpcCode(editor.roles.update({ id: auditors.id, permissions: ['chat:use'] }))).toBe('FORBIDDEN');
    expect(await trpcCode(editor.roles.delete({ id: auditors.id }))).toBe('FORBIDDEN');
  });

  it('answers another tenant’s roles NOT_FOUND and refuses non-managers', async () => {
    const other = (await admin(b).roles.create({ name: 'theirs', description: '', permissions: ['chat:use'] })).id;
    expect(await trpcCode(admin().roles.update({ id: other, name: 'mine' }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin().roles.delete({ id: other }))).toBe('NOT_FOUND');
    expect((await admin().roles.list()).map((r) => r.id)).not.toContain(other);
    expect(
      await trpcCode(callerFor(t.db, asUser(a, 'editor')).roles.create({ name: 'x', description: '', permissions: ['chat:use'] })),
    ).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).roles.list())).toBe('FORBIDDEN');
  });
});
