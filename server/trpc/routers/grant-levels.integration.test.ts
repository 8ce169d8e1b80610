import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, documents, permissions, processingJobs } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { handleUpload } from '@/server/documents/upload-request';
import { uploadDocument } from '@/server/documents/upload';
import { DEFAULT_MAX_FILE_BYTES, type UploadSettings } from '@/server/documents/settings';
import type { SessionClaims } from '@/server/auth/types';
import { createActiveUser } from '@/server/tenants/create';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { sqlState } from '@/test/pg-error';
import {
  apiKeyCaller,
  asUser,
  callerFor,
  createTenantFixture,
  testPasswordHash,
  trpcCode,
  withServiceContext,
  type Fixture,
} from '@/test/fixtures';

/**
 * Grant levels on restricted collections and their documents: `read` reads, `write` also uploads,
 * edits, reprocesses and deletes documents, `admin` also changes visibility and grants and deletes
 * the collection. Every user here is an editor (documents:write), so only the grant differs.
 */
let t: TestDatabase;
let f: Fixture;
type Person = { id: string; claims: SessionClaims };
let people: { owner: Person; reader: Person; writer: Person; manager: Person; stranger: Person };

const settings: UploadSettings = { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };
const LEVELS = ['read', 'write', 'admin'] as const;
type Level = (typeof LEVELS)[number];
const holder = (level: Level) => ({ read: people.reader, write: people.writer, admin: people.manager })[level];

async function editor(name: string): Promise<Person> {
  const user = await createActiveUser(t.db, {
    tenantId: f.tenant.id,
    email: `${name}-${randomUUID().slice(0, 6)}@grants.test`,
    fullName: name,
    hashedPassword: await testPasswordHash(),
    roleIds: [f.roleIds.editor],
  });
  return { id: user.id, claims: { kind: 'user', tenantId: f.tenant.id, id: user.id } };
}

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  people = {
    owner: await editor('owner'),
    reader: await editor('reader'),
    writer: await editor('writer'),
    manager: await editor('manager'),
    stranger: await editor('stranger'),
  };
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const as = (p: Person | SessionClaims) => callerFor(t.db, 'claims' in p ? p.claims : p);
const text = (s: string) => new TextEncoder().encode(s);

async function upload(who: Person, collectionId: string, content: string, visibility: 'tenant' | 'restricted' = 'tenant') {
  return withServiceContext(t.db, who.claims, (ctx) =>
    uploadDocument(ctx, settings, {
      collectionId,
      filename: `${content.slice(0, 12)}.txt`,
      bytes: text(content),
      onDuplicate: 'ask',
      visibility,
    }),
  );
}

/**
 * A restricted collection created by the owner, holding one document of theirs (not being
 * processed), with read, write and admin granted by the owner to the three holders.
 */
async function fresh() {
  const collection = (await as(people.owner).collections.create({ name: `Board ${randomUUID().slice(0, 8)}`, visibility: 'restricted' }))
    .id;
  const created = await upload(people.owner, collection, `Minutes ${randomUUID()}`);
  if (created.status !== 'created') throw new Error('the fixture upload failed');
  await t.db.update(processingJobs).set({ status: 'completed' }).where(eq(processingJobs.documentId, created.documentId));
  for (const level of LEVELS) {
    await as(people.owner).access.grant({ resourceType: 'collection', resourceId: collection, userId: holder(level).id, level });
  }
  return { collection, document: created.documentId };
}

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | null;
  return error ? { code: error.code, message: error.message } : null;
}

async function nameOf(collection: string) {
  const [row] = await t.db
    .select({ name: collections.name, visibility: collections.visibility })
    .from(collections)
    .where(eq(collections.id, collection));
  return row;
}

