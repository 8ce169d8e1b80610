import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLogs, usageMetrics } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { NO_ANSWER } from '@/server/ai/chat-model';
import { OpenAICompatibleModel, ProviderError, REFUSED_AT_REQUEST } from '@/server/ai/openai';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import { updateLlmSettings } from '@/server/settings/llm';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { FAKE_ERROR_SECRET, startFakeOpenAI } from '@/test/fake-openai';
import { apiKeyCaller, asUser, callerFor, createTenantFixture, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeTextPdf } from '@/test/samples/generate';
import type { AskEvent } from './ask';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;
let general: string;
let priceListId: string;

const settings = { allowedFileTypes: ['pdf', 'txt'] as const, maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };

async function upload(
  who: Fixture,
  collectionId: string,
  filename: string,
  bytes: Uint8Array,
  visibility: 'tenant' | 'restricted' = 'tenant',
) {
  const result = await withServiceContext(t.db, asUser(who, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { ...settings, allowedFileTypes: [...settings.allowedFileTypes] },
      { collectionId, filename, bytes, onDuplicate: 'replace', visibility },
    ),
  );
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain
  }
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

async function ask(who: Fixture, role: 'admin' | 'editor' | 'viewer', sessionId: string, question: string) {
  const events: AskEvent[] = [];
  const stream = await callerFor(t.db, asUser(who, role)).chat.onAnswer({ sessionId, question });
  for await (const event of stream) events.push(event);
  const done = events.find((e) => e.type === 'done');
  const error = events.find((e) => e.type === 'error');
  return { events, done: done?.type === 'done' ? done.message : null, error: error?.type === 'error' ? error.message : null };
}

/** Back to the default offline answerer, after a test that pointed the tenant at a fake server. */
const useOfflineModel = () =>
  callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
    providerType: 'local',
    baseUrl: null,
    modelName: 'extractive-v1',
    temperature: 0.2,
    maxTokens: 1024,
    apiKey: null,
    retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
  });

