import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { JOB_HANDLERS } from './ingest';
import { DEFAULT_MAX_FILE_BYTES } from './settings';
import { uploadDocument } from './upload';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

describe('documents.onStatusChange', () => {
  it('streams each status change of the tenant’s documents, and nothing of another tenant’s', async () => {
    const col = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'Live', description: '', visibility: 'tenant' })).id;
    const controller = new AbortController();
    const { signal } = controller;
    const stream = await callerFor(t.db, asUser(f, 'viewer'), { signal }).documents.onStatusChange({ since: new Date(Date.now() - 1000) });
    const theirs = await callerFor(t.db, asUser(other, 'viewer'), { signal }).documents.onStatusChange({
      since: new Date(Date.now() - 1000),
    });
    const seen: string[] = [];
    const leaked: string[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        for (const change of batch) seen.push(change.status);
        if (seen.includes('completed')) break;
      }
    })();
    const spying = (async () => {
      for await (const batch of theirs) leaked.push(...batch.map((c) => c.id));
    })().catch(() => {});
    await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        {
          collectionId: col,
          filename: 'live.txt',
          bytes: new TextEncoder().encode('Streaming status to the browser.'),
          onDuplicate: 'ask',
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 2000));
    await new Worker({ db: t.db, handlers: JOB_HANDLERS }).runOnce();
    await reading;
    controller.abort();
    await spying;
    expect(seen[0]).toBe('uploaded');
    expect(seen.at(-1)).toBe('completed');
    expect(leaked).toEqual([]);
  }, 30_000);
});