describe('what each grant level allows on a restricted collection (all holders are editors)', () => {
  const allowed = {
    upload: { read: false, write: true, admin: true },
    rename: { read: false, write: true, admin: true },
    reprocess: { read: false, write: true, admin: true },
    deleteDocument: { read: false, write: true, admin: true },
    visibility: { read: false, write: false, admin: true },
    grants: { read: false, write: false, admin: true },
    deleteCollection: { read: false, write: false, admin: true },
  };

  it.each(LEVELS)('uploading into it with %s', async (level) => {
    const { collection } = await fresh();
    const result = refusal(upload(holder(level), collection, `New paper ${randomUUID()}`));
    if (allowed.upload[level]) expect(await result).toBeNull();
    else
      expect(await result).toEqual({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/read access .* to upload into it you need write access/),
      });
    const seen = await as(people.owner).documents.list({ collectionId: collection, sort: 'created', dir: 'desc', page: 1, pageSize: 10 });
    expect(seen.total).toBe(allowed.upload[level] ? 2 : 1);
  });

  it.each(LEVELS)('renaming it and changing its description with %s', async (level) => {
    const { collection } = await fresh();
    const name = `Renamed ${randomUUID().slice(0, 8)}`;
    const result = await refusal(as(holder(level)).collections.update({ id: collection, name, description: 'New' }));
    if (allowed.rename[level]) {
      expect(result).toBeNull();
      expect((await nameOf(collection))?.name).toBe(name);
    } else {
      expect(result).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/read access .* to change it you need write access/) });
      expect((await nameOf(collection))?.name).toMatch(/^Board /);
    }
  });

  it.each(LEVELS)('reprocessing and deleting its documents with %s', async (level) => {
    const { document } = await fresh();
    const reprocess = await refusal(as(holder(level)).documents.reprocess({ id: document }));
    const remove = await refusal(as(holder(level)).documents.delete({ id: document }));
    if (allowed.reprocess[level]) {
      expect([reprocess, remove]).toEqual([null, null]);
    } else {
      expect(reprocess).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/to reprocess it you need write access/) });
      expect(remove).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/to delete it you need write access/) });
      const [row] = await t.db.select({ status: documents.status }).from(documents).where(eq(documents.id, document));
      expect(row).toEqual({ status: 'uploaded' });
      const jobs = await t.db.select().from(processingJobs).where(eq(processingJobs.documentId, document));
      expect(jobs).toHaveLength(1);
    }
  });

  it.each(LEVELS)('making it visible to everyone with %s', async (level) => {
    const { collection } = await fresh();
    const result = await refusal(as(holder(level)).collections.update({ id: collection, visibility: 'tenant' }));
    if (allowed.visibility[level]) {
      expect(result).toBeNull();
      expect((await nameOf(collection))?.visibility).toBe('tenant');
    } else {
      expect(result).toEqual({
        code: 'FORBIDDEN',
        message: 'Only the collection’s creator, people with admin access to it and admins who manage users can change who can see it.',
      });
      expect((await nameOf(collection))?.visibility).toBe('restricted');
    }
  });

  it.each(LEVELS)('granting, changing and revoking access with %s', async (level) => {
    const { collection } = await fresh();
    const resource = { resourceType: 'collection' as const, resourceId: collection };
    const caller = as(holder(level));
    const results = [
      await refusal(caller.access.list(resource)),
      await refusal(caller.access.people({ ...resource, search: 'stranger' })),
      await refusal(caller.access.grant({ ...resource, userId: people.stranger.id, level: 'read' })),
      await refusal(caller.access.grant({ ...resource, userId: people.reader.id, level: 'write' })),
      await refusal(caller.access.revoke({ ...resource, userId: people.writer.id })),
    ];
    const grants = Object.fromEntries((await as(asUser(f, 'admin')).access.list(resource)).map((g) => [g.userId, g.level]));
    if (allowed.grants[level]) {
      expect(results).toEqual([null, null, null, null, null]);
      expect(grants).toEqual({ [people.stranger.id]: 'read', [people.reader.id]: 'write', [people.manager.id]: 'admin' });
    } else {
      for (const r of results) expect(r).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/admin access to it/) });
      expect(grants).toEqual({ [people.reader.id]: 'read', [people.writer.id]: 'write', [people.manager.id]: 'admin' });
    }
  });

  it.each(LEVELS)('deleting the collection with %s', async (level) => {
    const { collection, document } = await fresh();
    const result = await refusal(as(holder(level)).collections.delete({ id: collection, confirmName: (await nameOf(collection))!.name }));
    const left = await t.db.select({ id: documents.id }).from(documents).where(eq(documents.id, document));
    if (allowed.deleteCollection[level]) {
      expect(result).toBeNull();
      expect(await nameOf(collection)).toBeUndefined();
      expect(left).toEqual([]);
    } else {
      expect(result).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/to delete it you need admin access/) });
      expect(await nameOf(collection)).toBeDefined();
      expect(left).toHaveLength(1);
    }
  });

  it('shows each holder their own level, on the collection and on its documents', async () => {
    const { collection } = await fresh();
    for (const level of LEVELS) {
      const listed = (await as(holder(level)).collections.list()).find((c) => c.id === collection);
      expect(listed?.myLevel).toBe(level);
      const docs = await as(holder(level)).documents.list({
        collectionId: collection,
        sort: 'created',
        dir: 'desc',
        page: 1,
        pageSize: 10,
      });
      expect(docs.items.map((d) => d.myLevel)).toEqual([level]);
    }
    expect((await as(people.owner).collections.list()).find((c) => c.id === collection)?.myLevel).toBe('admin');
    expect((await as(asUser(f, 'admin')).collections.list()).find((c) => c.id === collection)?.myLevel).toBe('admin');
  });
});

