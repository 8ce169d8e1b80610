import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelPrices, usageEvents, usageMetrics } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { terminateOcr } from '@/server/documents/extract/ocr';
import { renderPdfPages } from '@/server/documents/extract/render';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES, type UploadSettings } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { handleUpload } from '@/server/documents/upload-request';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { apiKeyCaller, asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeOcrSourcePdf, makeTextPdf } from '@/test/samples/generate';
import { recordUsage, type UsageEventInput } from './meter';

let t: TestDatabase;

const settings: UploadSettings = { allowedFileTypes: ['pdf', 'txt', 'png'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };

beforeAll(async () => {
  t = await startTestDatabase();
}, 60_000);
afterAll(async () => {
  await terminateOcr();
  await t?.stop();
});

async function drainQueue() {
  const worker = new Worker({ db: t.db, id: 'meter-test-worker', handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // one job at a time, as the in-server worker does
  }
}

const eventsOf = (f: Fixture) =>
  withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(usageEvents).where(eq(usageEvents.tenantId, f.tenant.id)));

const rollupsOf = (f: Fixture) =>
  withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(usageMetrics).where(eq(usageMetrics.tenantId, f.tenant.id)));

const record = (f: Fixture, event: Omit<UsageEventInput, 'tenantId'>) =>
  withTenant({ tenantId: f.tenant.id }, (tx) => recordUsage(tx, { tenantId: f.tenant.id, ...event }));

/** The rollup key of a row, and every summed column, as comparable strings. */
const rollupKey = (r: { date: string; userId: string | null; apiKeyId: string | null; kind: string; model: string }) =>
  [r.date, r.userId, r.apiKeyId, r.kind, r.model].join('|');

