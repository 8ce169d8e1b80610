import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatContext } from '@/server/ai/chat-model';
import { ExtractiveAnswerer } from '@/server/ai/extractive';
import { OpenAICompatibleModel, SYSTEM_PROMPT } from '@/server/ai/openai';
import { resolveChatSetup } from '@/server/chat/model';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';

/** The workspace's system prompt: saved with the model settings, and sent after the grounding rules. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  fake = await startFakeOpenAI('The plan costs ninety euros [1].');
});
afterAll(async () => {
  await fake?.stop();
  await t?.stop();
});

const base = () => ({
  providerType: 'openai-compatible' as const,
  baseUrl: fake.baseUrl,
  modelName: 'ok',
  temperature: 0.1,
  maxTokens: 300,
  retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
});

const context: ChatContext = {
  n: 1,
  chunkId: '00000000-0000-4000-8000-000000000001',
  documentId: '00000000-0000-4000-8000-000000000002',
  filename: 'prices.txt',
  page: null,
  section: null,
  content: 'The Enterprise plan costs ninety euros.',
  charStart: 0,
  score: 1,
  similarity: 1,
  textMatch: true,
};

describe('the workspace system prompt', () => {
  it('is saved, kept when left out, cleared when emptied, and stays in its workspace', async () => {
    const admin = callerFor(t.db, asUser(a, 'admin'));
    const saved = await admin.settings.updateLlm({ ...base(), systemPrompt: '  Answer in French, briefly.  ' });
    expect(saved.systemPrompt).toBe('Answer in French, briefly.');
    await expect(admin.settings.updateLlm({ ...base(), modelName: 'ok' })).resolves.toMatchObject({
      systemPrompt: 'Answer in French, briefly.',
    });
    expect((await callerFor(t.db, asUser(b, 'admin')).settings.getLlm()).systemPrompt).toBe('');

    const long = await admin.settings.updateLlm({ ...base(), systemPrompt: 'x'.repeat(4001) }).catch((e: unknown) => e);
    expect(long).toMatchObject({ code: 'BAD_REQUEST' });
    expect((long as Error).message).toContain('at most 4,000 characters');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).settings.updateLlm({ ...base(), systemPrompt: 'hijack' }))).toBe(
      'FORBIDDEN',
    );

    await expect(admin.settings.updateLlm({ ...base(), systemPrompt: '' })).resolves.toMatchObject({ systemPrompt: '' });
    await admin.settings.updateLlm({ ...base(), systemPrompt: 'Answer in French, briefly.' });
  });

  it('reaches the chat model after the grounding rules, which it cannot replace', async () => {
    const setup = await withServiceContext(t.db, asUser(a, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId));
    expect(setup.systemPrompt).toBe('Answer in French, briefly.');
    expect(setup.model).toBeInstanceOf(OpenAICompatibleModel);
    const events = [];
    for await (const event of setup.model.answer({ question: 'What does the Enterprise plan cost?', history: [], contexts: [context] })) {
      events.push(event);
    }
    expect(events.at(-1)).toMatchObject({ type: 'usage' });
    const messages = fake.requests.at(-1)!.body.messages;
    expect(messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    expect(messages[1]!.role).toBe('system');
    expect(messages[1]!.content).toContain('Answer in French, briefly.');
    expect(messages[1]!.content).toContain('rules above, which always apply');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'What does the Enterprise plan cost?' });
  });

  it('is not sent by a workspace without one, and the local model has nothing to steer', async () => {
    await callerFor(t.db, asUser(b, 'admin')).settings.updateLlm(base());
    const setup = await withServiceContext(t.db, asUser(b, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId));
    for await (const event of setup.model.answer({ question: 'Price?', history: [], contexts: [context] })) void event;
    expect(fake.requests.at(-1)!.body.messages.filter((m) => m.role === 'system')).toHaveLength(2);

    await callerFor(t.db, asUser(b, 'admin')).settings.updateLlm({
      ...base(),
      providerType: 'local',
      baseUrl: null,
      systemPrompt: 'Be terse.',
    });
    const local = await withServiceContext(t.db, asUser(b, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId));
    expect(local.model).toBeInstanceOf(ExtractiveAnswerer);
    expect(local.systemPrompt).toBeNull();
  });
});
