import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkEmbeddings, collections, documentChunks, documents, tenantQuotas } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeDeflateBombDocx, makeDocx, makeExe, makeOcrSourcePdf, makeScannedPdf, makeTextPdf, PDF_PAGES } from '@/test/samples/generate';
import { terminateOcr } from './extract/ocr';
import { renderPdfPages } from './extract/render';
import { JOB_HANDLERS } from './ingest';
import { DEFAULT_MAX_FILE_BYTES, type UploadSettings } from './settings';
import { uploadDocument, type UploadInput } from './upload';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;
let general: string;
const settings: UploadSettings = {
  allowedFileTypes: ['pdf', 'docx', 'pptx', 'html', 'md', 'txt', 'csv', 'png', 'jpeg'],
  maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES,
};

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
  general = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
}, 60_000);
afterAll(async () => {
  await terminateOcr();
  await t?.stop();
});

const upload = (input: Partial<UploadInput> & { bytes: Uint8Array; filename: string }, who: Fixture = f, s = settings) =>
  withServiceContext(t.db, asUser(who, 'editor'), (ctx) => uploadDocument(ctx, s, { collectionId: general, onDuplicate: 'ask', ...input }));

const worker = () => new Worker({ db: t.db, id: 'test-worker', handlers: JOB_HANDLERS });

async function drainQueue() {
  const w = worker();
  while (await w.runOnce()) {
    // one job at a time, as the in-server worker does
  }
}

const editor = () => callerFor(t.db, asUser(f, 'editor'));

