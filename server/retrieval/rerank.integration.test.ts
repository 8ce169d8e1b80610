import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageMetrics } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { AskEvent } from '@/server/chat/ask';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;
let general: string;

const RETRIEVAL = { topK: 2, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 };
const OTHER_SECRET = 'Quillfeather';

async function upload(who: Fixture, collectionId: string, filename: string, text: string) {
  const result = await withServiceContext(t.db, asUser(who, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'replace', visibility: 'tenant' },
    ),
  );
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain
  }
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

async function ask(question: string) {
  const viewer = callerFor(t.db, asUser(f, 'viewer'));
  const sessionId = (await viewer.chat.create({ collectionIds: [] })).id;
  const events: AskEvent[] = [];
  for await (const event of await viewer.chat.onAnswer({ sessionId, question })) events.push(event);
  const done = events.find((e) => e.type === 'done');
  return done?.type === 'done' ? done.message : null;
}

const chatRequests = () =>
  withTenant({ tenantId: f.tenant.id }, (tx) =>
    tx
      .select({ requests: usageMetrics.requests })
      .from(usageMetrics)
      .where(and(eq(usageMetrics.tenantId, f.tenant.id), eq(usageMetrics.userId, f.users.viewer.id), eq(usageMetrics.model, 'ok'))),
  ).then((rows) => rows.reduce((sum, r) => sum + r.requests, 0));

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
  general = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  await upload(f, general, 'billing.txt', 'Annual billing saves two months on every plan. Invoices are sent monthly.');
  await upload(f, general, 'enterprise.txt', 'The Enterprise plan costs ninety euros per user per month.');
  await upload(f, general, 'office.txt', 'Our Lisbon office is open Monday to Friday from nine to five.');
  const theirs = (
    await callerFor(t.db, asUser(other, 'editor')).collections.create({ name: 'Theirs', description: '', visibility: 'tenant' })
  ).id;
  await upload(other, theirs, 'plans.txt', `The ${OTHER_SECRET} plan costs ten euros per month, billed annually.`);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('reranking behind the retrieval settings', () => {
  it('is off by default, saved and audited through the settings, and refuses an unknown mode', async () => {
    const admin = callerFor(t.db, asUser(f, 'admin'));
    expect((await admin.settings.getLlm()).retrieval.rerank).toBe('off');
    const base = { providerType: 'local' as const, baseUrl: null, modelName: 'extractive-v1', temperature: 0.2, maxTokens: 1024 };
    const saved = await admin.settings.updateLlm({ ...base, retrieval: { ...RETRIEVAL, rerank: 'mix' } });
    expect(saved.retrieval).toEqual({ ...RETRIEVAL, rerank: 'mix' });
    expect((await lastAuditEntry(f, 'settings.llm_update'))!.payload).toMatchObject({ retrieval: { rerank: 'mix' } });
    const bogus = { ...base, retrieval: { ...RETRIEVAL, rerank: 'bogus' } } as unknown as Parameters<typeof admin.settings.updateLlm>[0];
    expect(await trpcCode(admin.settings.updateLlm(bogus))).toBe('BAD_REQUEST');
    expect((await admin.settings.getLlm()).retrieval.rerank).toBe('mix');
    // A viewer may not change it; another tenant does not see it.
    expect(await trpcCode(callerFor(t.db, asUser(f, 'viewer')).settings.updateLlm({ ...base, retrieval: RETRIEVAL }))).toBe('FORBIDDEN');
    expect((await callerFor(t.db, asUser(other, 'admin')).settings.getLlm()).retrieval.rerank).toBe('off');
    // With the offline answerer, the mix still answers from the right passage.
    const answer = await ask('How much does the Enterprise plan cost?');
    expect(answer!.content).toContain('ninety euros');
    expect(answer!.citations[0]!.filename).toBe('enterprise.txt');
  });

  it('asks the chat model to order the candidates (one metered call at temperature 0) and answers from its order', async () => {
    const fake = await startFakeOpenAI((messages) => {
      if (!messages[0]!.content.startsWith('You rank passages')) return 'The answer [1].';
      // Whatever the fused order, the model puts the office hours first.
      const passages = messages[1]!.content.split('\n\n[').map((p) => p.replace(/^\[?(\d+)\] /, '$1\t'));
      const office = passages.find((p) => p.includes('Lisbon office'))!.split('\t')[0];
      return `[${office}]`;
    });
    try {
      const admin = callerFor(t.db, asUser(f, 'admin'));
      await admin.settings.updateLlm({
        providerType: 'openai-compatible',
        baseUrl: fake.baseUrl,
        modelName: 'ok',
        temperature: 0.7,
        maxTokens: 300,
        apiKey: 'sk-test',
        retrieval: { ...RETRIEVAL, rerank: 'model' },
      });
      const before = await chatRequests();
      const answer = await ask('Which plan costs ninety euros, and when is the office open?');
      expect(answer).not.toBeNull();
      expect(fake.requests).toHaveLength(2);
      const [ranking, answering] = fake.requests;
      expect(ranking!.body.temperature).toBe(0);
      // The passages the answer was given: the model's first choice is passage [1].
      const given = answering!.body.messages.map((m) => m.content).join('\n');
      expect(given).toMatch(/\[1\][^\n]*\n[^[]*Lisbon office/);
      expect(answer!.citations[0]!.filename).toBe('office.txt');
      // Both calls are metered against the asker.
      expect((await chatRequests()) - before).toBe(2);
      // Candidates come from retrieval under RLS: another tenant's chunk is never shown to the model.
      expect(fake.requests.flatMap((r) => r.body.messages.map((m) => m.content)).join('\n')).not.toContain(OTHER_SECRET);
    } finally {
      await fake.stop();
    }
  });

  it('keeps the fused order when the model’s reply is not an order', async () => {
    const fake = await startFakeOpenAI((messages) =>
      messages[0]!.content.startsWith('You rank passages')
        ? 'Passage two looks best to me.'
        : 'The Enterprise plan costs ninety euros [1].',
    );
    try {
      await callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
        providerType: 'openai-compatible',
        baseUrl: fake.baseUrl,
        modelName: 'ok',
        temperature: 0.2,
        maxTokens: 300,
        apiKey: 'sk-test',
        retrieval: { ...RETRIEVAL, rerank: 'model' },
      });
      const answer = await ask('How much does the Enterprise plan cost?');
      expect(answer!.content).toBe('The Enterprise plan costs ninety euros [1].');
      expect(answer!.citations[0]!.filename).toBe('enterprise.txt');
      expect(fake.requests).toHaveLength(2);
    } finally {
      await fake.stop();
    }
  });
});
