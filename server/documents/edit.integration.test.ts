import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { JOB_HANDLERS } from './ingest';
import { DEFAULT_MAX_FILE_BYTES } from './settings';
import { uploadDocument } from './upload';

/** documents.update (rename, move) and documents.bulk (delete, reprocess, move) through the tRPC caller. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let general: string;
let other: string;
let hidden: string;
let foreign: string;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const admin = callerFor(t.db, asUser(a, 'admin'));
  general = (await admin.collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  other = (await admin.collections.create({ name: 'Other', description: '', visibility: 'tenant' })).id;
  hidden = (await admin.collections.create({ name: 'Board', description: '', visibility: 'restricted' })).id;
  foreign = (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'Theirs', description: '', visibility: 'tenant' })).id;
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function upload(f: Fixture, collectionId: string, filename: string, text: string) {
  const result = await withServiceContext(
    t.db,
    asUser(f, 'editor'),
    (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        { collectionId, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'ask' },
      ),
    { permission: ['documents:write'], mutation: true },
  );
  if (result.status !== 'created') throw new Error(`upload of ${filename} was ${result.status}`);
  return result.documentId;
}

async function drainQueue() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS, id: 'edit-test' });
  while (await worker.runOnce()) {
    /* next job */
  }
}

describe('documents.update', () => {
  it('renames within the file type’s endings and moves to a collection the user may write to', async () => {
    const id = await upload(a, general, 'note.txt', 'Minutes of the April meeting.');
    const editor = callerFor(t.db, asUser(a, 'editor'));
    expect(await editor.documents.update({ id, filename: '  April minutes.txt ' })).toEqual({ id });
    expect(await editor.documents.get({ id })).toMatchObject({ filename: 'April minutes.txt', collectionName: 'General' });
    expect(await lastAuditEntry(a, 'document.update')).toMatchObject({
      resourceId: id,
      payload: { filename: { from: 'note.txt', to: 'April minutes.txt' } },
    });

    await expect(editor.documents.update({ id, filename: 'April minutes.pdf' })).rejects.toThrow(
      'The name must end in .txt, .text or .log: the file is plain text, and .pdf would say otherwise.',
    );
    await expect(editor.documents.update({ id, filename: '   ' })).rejects.toThrow('Give the document a name.');
    await expect(editor.documents.update({ id })).rejects.toThrow('Nothing to change');

    expect(await editor.documents.update({ id, collectionId: other })).toEqual({ id });
    expect(await editor.documents.get({ id })).toMatchObject({ collectionId: other, collectionName: 'Other' });
    expect(await lastAuditEntry(a, 'document.move')).toMatchObject({
      resourceId: id,
      payload: { collection: { from: general, to: other } },
    });

    // A restricted collection the editor cannot see, and another workspace's, are not found.
    expect(await trpcCode(editor.documents.update({ id, collectionId: hidden }))).toBe('NOT_FOUND');
    expect(await trpcCode(editor.documents.update({ id, collectionId: foreign }))).toBe('NOT_FOUND');
    // A viewer may not; another workspace's admin does not find it.
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).documents.update({ id, filename: 'x.txt' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).documents.update({ id, filename: 'x.txt' }))).toBe('NOT_FOUND');
  });

  it('tags a document (trimmed, lowercased, no duplicates), and the list filters and searches by tag', async () => {
    const id = await upload(a, general, 'lease.txt', 'The lease runs until the end of 2027.');
    const editor = callerFor(t.db, asUser(a, 'editor'));
    expect(await editor.documents.update({ id, tags: [' Contract', '2027', 'contract'] })).toEqual({ id });
    expect((await editor.documents.get({ id })).tags).toEqual(['contract', '2027']);
    expect(await lastAuditEntry(a, 'document.update')).toMatchObject({
      resourceId: id,
      payload: { tags: { from: [], to: ['contract', '2027'] } },
    });
    const list = (input: { tag?: string; search?: string }) =>
      editor.documents.list({ ...input, sort: 'name', dir: 'asc', page: 1, pageSize: 50 }).then((r) => r.items.map((d) => d.filename));
    expect(await list({ tag: 'Contract' })).toEqual(['lease.txt']);
    expect(await list({ search: 'contr' })).toEqual(['lease.txt']);
    expect(await list({ tag: 'invoice' })).toEqual([]);
    await expect(editor.documents.update({ id, tags: ['<script>'] })).rejects.toThrow(
      'A tag is letters, digits, spaces, dots, dashes or underscores.',
    );
    await expect(editor.documents.update({ id, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).rejects.toThrow(
      'A document can have at most 20 tags.',
    );
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).documents.update({ id, tags: ['x'] }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).documents.update({ id, tags: ['x'] }))).toBe('NOT_FOUND');
    // Clearing them.
    await editor.documents.update({ id, tags: [] });
    expect((await editor.documents.get({ id })).tags).toEqual([]);
  });

  it('refuses to move a file into a collection that already holds it', async () => {
    const text = 'The same words twice, in two collections.';
    const first = await upload(a, general, 'twice.txt', text);
    await upload(a, other, 'copy.txt', text);
    await expect(callerFor(t.db, asUser(a, 'editor')).documents.update({ id: first, collectionId: other })).rejects.toThrow(
      'Other already holds this file, as copy.txt.',
    );
  });
});

describe('documents.bulk', () => {
  it('reprocesses, moves and deletes several documents, reporting each one it had to leave', async () => {
    const one = await upload(a, general, 'one.txt', 'Bulk document one.');
    const two = await upload(a, general, 'two.txt', 'Bulk document two.');
    const theirs = await upload(b, foreign, 'theirs.txt', 'Another workspace’s document.');
    const editor = callerFor(t.db, asUser(a, 'editor'));

    // Still waiting for their first processing: nothing to reprocess yet, and said so.
    const early = await editor.documents.bulk({ action: 'reprocess', ids: [one, two] });
    expect(early).toEqual({
      done: [],
      skipped: [
        { id: one, filename: 'one.txt', reason: 'This document is already being processed.' },
        { id: two, filename: 'two.txt', reason: 'This document is already being processed.' },
      ],
    });
    await drainQueue();
    expect(await editor.documents.bulk({ action: 'reprocess', ids: [one, two] })).toEqual({ done: [one, two], skipped: [] });
    await drainQueue();

    const moved = await editor.documents.bulk({ action: 'move', ids: [one, two, theirs], collectionId: other });
    expect(moved.done).toEqual([one, two]);
    // Another workspace's id is not found, and its name is not given away.
    expect(moved.skipped).toEqual([{ id: theirs, filename: null, reason: expect.stringMatching(/not found/i) }]);
    expect((await editor.documents.get({ id: two })).collectionName).toBe('Other');

    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).documents.bulk({ action: 'delete', ids: [one] }))).toBe('FORBIDDEN');
    expect(await editor.documents.bulk({ action: 'delete', ids: [one, two] })).toEqual({ done: [one, two], skipped: [] });
    expect(await trpcCode(editor.documents.get({ id: one }))).toBe('NOT_FOUND');
    // The other workspace's document is untouched.
    expect(await callerFor(t.db, asUser(b, 'admin')).documents.get({ id: theirs })).toMatchObject({ collectionName: 'Theirs' });
  }, 60_000);
});