describe('who manages a restricted collection without a grant', () => {
  it('its creator and a holder of users:manage change its visibility and grants; others do not learn it exists', async () => {
    const { collection } = await fresh();
    const resource = { resourceType: 'collection' as const, resourceId: collection };
    await as(people.owner).access.revoke({ ...resource, userId: people.manager.id });
    await as(people.owner).collections.update({ id: collection, visibility: 'tenant' });
    await as(people.owner).collections.update({ id: collection, visibility: 'restricted' });
    const admin = as(asUser(f, 'admin'));
    await admin.access.grant({ ...resource, userId: people.stranger.id, level: 'write' });
    await admin.collections.update({ id: collection, name: 'Renamed by an admin', visibility: 'tenant' });
    expect(await nameOf(collection)).toEqual({ name: 'Renamed by an admin', visibility: 'tenant' });

    const { collection: hidden } = await fresh();
    const outsider = as(asUser(f, 'editor'));
    for (const attempt of [
      () => outsider.collections.update({ id: hidden, name: 'Mine now' }),
      () => outsider.collections.update({ id: hidden, visibility: 'tenant' }),
      () => outsider.access.grant({ resourceType: 'collection', resourceId: hidden, userId: f.users.editor.id, level: 'admin' }),
      () => outsider.access.list({ resourceType: 'collection', resourceId: hidden }),
    ]) {
      expect(await trpcCode(attempt())).toBe('NOT_FOUND');
    }
  });

  it('a write grant on the collection covers its restricted documents, a read grant does not', async () => {
    const { collection } = await fresh();
    const own = await upload(people.owner, collection, `Restricted itself ${randomUUID()}`, 'restricted');
    if (own.status !== 'created') throw new Error('upload failed');
    await t.db.update(processingJobs).set({ status: 'completed' }).where(eq(processingJobs.documentId, own.documentId));
    expect(await trpcCode(as(people.reader).documents.reprocess({ id: own.documentId }))).toBe('FORBIDDEN');
    expect(await as(people.writer).documents.reprocess({ id: own.documentId })).toEqual({ jobId: expect.any(String) });
    // A document grant of admin does not reach up to its collection.
    await as(people.owner).access.grant({ resourceType: 'document', resourceId: own.documentId, userId: people.reader.id, level: 'admin' });
    expect(await trpcCode(as(people.reader).collections.update({ id: collection, name: 'Up from below' }))).toBe('FORBIDDEN');
    expect(await as(people.reader).access.list({ resourceType: 'document', resourceId: own.documentId })).toHaveLength(1);
  });
});

describe('an API key', () => {
  it('acts with its creator’s grant level', async () => {
    const role = await as(asUser(f, 'admin')).roles.create({
      name: `Editor with keys ${randomUUID().slice(0, 6)}`,
      permissions: ['documents:read', 'documents:write', 'api_keys:manage'],
    });
    const user = await createActiveUser(t.db, {
      tenantId: f.tenant.id,
      email: `keys-${randomUUID().slice(0, 6)}@grants.test`,
      fullName: 'Key holder',
      hashedPassword: await testPasswordHash(),
      roleIds: [role.id],
    });
    const creator: SessionClaims = { kind: 'user', tenantId: f.tenant.id, id: user.id };
    const { key } = await as(creator).apiKeys.create({ name: 'sync', scopes: ['documents:read', 'documents:write'], expiresInDays: 30 });
    const { collection } = await fresh();
    const resource = { resourceType: 'collection' as const, resourceId: collection };
    await as(people.owner).access.grant({ ...resource, userId: user.id, level: 'read' });

    const send = async () => {
      const form = new FormData();
      form.set('file', new File([`Synced ${randomUUID()}`], 'synced.txt', { type: 'text/plain' }));
      form.set('collectionId', collection);
      const response = await handleUpload(
        new Request('http://localhost/api/documents/upload', { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } }),
      );
      return { status: response.status, body: (await response.json()) as { error?: string } };
    };
    const refused = await send();
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/read access .* to upload into it you need write access/);
    expect(await trpcCode(apiKeyCaller(t.db, key).collections.update({ id: collection, name: 'By key' }))).toBe('FORBIDDEN');

    await as(people.owner).access.grant({ ...resource, userId: user.id, level: 'write' });
    expect((await send()).status).toBe(201);
    expect(await trpcCode(apiKeyCaller(t.db, key).collections.update({ id: collection, visibility: 'tenant' }))).toBe('FORBIDDEN');
  });
});