describe('usage metering', () => {
  it('records every kind of work with its subject, and the rollups equal the sums of the events', async () => {
    const f = await createTenantFixture(t.db);
    const general = (
      await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })
    ).id;
    const { key, apiKey } = await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({
      name: 'uploader',
      scopes: ['documents:read', 'documents:write'],
      expiresInDays: 30,
    });
    const uploadAsEditor = (filename: string, bytes: Uint8Array) =>
      withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
        uploadDocument(ctx, settings, { collectionId: general, filename, bytes, onDuplicate: 'ask' }),
      );

    // The editor uploads a text PDF and a picture that needs OCR; the API key uploads a note.
    const pdfBytes = await makeTextPdf();
    const pdf = await uploadAsEditor('price-list.pdf', pdfBytes);
    let png: Uint8Array | undefined;
    for await (const page of renderPdfPages(await makeOcrSourcePdf(['Invoices are paid', 'within thirty days']), [1], { dpi: 150 }))
      png = page.png;
    const picture = await uploadAsEditor('scan.png', png!);
    const form = new FormData();
    form.set('file', new File(['The office in Lisbon opens at nine.'], 'note.txt', { type: 'text/plain' }));
    form.set('collectionId', general);
    const byKey = await handleUpload(
      new Request('http://localhost/api/documents/upload', { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } }),
    );
    expect(byKey.status).toBe(201);
    const noteId = ((await byKey.json()) as { documentId: string }).documentId;
    await drainQueue();

    // The viewer asks a question; the key deletes its note, the editor deletes the picture.
    const chat = await callerFor(t.db, asUser(f, 'viewer')).chat.create({ collectionIds: [] });
    for await (const event of await callerFor(t.db, asUser(f, 'viewer')).chat.onAnswer({
      sessionId: chat.id,
      question: 'What is the price of the Enterprise plan?',
    }))
      expect(event.type).not.toBe('error');
    await apiKeyCaller(t.db, key).documents.delete({ id: noteId });
    const pictureId = picture.status === 'created' ? picture.documentId : '';
    await callerFor(t.db, asUser(f, 'editor')).documents.delete({ id: pictureId });
    expect(pdf.status).toBe('created');

    const events = await eventsOf(f);
    const { admin, editor, viewer } = f.users;
    const of = (kind: string, userId: string, apiKeyId: string | null = null) =>
      events.filter((e) => e.kind === kind && e.userId === userId && e.apiKeyId === apiKeyId);

    // Ingestion embeddings: one event per document, the uploader's, never the key's.
    const editorEmbeddings = of('embedding', editor.id);
    expect(editorEmbeddings).toHaveLength(2);
    expect(of('embedding', admin.id)).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'embedding' && e.apiKeyId !== null)).toEqual([]);
    for (const e of [...editorEmbeddings, ...of('embedding', admin.id)]) {
      expect(e).toMatchObject({ model: 'local-hash-v1', tokensEstimated: true, costUsd: '0.000000', outputTokens: 0 });
      expect(e.inputTokens).toBeGreaterThan(0);
      expect(e.requests).toBeGreaterThanOrEqual(1);
    }
    // OCR: the picture's one page, priced 0 by the tesseract pattern.
    expect(of('ocr', editor.id)).toEqual([expect.objectContaining({ model: 'tesseract', ocrPages: 1, requests: 1, costUsd: '0.000000' })]);
    expect(events.filter((e) => e.kind === 'ocr')).toHaveLength(1);
    // The question's embedding, the asker's.
    expect(of('embedding', viewer.id)).toEqual([
      expect.objectContaining({ model: 'local-hash-v1', requests: 1, tokensEstimated: true, inputTokens: expect.any(Number) }),
    ]);
    expect(of('embedding', viewer.id)[0]!.inputTokens).toBeGreaterThan(0);
    expect(of('chat', viewer.id)).toHaveLength(1);
    // Uploads and deletions: the key's with the key, the editor's with no key.
    expect(of('ingestion', admin.id, apiKey.id)).toEqual([expect.objectContaining({ ingestions: 1, storageBytes: 35 })]);
    expect(of('storage', admin.id, apiKey.id)).toEqual([expect.objectContaining({ storageBytes: -35, requests: 0 })]);
    expect(of('storage', editor.id)).toEqual([expect.objectContaining({ storageBytes: -png!.length })]);
    // What is stored now is what the events add up to.
    expect(events.reduce((sum, e) => sum + e.storageBytes, 0)).toBe(pdfBytes.length);

    // Every rollup row is exactly the sum of its events, and no event is missing from the rollups.
    const sums = new Map<string, Record<string, number>>();
    for (const e of events) {
      const k = rollupKey({ ...e, date: e.localDate });
      const s = sums.get(k) ?? {
        tokensIn: 0,
        tokensOut: 0,
        tokensCached: 0,
        requests: 0,
        failedRequests: 0,
        ingestions: 0,
        ocrPages: 0,
        storageBytes: 0,
        costUsd: 0,
        unpricedEvents: 0,
        events: 0,
      };
      s.tokensIn! += e.inputTokens;
      s.tokensOut! += e.outputTokens;
      s.tokensCached! += e.cachedTokens;
      s.requests! += e.requests;
      s.failedRequests! += e.failed ? e.requests : 0;
      s.ingestions! += e.ingestions;
      s.ocrPages! += e.ocrPages;
      s.storageBytes! += e.storageBytes;
      s.costUsd! += e.costUsd === null ? 0 : Math.round(Number(e.costUsd) * 1e6);
      s.unpricedEvents! += e.costUsd === null ? 1 : 0;
      s.events! += 1;
      sums.set(k, s);
    }
    const rollups = await rollupsOf(f);
    expect(new Set(rollups.map((r) => r.kind))).toEqual(new Set(['chat', 'embedding', 'ocr', 'ingestion', 'storage']));
    expect(
      Object.fromEntries(
        rollups.map((r) => [
          rollupKey(r),
          {
            tokensIn: r.tokensIn,
            tokensOut: r.tokensOut,
            tokensCached: r.tokensCached,
            requests: r.requests,
            failedRequests: r.failedRequests,
            ingestions: r.ingestions,
            ocrPages: r.ocrPages,
            storageBytes: r.storageBytes,
            costUsd: Math.round(Number(r.costUsd) * 1e6),
            unpricedEvents: r.unpricedEvents,
            events: r.events,
          },
        ]),
      ),
    ).toEqual(Object.fromEntries(sums));
  }, 180_000);

  it('prices an event at the price in effect when it happened, a tenant’s own price first', async () => {
    const f = await createTenantFixture(t.db);
    const g = await createTenantFixture(t.db);
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    await t.db.insert(modelPrices).values([
      { modelPattern: 'gpt-test*', inputPerMTokUsd: '1', outputPerMTokUsd: '2', effectiveFrom: new Date(now - 7 * day) },
      { modelPattern: 'gpt-test*', inputPerMTokUsd: '10', outputPerMTokUsd: '20', effectiveFrom: new Date(now + day) },
      {
        tenantId: g.tenant.id,
        modelPattern: 'gpt-test*',
        inputPerMTokUsd: '0.5',
        outputPerMTokUsd: '0.5',
        effectiveFrom: new Date(now - 7 * day),
      },
    ]);
    const call = {
      userId: f.users.viewer.id,
      kind: 'chat',
      model: 'gpt-test-1',
      inputTokens: 1_000_000,
      outputTokens: 500_000,
      requests: 1,
    } as const;
    // Now: last week's price (tomorrow's is not in effect yet).
    expect(Number((await record(f, call)).costUsd)).toBe(2);
    // After tomorrow: the new price.
    expect(Number((await record(f, { ...call, occurredAt: new Date(now + 2 * day) })).costUsd)).toBe(20);
    // Before either price existed: unpriced.
    expect((await record(f, { ...call, occurredAt: new Date(now - 30 * day) })).costUsd).toBeNull();
    // Another tenant's override beats the platform row, also after the platform's price change.
    expect(Number((await record(g, { ...call, userId: g.users.viewer.id })).costUsd)).toBe(0.75);
    expect(Number((await record(g, { ...call, userId: g.users.viewer.id, occurredAt: new Date(now + 2 * day) })).costUsd)).toBe(0.75);
    // The cost is kept on the event as it was computed.
    const [stored] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .select({ cost: sql<string>`sum(${usageEvents.costUsd})` })
        .from(usageEvents)
        .where(eq(usageEvents.model, 'gpt-test-1')),
    );
    expect(stored!.cost).toBe('22.000000');
  });

  it('flags a model without a price as unpriced, never as $0, and leaves the day’s cost as it was', async () => {
    const f = await createTenantFixture(t.db);
    const subject = { userId: f.users.viewer.id, kind: 'chat', model: 'mystery-model-7b', requests: 1 } as const;
    const first = await record(f, { ...subject, inputTokens: 100, outputTokens: 40 });
    expect(first.costUsd).toBeNull();
    const [event] = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(usageEvents).where(eq(usageEvents.id, first.id)));
    expect(event).toMatchObject({ costUsd: null, priceId: null });
    const [rollup] = await rollupsOf(f);
    expect(rollup).toMatchObject({
      model: 'mystery-model-7b',
      unpricedEvents: 1,
      costUsd: '0.000000',
      tokensIn: 100,
      tokensOut: 40,
      events: 1,
    });
    // A priced event for the same model later keeps the unpriced one counted apart.
    await t.db
      .insert(modelPrices)
      .values({ modelPattern: 'mystery-model-7b', inputPerMTokUsd: '1000', effectiveFrom: new Date(Date.now() - 60_000) });
    await record(f, { ...subject, inputTokens: 1000 });
    const [after] = await rollupsOf(f);
    expect(after).toMatchObject({ unpricedEvents: 1, costUsd: '1.000000', tokensIn: 1100, events: 2 });
  });

  it('starts the day at midnight in the tenant’s time zone', async () => {
    const f = await createTenantFixture(t.db);
    await callerFor(t.db, asUser(f, 'admin')).settings.updateWorkspace({ timeZone: 'America/New_York' });
    const subject = { userId: f.users.viewer.id, kind: 'chat', model: 'extractive-v1', inputTokens: 10, requests: 1 } as const;
    // 23:30 and 00:30 in New York (UTC-5 in January): the same UTC day, two local days.
    const late = await record(f, { ...subject, occurredAt: new Date('2025-01-16T04:30:00Z') });
    const early = await record(f, { ...subject, occurredAt: new Date('2025-01-16T05:30:00Z') });
    expect([late.localDate, early.localDate]).toEqual(['2025-01-15', '2025-01-16']);
    const rollups = await rollupsOf(f);
    expect(rollups.map((r) => [r.date, r.requests]).sort()).toEqual([
      ['2025-01-15', 1],
      ['2025-01-16', 1],
    ]);
    // In UTC (another tenant, the default) both land on the 16th.
    const g = await createTenantFixture(t.db);
    const utc = await record(g, { ...subject, userId: g.users.viewer.id, occurredAt: new Date('2025-01-16T04:30:00Z') });
    expect(utc.localDate).toBe('2025-01-16');
  });
});