const newChat = async (who: Fixture, role: 'admin' | 'editor' | 'viewer' = 'viewer', collectionIds: string[] = []) =>
  (await callerFor(t.db, asUser(who, role)).chat.create({ collectionIds })).id;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
  general = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  priceListId = await upload(f, general, 'price-list.pdf', await makeTextPdf());
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('chat with citations (offline extractive model)', () => {
  it('streams an answer built from the document, citing the passage with its page', async () => {
    const sessionId = await newChat(f);
    const { events, done } = await ask(f, 'viewer', sessionId, 'What is the price of the Enterprise plan?');
    expect(events[0]).toMatchObject({ type: 'started', title: 'What is the price of the Enterprise plan?' });
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(1);
    expect(done!.content).toMatch(/ninety euros per user per month \[1\]\./);
    expect(done!.citations[0]).toMatchObject({ n: 1, documentId: priceListId, filename: 'price-list.pdf', page: 2 });
    expect(done!.citations[0]!.quote).toContain('ninety euros');
    // Every marker in the text points at a citation, and every citation is a retrieved chunk of this tenant.
    const markers = [...done!.content.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(new Set(markers)).toEqual(new Set(done!.citations.map((c) => c.n)));
    const stored = await callerFor(t.db, asUser(f, 'viewer')).chat.get({ id: sessionId });
    const answer = stored.messages.find((m) => m.role === 'assistant')!;
    expect(answer).toMatchObject({ provider: 'local', model: 'extractive-v1', citations: done!.citations });
    expect(answer.inputTokens).toBeGreaterThan(0);
    expect(answer.outputTokens).toBeGreaterThan(0);
    expect(answer.latencyMs).toBeGreaterThanOrEqual(0);
    const chunk = await callerFor(t.db, asUser(f, 'viewer')).documents.chunks({ documentId: priceListId, page: 1, pageSize: 50 });
    const cited = chunk.items.find((c) => c.id === done!.citations[0]!.chunkId)!;
    expect(cited.content).toContain(done!.citations[0]!.quote);
    const [usage] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .select()
        .from(usageMetrics)
        .where(and(eq(usageMetrics.tenantId, f.tenant.id), eq(usageMetrics.userId, f.users.viewer.id), eq(usageMetrics.kind, 'chat'))),
    );
    expect(usage!.requests).toBeGreaterThanOrEqual(1);
    expect(usage!.tokensOut).toBeGreaterThan(0);
    // The offline answerer is priced at 0 by the platform's price table: free, not unpriced.
    expect(usage).toMatchObject({ model: 'extractive-v1', costUsd: '0.000000', unpricedEvents: 0 });
  });

  it('understands a follow-up through the conversation', async () => {
    const sessionId = await newChat(f);
    await ask(f, 'viewer', sessionId, 'Tell me about the Enterprise plan');
    const { done } = await ask(f, 'viewer', sessionId, 'and what about its price?');
    expect(done!.content).toContain('ninety euros');
    expect(done!.citations.every((c) => c.documentId === priceListId)).toBe(true);
  });

  it('says plainly that the documents hold no answer instead of guessing', async () => {
    const sessionId = await newChat(f);
    const { done } = await ask(f, 'viewer', sessionId, 'What is the capital city of Mongolia?');
    expect(done).toMatchObject({ content: NO_ANSWER, citations: [] });
  });

  it('never cites a restricted document to a viewer without access, nor another tenant’s documents', async () => {
    const board = (
      await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'Board', description: '', visibility: 'restricted' })
    ).id;
    const secret = await upload(
      f,
      board,
      'merger.txt',
      new TextEncoder().encode('The secret merger codename is Falcon. It closes in March.'),
      'restricted',
    );
    const question = 'What is the merger codename?';
    const viewer = await ask(f, 'viewer', await newChat(f), question);
    expect(viewer.done).toMatchObject({ content: NO_ANSWER, citations: [] });
    const admin = await ask(f, 'admin', await newChat(f, 'admin'), question);
    expect(admin.done!.citations.map((c) => c.documentId)).toContain(secret);
    await callerFor(t.db, asUser(f, 'admin')).access.grant({
      resourceType: 'collection',
      resourceId: board,
      userId: f.users.viewer.id,
      level: 'read',
    });
    const granted = await ask(f, 'viewer', await newChat(f), question);
    expect(granted.done!.content).toContain('Falcon');
    // The other tenant asks the same questions: nothing of this tenant comes back.
    const theirs = await ask(other, 'viewer', await newChat(other), question);
    expect(theirs.done).toMatchObject({ content: NO_ANSWER, citations: [] });
    const theirPrice = await ask(other, 'viewer', await newChat(other), 'What is the price of the Enterprise plan?');
    expect(theirPrice.done!.citations).toEqual([]);
  });

  it('scopes a chat to its collections', async () => {
    const empty = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'Empty', description: '', visibility: 'tenant' }))
      .id;
    const { done } = await ask(f, 'viewer', await newChat(f, 'viewer', [empty]), 'What is the price of the Enterprise plan?');
    expect(done!.citations).toEqual([]);
  });
});

