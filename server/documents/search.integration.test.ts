import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { JOB_HANDLERS } from './ingest';
import { DEFAULT_MAX_FILE_BYTES } from './settings';
import { uploadDocument } from './upload';

/** documents.list's search: by file name, by the file's title, and by what it says. */
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

async function upload(f: Fixture, collectionId: string, filename: string, text: string, visibility: 'tenant' | 'restricted' = 'tenant') {
  const result = await withServiceContext(
    t.db,
    asUser(f, 'admin'),
    (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['md', 'txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        { collectionId, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'ask', visibility },
      ),
    { permission: ['documents:write'], mutation: true },
  );
  if (result.status !== 'created') throw new Error(`upload of ${filename} was ${result.status}`);
  return result.documentId;
}

const names = async (f: Fixture, role: 'admin' | 'viewer', search: string) =>
  (await callerFor(t.db, asUser(f, role)).documents.list({ search, sort: 'name', dir: 'asc', page: 1, pageSize: 50 })).items.map(
    (d) => d.filename,
  );

describe('documents.list search', () => {
  it('finds documents by name, title and content, within what the reader may see and in their own workspace only', async () => {
    const colA = (await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Search', description: '', visibility: 'tenant' }))
      .id;
    const colB = (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'Search', description: '', visibility: 'tenant' }))
      .id;
    await upload(a, colA, 'notes.txt', 'The heron migration starts in October along the river delta.');
    await upload(a, colA, 'travel.md', '# Expense rules\n\nTaxis are reimbursed up to forty euros.\n');
    await upload(a, colA, 'secret.txt', 'The heron sanctuary budget is confidential.', 'restricted');
    await upload(b, colB, 'other.txt', 'Heron counts of another workspace.');
    const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS, id: 'search-test' });
    while (await worker.runOnce()) {
      /* next job */
    }

    expect(await names(a, 'admin', 'notes')).toEqual(['notes.txt']);
    // A word inside (stemmed: "migrating" finds "migration"), and a title heading.
    expect(await names(a, 'admin', 'migrating delta')).toEqual(['notes.txt']);
    expect(await names(a, 'admin', 'taxis reimbursed')).toEqual(['travel.md']);
    // The restricted document matches for whoever may read it, never for a viewer who may not.
    expect(await names(a, 'admin', 'heron')).toEqual(['notes.txt', 'secret.txt']);
    expect(await names(a, 'viewer', 'heron')).toEqual(['notes.txt']);
    expect(await names(a, 'viewer', 'confidential')).toEqual([]);
    // Another workspace's words never match.
    expect(await names(a, 'admin', 'counts')).toEqual([]);
    expect(await names(b, 'admin', 'heron')).toEqual(['other.txt']);
  }, 60_000);
});