describe('upload and processing pipeline', () => {
  it('takes a multi-page PDF to completed with chunks that keep their page numbers and sections', async () => {
    const result = await upload({ bytes: await makeTextPdf(), filename: 'price-list.pdf' });
    expect(result.status).toBe('created');
    const id = result.status === 'created' ? result.documentId : '';
    const queued = await editor().documents.get({ id });
    expect(queued).toMatchObject({
      status: 'uploaded',
      fileType: 'pdf',
      mimeType: 'application/pdf',
      jobs: [{ jobType: 'ingest', status: 'pending' }],
    });
    await drainQueue();
    const done = await editor().documents.get({ id });
    expect(done).toMatchObject({ status: 'completed', pageCount: 3, error: null });
    expect(done.chunkCount).toBeGreaterThan(0);
    expect(done.jobs[0]).toMatchObject({ status: 'completed', progress: { stage: 'done', percent: 100 } });
    expect(done.jobs[0]!.attempts).toEqual([expect.objectContaining({ n: 1, status: 'completed' })]);
    const chunks = await editor().documents.chunks({ documentId: id, page: 1, pageSize: 50 });
    const enterprise = chunks.items.find((c) => c.content.includes('ninety euros'));
    expect(enterprise).toMatchObject({ pageFrom: 2, pageTo: 2 });
    expect(enterprise!.section).toContain(PDF_PAGES[1].heading);
    const onPage3 = await editor().documents.chunks({ documentId: id, pageNumber: 3, page: 1, pageSize: 50 });
    expect(onPage3.items.every((c) => c.pageFrom! <= 3 && c.pageTo! >= 3)).toBe(true);
    expect(onPage3.items.some((c) => c.content.includes('Lisbon office'))).toBe(true);
    // Embeddings and full-text vectors were written.
    const [row] = await withTenant({ tenantId: f.tenant.id, seeRestricted: true }, (tx) =>
      tx
        .select({ embedding: chunkEmbeddings.embedding, dims: chunkEmbeddings.dims, search: documentChunks.search })
        .from(documentChunks)
        .innerJoin(chunkEmbeddings, eq(chunkEmbeddings.chunkId, documentChunks.id))
        .where(eq(documentChunks.documentId, id))
        .limit(1),
    );
    expect(row!.embedding).toHaveLength(1536);
    expect(row!.dims).toBe(1536);
    expect(row!.search).toContain("'");
  });

  it('processes a DOCX, and a re-run (reprocess) replaces its chunks rather than adding to them', async () => {
    const result = await upload({ bytes: await makeDocx(), filename: 'handbook.docx' });
    const id = result.status === 'created' ? result.documentId : '';
    await drainQueue();
    const first = await editor().documents.get({ id });
    expect(first.status).toBe('completed');
    await editor().documents.reprocess({ id });
    expect(await trpcCode(editor().documents.reprocess({ id }))).toBe('BAD_REQUEST');
    await drainQueue();
    const second = await editor().documents.get({ id });
    expect(second).toMatchObject({ status: 'completed', chunkCount: first.chunkCount });
    expect(second.jobs.map((j) => [j.jobType, j.status])).toEqual([
      ['reprocess', 'completed'],
      ['ingest', 'completed'],
    ]);
    const all = await editor().documents.chunks({ documentId: id, page: 1, pageSize: 100 });
    expect(all.total).toBe(first.chunkCount);
  });

  it('reads a scanned PDF and a PNG with OCR, and records which pages were read that way', async () => {
    let png: Uint8Array | undefined;
    for await (const page of renderPdfPages(await makeOcrSourcePdf(['Invoices are paid', 'within thirty days']), [1], { dpi: 150 }))
      png = page.png;
    const scanned = await upload({ bytes: await makeScannedPdf(png!), filename: 'scan.pdf' });
    const picture = await upload({ bytes: png!, filename: 'scan.png' });
    await drainQueue();
    for (const result of [scanned, picture]) {
      const id = result.status === 'created' ? result.documentId : '';
      const doc = await editor().documents.get({ id });
      expect(doc).toMatchObject({ status: 'completed', pageCount: 1, error: null, metadata: expect.objectContaining({ ocrPages: [1] }) });
      const found = await editor().documents.chunks({ documentId: id, page: 1, pageSize: 10, search: 'within thirty days' });
      expect(found.total).toBe(1);
      expect(found.items[0]!.pageFrom).toBe(1);
    }
  }, 120_000);

  it('fails a corrupt or hostile file with a reason, without disturbing other documents', async () => {
    const pdf = await makeTextPdf();
    const corrupt = await upload({ bytes: pdf.slice(0, Math.floor(pdf.length / 3)), filename: 'broken.pdf' });
    const bomb = await upload({ bytes: makeDeflateBombDocx(1), filename: 'bomb.docx' });
    const fine = await upload({ bytes: new TextEncoder().encode('A perfectly fine note about quarterly goals.'), filename: 'note.txt' });
    await drainQueue();
    const [c, b, ok] = await Promise.all(
      [corrupt, bomb, fine].map((r) => editor().documents.get({ id: r.status === 'created' ? r.documentId : '' })),
    );
    expect(c).toMatchObject({ status: 'failed' });
    expect(c!.error).toMatch(/damaged|cannot be read/i);
    expect(c!.jobs[0]).toMatchObject({ status: 'failed', retryCount: 0 });
    expect(b).toMatchObject({ status: 'failed' });
    expect(b!.error).toMatch(/expands to more than/);
    expect(ok).toMatchObject({ status: 'completed', chunkCount: 1 });
    // The failed one can be retried (and fails again, for the same reason).
    await editor().documents.reprocess({ id: c!.id });
    await drainQueue();
    expect(await editor().documents.get({ id: c!.id })).toMatchObject({ status: 'failed', error: c!.error });
  });

  it('refuses bad uploads with a clear sentence before storing anything', async () => {
    const count = async () => (await editor().documents.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 100 })).total;
    const before = await count();
    const pdf = await makeTextPdf();
    // Started one at a time: on a pool, a promise made early could reject before it is awaited.
    const refusals: Array<[() => Promise<unknown>, RegExp]> = [
      [() => upload({ bytes: new Uint8Array(), filename: 'empty.txt' }), /empty/],
      [() => upload({ bytes: makeExe(), filename: 'invoice.pdf' }), /not a supported|executable|not allowed/i],
      // The name must agree with the content, and the refusal says what the content is.
      [
        () => upload({ bytes: pdf, filename: 'scan.zip' }),
        /^This file is a PDF document, but its name ends in \.zip, which means a ZIP archive\. Rename it to end in \.pdf/,
      ],
      [
        () => upload({ bytes: new TextEncoder().encode('Water the plants on Friday.'), filename: 'notes.exe' }),
        /^This file is plain text, but its name ends in \.exe, which means a Windows program \(EXE\)/,
      ],
      [
        () =>
          upload({ bytes: new TextEncoder().encode('x'.repeat(2048)), filename: 'big.txt' }, f, { ...settings, maxFileSizeBytes: 1024 }),
        /accepts files up to 1 KB/,
      ],
      [() => upload({ bytes: pdf, filename: 'a.pdf' }, f, { ...settings, allowedFileTypes: ['txt'] }), /PDF files are not allowed/],
      [
        () => upload({ bytes: new TextEncoder().encode('hello'), filename: 'x.txt', collectionId: '00000000-0000-4000-8000-000000000000' }),
        /collection was not found/,
      ],
    ];
    for (const [start, message] of refusals) await expect(start()).rejects.toThrow(message);
    const viewerTry = withServiceContext(
      t.db,
      asUser(f, 'viewer'),
      (ctx) =>
        uploadDocument(ctx, settings, {
          collectionId: general,
          filename: 'v.txt',
          bytes: new TextEncoder().encode('hi'),
          onDuplicate: 'ask',
        }),
      { permission: ['documents:write'] },
    );
    await expect(viewerTry).rejects.toThrow(/documents:write/);
    expect(await count()).toBe(before);
  });

  it('detects duplicates in the collection and lets the user skip or replace', async () => {
    const bytes = new TextEncoder().encode(`Duplicate detection ${Date.now()}`);
    const first = await upload({ bytes, filename: 'dup.txt' });
    const firstId = first.status === 'created' ? first.documentId : '';
    const again = await upload({ bytes, filename: 'dup-copy.txt' });
    expect(again).toEqual({ status: 'duplicate', existing: { id: firstId, filename: 'dup.txt' } });
    expect(await upload({ bytes, filename: 'dup-copy.txt', onDuplicate: 'skip' })).toMatchObject({ status: 'skipped' });
    const replaced = await upload({ bytes, filename: 'dup-v2.txt', onDuplicate: 'replace' });
    expect(replaced).toMatchObject({ status: 'created', replaced: firstId });
    expect(await trpcCode(editor().documents.get({ id: firstId }))).toBe('NOT_FOUND');
  });

  it('never lets two uploads racing for the last bytes of the quota both succeed', async () => {
    const g = await createTenantFixture(t.db);
    const col = (await callerFor(t.db, asUser(g, 'editor')).collections.create({ name: 'Q', description: '', visibility: 'tenant' })).id;
    await withTenant({ tenantId: g.tenant.id }, (tx) =>
      tx.update(tenantQuotas).set({ maxStorageBytes: 1500 }).where(eq(tenantQuotas.tenantId, g.tenant.id)),
    );
    const attempt = (n: number) =>
      withServiceContext(t.db, asUser(g, 'editor'), (ctx) =>
        uploadDocument(ctx, settings, {
          collectionId: col,
          filename: `q${n}.txt`,
          bytes: new TextEncoder().encode(`${n}`.padEnd(1000, '.')),
          onDuplicate: 'ask',
        }),
      );
    const results = await Promise.allSettled([attempt(1), attempt(2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/Not enough storage left/);
    await withTenant({ tenantId: g.tenant.id }, (tx) =>
      tx.update(tenantQuotas).set({ maxIngestionsPerDay: 1, maxStorageBytes: null }).where(eq(tenantQuotas.tenantId, g.tenant.id)),
    );
    await expect(attempt(3)).rejects.toThrow(/has used 1 of its 1 uploads per day; you can upload again at 00:00 UTC/);
  });

  it('keeps documents, chunks and files of one tenant away from another', async () => {
    const mine = await upload({ bytes: new TextEncoder().encode('Tenant A secret roadmap.'), filename: 'roadmap.txt' });
    const id = mine.status === 'created' ? mine.documentId : '';
    await drainQueue();
    const them = callerFor(t.db, asUser(other, 'admin'));
    expect(await trpcCode(them.documents.get({ id }))).toBe('NOT_FOUND');
    expect(await trpcCode(them.documents.chunks({ documentId: id, page: 1, pageSize: 10 }))).toBe('NOT_FOUND');
    expect(await trpcCode(them.documents.reprocess({ id }))).toBe('NOT_FOUND');
    expect(await trpcCode(them.documents.delete({ id }))).toBe('NOT_FOUND');
    expect((await them.documents.list({ search: 'roadmap', sort: 'created', dir: 'desc', page: 1, pageSize: 10 })).total).toBe(0);
    await expect(
      withServiceContext(t.db, asUser(other, 'editor'), (ctx) =>
        uploadDocument(ctx, settings, {
          collectionId: general,
          filename: 'x.txt',
          bytes: new TextEncoder().encode('x'),
          onDuplicate: 'ask',
        }),
      ),
    ).rejects.toThrow(/collection was not found/);
    expect(await editor().documents.get({ id })).toMatchObject({ status: 'completed' });
  });

  it('deletes a document with its chunks, jobs and file, audited', async () => {
    const r = await upload({ bytes: new TextEncoder().encode(`Delete me ${Date.now()}`), filename: 'del.txt' });
    const id = r.status === 'created' ? r.documentId : '';
    await drainQueue();
    await callerFor(t.db, asUser(f, 'editor')).documents.delete({ id });
    const left = await withTenant({ tenantId: f.tenant.id, seeRestricted: true }, async (tx) => ({
      docs: await tx.select().from(documents).where(eq(documents.id, id)),
      chunks: await tx.select().from(documentChunks).where(eq(documentChunks.documentId, id)),
    }));
    expect(left).toEqual({ docs: [], chunks: [] });
    const audit = await callerFor(t.db, asUser(f, 'admin')).audit.list({ action: 'document.delete', page: 1, pageSize: 5 });
    expect(audit.items[0]).toMatchObject({ resourceId: id, status: 'success' });
    const [col] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .select()
        .from(collections)
        .where(and(eq(collections.id, general))),
    );
    expect(col).toBeDefined();
  });
});