describe('chat sessions', () => {
  it('lists, renames, archives, rates and deletes the user’s own sessions only', async () => {
    const me = callerFor(t.db, asUser(f, 'viewer'));
    const sessionId = await newChat(f);
    const { done } = await ask(f, 'viewer', sessionId, 'When is the Lisbon office open?');
    await me.chat.update({ id: sessionId, title: 'Office hours' });
    expect((await me.chat.list({ page: 1, pageSize: 50 })).items.find((s) => s.id === sessionId)).toMatchObject({ title: 'Office hours' });
    await me.chat.rate({ messageId: done!.id, rating: 'down', comment: 'Too short' });
    await me.chat.rate({ messageId: done!.id, rating: 'up' });
    expect((await me.chat.get({ id: sessionId })).messages.at(-1)).toMatchObject({ rating: 'up' });
    const editor = callerFor(t.db, asUser(f, 'editor'));
    expect(await trpcCode(editor.chat.get({ id: sessionId }))).toBe('NOT_FOUND');
    expect(await trpcCode(editor.chat.delete({ id: sessionId }))).toBe('NOT_FOUND');
    expect(await trpcCode(editor.chat.rate({ messageId: done!.id, rating: 'down' }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(t.db, asUser(other, 'admin')).chat.get({ id: sessionId }))).toBe('NOT_FOUND');
    await me.chat.update({ id: sessionId, isArchived: true });
    expect((await me.chat.list({ page: 1, pageSize: 50 })).items.map((s) => s.id)).not.toContain(sessionId);
    expect((await me.chat.list({ includeArchived: true, page: 1, pageSize: 50 })).items.map((s) => s.id)).toContain(sessionId);
    await me.chat.delete({ id: sessionId });
    expect(await trpcCode(me.chat.get({ id: sessionId }))).toBe('NOT_FOUND');
    expect(await trpcCode(me.chat.create({ collectionIds: ['00000000-0000-4000-8000-000000000000'] }))).toBe('NOT_FOUND');
  });
});

describe('chat search, archived chats and sources', () => {
  it('finds a chat by the words of its messages, not only its title, and only the person’s own', async () => {
    const me = callerFor(t.db, asUser(f, 'viewer'));
    const sessionId = await newChat(f);
    await ask(f, 'viewer', sessionId, 'When is the Lisbon office open?');
    await me.chat.update({ id: sessionId, title: 'Opening times' });
    const found = await me.chat.list({ search: 'lisbon OFFICE', page: 1, pageSize: 50 });
    const hit = found.items.find((s) => s.id === sessionId);
    expect(hit?.matchedMessage).toMatch(/lisbon office/i);
    // The answer's words match too.
    expect((await me.chat.list({ search: 'nine to five', page: 1, pageSize: 50 })).items.map((s) => s.id)).toContain(sessionId);
    expect((await me.chat.list({ search: 'Opening times', page: 1, pageSize: 50 })).items.find((s) => s.id === sessionId)).toMatchObject({
      matchedMessage: null,
    });
    expect((await me.chat.list({ search: 'no such words here', page: 1, pageSize: 50 })).items.map((s) => s.id)).not.toContain(sessionId);
    // Like-pattern characters are searched as themselves.
    expect((await me.chat.list({ search: '%', page: 1, pageSize: 50 })).items.map((s) => s.id)).not.toContain(sessionId);
    // Another person of the tenant, and another tenant, never find it.
    const editor = callerFor(t.db, asUser(f, 'editor'));
    expect(
      (await editor.chat.list({ search: 'Lisbon', includeArchived: true, page: 1, pageSize: 50 })).items.map((s) => s.id),
    ).not.toContain(sessionId);
    const stranger = callerFor(t.db, asUser(other, 'viewer'));
    expect((await stranger.chat.list({ search: 'Lisbon', includeArchived: true, page: 1, pageSize: 50 })).items).toEqual([]);
  });

  it('lists archived chats beside the others when asked to, never instead of them', async () => {
    const me = callerFor(t.db, asUser(f, 'editor'));
    const kept = await newChat(f, 'editor');
    const archived = await newChat(f, 'editor');
    await me.chat.update({ id: archived, isArchived: true });
    const plain = (await me.chat.list({ page: 1, pageSize: 100 })).items;
    expect(plain.map((s) => s.id)).toContain(kept);
    expect(plain.map((s) => s.id)).not.toContain(archived);
    const all = (await me.chat.list({ includeArchived: true, page: 1, pageSize: 100 })).items;
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([kept, archived]));
    expect(all.find((s) => s.id === archived)).toMatchObject({ isArchived: true });
  });

  it('gives a citation’s passage with the quote located, to the person whose answer it is', async () => {
    const me = callerFor(t.db, asUser(f, 'viewer'));
    const sessionId = await newChat(f);
    const { done } = await ask(f, 'viewer', sessionId, 'When is the Lisbon office open?');
    const citation = done!.citations[0]!;
    const source = await me.chat.source({ messageId: done!.id, n: citation.n });
    expect(source).toMatchObject({ n: citation.n, documentId: priceListId, chunkId: citation.chunkId, filename: 'price-list.pdf' });
    const chunk = source.chunk!;
    expect(chunk.quoteStart).not.toBeNull();
    expect(chunk.content.slice(chunk.quoteStart!, chunk.quoteEnd!).trim()).toBe(citation.quote.trim());
    expect(chunk.content).toContain('Lisbon office is open');
    // A citation the answer does not have, a question instead of an answer, and bad input.
    expect(await trpcCode(me.chat.source({ messageId: done!.id, n: 99 }))).toBe('NOT_FOUND');
    const question = (await me.chat.get({ id: sessionId })).messages.find((m) => m.role === 'user')!;
    expect(await trpcCode(me.chat.source({ messageId: question.id, n: 1 }))).toBe('NOT_FOUND');
    expect(await trpcCode(me.chat.source({ messageId: 'nope', n: 1 }))).toBe('BAD_REQUEST');
    // Someone else's answer: same tenant or another, it does not exist for them.
    expect(await trpcCode(callerFor(t.db, asUser(f, 'admin')).chat.source({ messageId: done!.id, n: 1 }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(t.db, asUser(other, 'admin')).chat.source({ messageId: done!.id, n: 1 }))).toBe('NOT_FOUND');
    // Without chat:use (an API key scoped to reading documents), refused.
    const { key } = await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({
      name: 'reader',
      scopes: ['documents:read'],
      expiresInDays: 1,
    });
    expect(await trpcCode(apiKeyCaller(t.db, key).chat.source({ messageId: done!.id, n: 1 }))).toBe('FORBIDDEN');
  });
});

describe('OpenAI-compatible provider (local fake server)', () => {
  it('streams the answer, keeps valid citation markers and drops invented ones', async () => {
    const fake = await startFakeOpenAI('The Enterprise plan costs ninety euros per user per month [1]. It is the best plan [7].');
    try {
      const admin = callerFor(t.db, asUser(f, 'admin'));
      const saved = await admin.settings.updateLlm({
        providerType: 'openai-compatible',
        baseUrl: fake.baseUrl,
        modelName: 'ok',
        temperature: 0.1,
        maxTokens: 300,
        apiKey: 'sk-test-secret',
        retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
      });
      expect(saved).toMatchObject({ providerType: 'openai-compatible', hasApiKey: true, keyVersion: 2 }); // the first ENCRYPTION_KEYS key (test/setup-env.ts)
      expect(JSON.stringify(saved)).not.toContain('sk-test-secret');
      const { events, done } = await ask(f, 'viewer', await newChat(f), 'What is the price of the Enterprise plan?');
      expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(3);
      expect(done!.content).toBe('The Enterprise plan costs ninety euros per user per month [1]. It is the best plan.');
      expect(done!.citations).toHaveLength(1);
      expect(done!.citations[0]!.quote).toContain('ninety euros');
      expect(done).toMatchObject({ provider: 'openai-compatible', model: 'ok', inputTokens: 321 });
      expect(fake.requests[0]!.authorization).toBe('Bearer sk-test-secret');
      expect(fake.requests[0]!.body.stream).toBe(true);
      expect(fake.requests[0]!.body.messages.map((m) => m.content).join('\n')).toContain('ninety euros');

      await admin.settings.updateLlm({ ...saved, modelName: 'unauthorized', baseUrl: fake.baseUrl, retrieval: saved.retrieval });
      const refused = await ask(f, 'viewer', await newChat(f), 'What is the price of the Enterprise plan?');
      expect(refused.error).toBe(`The model provider (${new URL(fake.baseUrl).host}) answered 401 Unauthorized.`);
      expect(refused.done).toBeNull();

      await admin.settings.updateLlm({ ...saved, modelName: 'drop', baseUrl: fake.baseUrl, retrieval: saved.retrieval });
      const dropped = await ask(f, 'viewer', await newChat(f), 'What is the price of the Enterprise plan?');
      expect(dropped.error).toMatch(/broke off|cut off/);
    } finally {
      await useOfflineModel();
      await fake.stop();
    }
  });

  it('keeps what was said when the reader stops the answer, marked as stopped rather than with a note in the text', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const fake = await startFakeOpenAI(`The Enterprise plan costs ninety euros [1]. ${words}`);
    const admin = callerFor(t.db, asUser(f, 'admin'));
    try {
      await admin.settings.updateLlm({
        providerType: 'openai-compatible',
        baseUrl: fake.baseUrl,
        modelName: 'ok',
        temperature: 0.1,
        maxTokens: 300,
        apiKey: null,
        retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
      });
      const sessionId = await newChat(f);
      const controller = new AbortController();
      const stream = await callerFor(t.db, asUser(f, 'viewer'), { signal: controller.signal }).chat.onAnswer({
        sessionId,
        question: 'What is the price of the Enterprise plan?',
      });
      let deltas = 0;
      try {
        for await (const event of stream) {
          if (event.type === 'delta' && ++deltas === 4) controller.abort();
        }
      } catch {
        // The aborted stream may end with an abort error on the reader's side.
      }
      const viewer = callerFor(t.db, asUser(f, 'viewer'));
      await expect.poll(async () => (await viewer.chat.get({ id: sessionId })).messages.length, { timeout: 10_000 }).toBe(2);
      const answer = (await viewer.chat.get({ id: sessionId })).messages[1]!;
      expect(answer).toMatchObject({ role: 'assistant', stopped: true });
      expect(answer.content.startsWith('The Enterprise plan')).toBe(true);
      expect(answer.content).not.toContain('word59');
      expect(answer.content).not.toMatch(/Stopped/);
    } finally {
      await useOfflineModel();
      await fake.stop();
    }
  });

  it('gives up with a clear error when the model does not answer in time', async () => {
    const fake = await startFakeOpenAI('never');
    try {
      const model = new OpenAICompatibleModel({ baseUrl: fake.baseUrl, model: 'slow', temperature: 0, maxTokens: 10, timeoutMs: 300 });
      const run = async () => {
        for await (const _ of model.answer({ question: 'q', history: [], contexts: [] })) {
          // no events expected
        }
      };
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).userMessage).toMatch(/did not answer in time/);
    } finally {
      await fake.stop();
    }
  });

  it('never lets a stored key follow the base URL to another server', async () => {
    const admin = callerFor(t.db, asUser(f, 'admin'));
    const base = {
      providerType: 'openai-compatible' as const,
      modelName: 'ok',
      temperature: 0.1,
      maxTokens: 300,
      retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
    };
    try {
      await admin.settings.updateLlm({ ...base, baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-for-the-first-server' });
      // Same origin, another path: the key stays.
      await expect(admin.settings.updateLlm({ ...base, baseUrl: 'http://127.0.0.1:9/v2' })).resolves.toMatchObject({ hasApiKey: true });
      // Another origin without a new key: the key is cleared, and the audit says why.
      await expect(admin.settings.updateLlm({ ...base, baseUrl: 'http://127.0.0.1:10/v1' })).resolves.toMatchObject({ hasApiKey: false });
      const [entry] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
        tx.select().from(auditLogs).where(eq(auditLogs.action, 'settings.llm_update')).orderBy(desc(auditLogs.seq)).limit(1),
      );
      expect(entry!.payload).toMatchObject({
        storedCredentialRemoved: 'the base URL moved to another origin',
        baseUrl: 'http://127.0.0.1:10/v1',
      });
      // Another origin with its own key: that key is stored.
      await admin.settings.updateLlm({ ...base, baseUrl: 'http://127.0.0.1:10/v1', apiKey: 'sk-for-the-second-server' });
      await expect(
        admin.settings.updateLlm({ ...base, baseUrl: 'http://127.0.0.1:11/v1', apiKey: 'sk-for-the-third-server' }),
      ).resolves.toMatchObject({ hasApiKey: true });
    } finally {
      await useOfflineModel();
    }
  });

  it('validates the settings and keeps them to settings:manage', async () => {
    const admin = callerFor(t.db, asUser(f, 'admin'));
    const base = {
      providerType: 'openai-compatible' as const,
      baseUrl: 'not a url',
      modelName: 'm',
      temperature: 0.2,
      maxTokens: 100,
      retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
    };
    expect(await trpcCode(admin.settings.updateLlm(base))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin.settings.updateLlm({ ...base, baseUrl: null }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin.settings.updateLlm({ ...base, baseUrl: 'http://localhost:1/v1', temperature: 3 }))).toBe('BAD_REQUEST');
    expect(await trpcCode(callerFor(t.db, asUser(f, 'editor')).settings.getLlm())).toBe('FORBIDDEN');
  });
});