describe('deleting a collection that holds documents the user cannot see', () => {
  it('is refused with how many, not which, and deletes nothing; an admin who sees them may', async () => {
    const writer = people.writer;
    const collection = (await as(writer).collections.create({ name: `Shared ${randomUUID().slice(0, 8)}`, visibility: 'tenant' })).id;
    await upload(writer, collection, `Open notes ${randomUUID()}`);
    const secret = await upload(people.owner, collection, `Salary review ${randomUUID()}`, 'restricted');
    if (secret.status !== 'created') throw new Error('upload failed');

    const error = await refusal(as(writer).collections.delete({ id: collection, confirmName: (await nameOf(collection))!.name }));
    expect(error).toEqual({
      code: 'FORBIDDEN',
      message: 'This collection holds 1 document you cannot see; ask their owners or an admin who manages users to delete them first.',
    });
    expect(error?.message).not.toMatch(/Salary/);
    const left = await t.db.select({ id: documents.id }).from(documents).where(eq(documents.collectionId, collection));
    expect(left).toHaveLength(2);
    expect(await nameOf(collection)).toBeDefined();

    const deleted = await as(asUser(f, 'admin')).collections.delete({ id: collection, confirmName: (await nameOf(collection))!.name });
    expect(deleted).toEqual({ id: collection, documents: 2 });
  });

  it('is refused while it holds restricted documents the user may only read', async () => {
    // Not the writer's collection (its creator would administer its documents): an open one of the owner's.
    const collection = (await as(people.owner).collections.create({ name: `Mixed ${randomUUID().slice(0, 8)}`, visibility: 'tenant' })).id;
    const theirs = await upload(people.manager, collection, `Readable ${randomUUID()}`, 'restricted');
    if (theirs.status !== 'created') throw new Error('upload failed');
    await as(people.manager).access.grant({
      resourceType: 'document',
      resourceId: theirs.documentId,
      userId: people.writer.id,
      level: 'read',
    });
    const error = await refusal(as(people.writer).collections.delete({ id: collection, confirmName: (await nameOf(collection))!.name }));
    expect(error).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/^This collection holds 1 document you may only read/) });
    expect(await t.db.select({ id: documents.id }).from(documents).where(eq(documents.id, theirs.documentId))).toHaveLength(1);
  });
});

describe('the database enforces the levels when the domain check is skipped', () => {
  const scoped = <T>(who: Person, fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: f.tenant.id, userId: who.id }, fn);

  it('refuses uploads, edits, deletions, visibility changes and grants below the level', async () => {
    const { collection, document } = await fresh();
    const insertInto = (who: Person) =>
      scoped(who, (tx) =>
        tx.insert(documents).values({
          tenantId: f.tenant.id,
          collectionId: collection,
          filename: 'x.txt',
          storageKey: 'k',
          mimeType: 'text/plain',
          fileType: 'txt',
          sizeBytes: 1,
          checksumSha256: 'c'.repeat(64),
        }),
      );
    expect(await sqlState(insertInto(people.reader))).toBe('42501');
    const touched = await scoped(people.reader, async (tx) => {
      const renamed = await tx.execute(sql`update collections set name = 'pwned' where id = ${collection} returning 1`);
      const deletedDoc = await tx.execute(sql`delete from documents where id = ${document} returning 1`);
      const deletedCollection = await tx.execute(sql`delete from collections where id = ${collection} returning 1`);
      return renamed.length + deletedDoc.length + deletedCollection.length;
    });
    expect(touched).toBe(0);
    expect(await scoped(people.writer, (tx) => tx.execute(sql`delete from collections where id = ${collection} returning 1`))).toHaveLength(
      0,
    );
    expect(
      await sqlState(scoped(people.writer, (tx) => tx.execute(sql`update collections set visibility = 'tenant' where id = ${collection}`))),
    ).toBe('42501');
    expect(
      await sqlState(
        scoped(people.writer, (tx) =>
          tx.insert(permissions).values({
            tenantId: f.tenant.id,
            userId: people.stranger.id,
            resourceType: 'collection',
            resourceId: collection,
            level: 'admin',
          }),
        ),
      ),
    ).toBe('42501');
    const changedGrants = await scoped(people.writer, async (tx) => {
      const up = await tx.execute(sql`update permissions set level = 'admin' where resource_id = ${collection} returning 1`);
      const down = await tx.execute(sql`delete from permissions where resource_id = ${collection} returning 1`);
      return up.length + down.length;
    });
    expect(changedGrants).toBe(0);
    expect(await nameOf(collection)).toEqual({ name: expect.stringMatching(/^Board /), visibility: 'restricted' });
    // The same statements pass at the level that allows them.
    await insertInto(people.writer);
    await scoped(people.manager, (tx) => tx.execute(sql`update collections set visibility = 'tenant' where id = ${collection}`));
    expect((await nameOf(collection))?.visibility).toBe('tenant');
  });
});