describe('model provider address (no SSRF)', () => {
  const openai = {
    providerType: 'openai-compatible' as const,
    modelName: 'ok',
    temperature: 0.1,
    maxTokens: 300,
    retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
  };
  const refusalOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'saved',
      (e: unknown) => `${(e as { code?: string }).code}: ${(e as Error).message}`,
    );

  it('refuses to save a base URL that reaches this server’s own network, and saves nothing', async () => {
    const admin = callerFor(t.db, asUser(f, 'admin'));
    const before = await admin.settings.getLlm();
    // With nothing allowed, 0x7f000001 (127.0.0.1 in hex) is refused like any loopback address.
    vi.stubEnv('MODEL_ALLOWED_HOSTS', '');
    try {
      const cases = [
        ['http://169.254.169.254/', '169.254.169.254 is a link-local address (where cloud metadata services answer)'],
        ['http://10.0.0.1/', '10.0.0.1 is a private network address'],
        ['http://[::1]/', '::1 is a loopback address (this server itself)'],
        ['http://0x7f000001/', '127.0.0.1 is a loopback address (this server itself)'],
      ] as const;
      for (const [baseUrl, reason] of cases) {
        const result = await refusalOf(admin.settings.updateLlm({ ...openai, baseUrl, apiKey: 'sk-must-not-be-stored' }));
        expect(result).toBe(`BAD_REQUEST: The model address ${reason}. Ask your platform operator to allow it (MODEL_ALLOWED_HOSTS).`);
      }
      expect(await refusalOf(admin.settings.updateLlm({ ...openai, baseUrl: 'https://user:pw@api.example.com/v1' }))).toMatch(
        /^BAD_REQUEST: .*must not contain a user name or password/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await admin.settings.getLlm()).toEqual(before);
  });

  it('refuses a host name that resolves to a private address, asking only the injected resolver', async () => {
    const admin = callerFor(t.db, asUser(f, 'admin'));
    const before = await admin.settings.getLlm();
    const lookup = vi.fn(async () => [{ address: '10.1.2.3', family: 4 }]);
    const save = withServiceContext(
      t.db,
      asUser(f, 'admin'),
      (ctx) => updateLlmSettings(ctx, { ...openai, baseUrl: 'https://internal.example/v1', apiKey: 'sk-must-not-be-stored' }, { lookup }),
      { permission: ['settings:manage'], mutation: true },
    );
    await expect(save).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'The model address internal.example resolves to 10.1.2.3, a private network address. Ask your platform operator to allow it (MODEL_ALLOWED_HOSTS).',
    });
    expect(lookup).toHaveBeenCalledWith('internal.example');
    expect(await admin.settings.getLlm()).toEqual(before);
  });

  it('checks the address again at every request: a saved URL no longer allowed is not called', async () => {
    const fake = await startFakeOpenAI('The Enterprise plan costs ninety euros per user per month [1].');
    try {
      await callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({ ...openai, baseUrl: fake.baseUrl, apiKey: null });
      vi.stubEnv('MODEL_ALLOWED_HOSTS', '');
      const refused = await ask(f, 'viewer', await newChat(f), 'What is the price of the Enterprise plan?');
      // The chatting viewer is not told which internal address was refused; the admin is, on saving.
      expect(refused.error).toBe(REFUSED_AT_REQUEST);
      expect(refused.error).not.toContain('127.0.0.1');
      expect(fake.requests).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
      await useOfflineModel();
      await fake.stop();
    }
  });

  it('does not follow a redirect from the provider', async () => {
    const target = await startFakeOpenAI('The redirect was followed [1].');
    const fake = await startFakeOpenAI('unused', { redirectTo: `${target.baseUrl}/chat/completions` });
    try {
      await callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
        ...openai,
        modelName: 'redirect',
        baseUrl: fake.baseUrl,
        apiKey: 'sk-test',
      });
      const { error, done } = await ask(f, 'viewer', await newChat(f), 'What is the price of the Enterprise plan?');
      expect(error).toBe(`The model provider (${new URL(fake.baseUrl).host}) answered with a redirect (HTTP 302), which is not followed.`);
      expect(done).toBeNull();
      expect(fake.requests).toHaveLength(1);
      expect(target.requests).toHaveLength(0);
    } finally {
      await useOfflineModel();
      await fake.stop();
      await target.stop();
    }
  });

  it('shows a short reason for an upstream error and keeps its body out of the chat (the log has it)', async () => {
    const fake = await startFakeOpenAI('unused');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
        ...openai,
        modelName: 'failing',
        baseUrl: fake.baseUrl,
        apiKey: null,
      });
      const sessionId = await newChat(f);
      const { events, error } = await ask(f, 'viewer', sessionId, 'What is the price of the Enterprise plan?');
      expect(error).toBe(`The model provider (${new URL(fake.baseUrl).host}) answered 500 Internal Server Error.`);
      expect(JSON.stringify(events)).not.toContain('LEAKED');
      const stored = await callerFor(t.db, asUser(f, 'viewer')).chat.get({ id: sessionId });
      expect(stored.messages.map((m) => m.role)).toEqual(['user']);
      expect(JSON.stringify(stored)).not.toContain('LEAKED');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('answered 500'), expect.stringContaining(FAKE_ERROR_SECRET));
    } finally {
      warn.mockRestore();
      await useOfflineModel();
      await fake.stop();
    }
  });
});
