import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentFailures, agentRuns } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import type { AskEvent } from '@/server/chat/ask';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeTextPdf } from '@/test/samples/generate';
import { recordAgentRun } from './record';

let t: TestDatabase;
let f: Fixture;
let other: Fixture;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

const QUESTION = 'What is the price of the Enterprise plan?';

async function useModel(modelName: string) {
  await callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
    providerType: 'openai-compatible',
    baseUrl: fake.baseUrl,
    modelName,
    temperature: 0.1,
    maxTokens: 300,
    apiKey: null,
    retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
  });
}

async function ask(sessionId: string) {
  const events: AskEvent[] = [];
  for await (const event of await callerFor(t.db, asUser(f, 'viewer')).chat.onAnswer({ sessionId, question: QUESTION })) events.push(event);
  return events;
}

const runsOf = (tenantId: string, sessionId: string) =>
  withTenant({ tenantId }, (tx) =>
    tx
      .select()
      .from(agentRuns)
      .where(and(eq(agentRuns.tenantId, tenantId), eq(agentRuns.sessionId, sessionId))),
  );
const failuresOf = (tenantId: string, runId: string) =>
  withTenant({ tenantId }, (tx) => tx.select().from(agentFailures).where(eq(agentFailures.runId, runId)));
const newChat = async () => (await callerFor(t.db, asUser(f, 'viewer')).chat.create({ collectionIds: [] })).id;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
  fake = await startFakeOpenAI('The Enterprise plan costs ninety euros per user per month [1].');
  const collectionId = (
    await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })
  ).id;
  await withServiceContext(t.db, asUser(f, 'editor'), async (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['pdf'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId, filename: 'price-list.pdf', bytes: await makeTextPdf(), onDuplicate: 'replace', visibility: 'tenant' },
    ),
  );
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain the ingestion
  }
}, 60_000);
afterAll(async () => {
  await fake?.stop();
  await t?.stop();
});

describe('agent runs of chat answers', () => {
  it('records a successful answer once, with its message, tokens, latency and passages in rank order', async () => {
    await useModel('ok');
    const sessionId = await newChat();
    const events = await ask(sessionId);
    const done = events.find((e) => e.type === 'done');
    expect(done?.type).toBe('done');
    const runs = await runsOf(f.tenant.id, sessionId);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({
      kind: 'chat',
      status: 'succeeded',
      userId: f.users.viewer.id,
      apiKeyId: null,
      evaluationId: null,
      model: 'ok',
      provider: 'openai-compatible',
      inputTokens: 321,
      messageId: done?.type === 'done' ? done.message.id : 'missing',
    });
    expect(run!.outputTokens).toBeGreaterThan(0);
    expect(run!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(run!.retrievedChunkIds.length).toBeGreaterThan(0);
    expect(done?.type === 'done' && done.message.citations[0]!.chunkId).toBe(run!.retrievedChunkIds[0]);
    expect(run!.finishedAt.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
    expect(await failuresOf(f.tenant.id, run!.id)).toEqual([]);
  });

  it('records a 5xx as a failed run with a retryable failure whose message holds nothing of the body', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await useModel('failing');
      const sessionId = await newChat();
      const events = await ask(sessionId);
      expect(events.some((e) => e.type === 'error')).toBe(true);
      const [run, ...more] = await runsOf(f.tenant.id, sessionId);
      expect(more).toEqual([]);
      expect(run).toMatchObject({ status: 'failed', messageId: null, model: 'failing', inputTokens: 0, outputTokens: 0 });
      const failures = await failuresOf(f.tenant.id, run!.id);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ stage: 'model', errorCode: 'http_500', retryable: true });
      expect(failures[0]!.message).toMatch(/answered 500/);
      expect(failures[0]!.message).not.toContain('LEAKED');
    } finally {
      warn.mockRestore();
    }
  });

  it('records a 4xx as a failure that retrying will not fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await useModel('unauthorized');
      const sessionId = await newChat();
      await ask(sessionId);
      const [run] = await runsOf(f.tenant.id, sessionId);
      expect(run).toMatchObject({ status: 'failed' });
      expect(await failuresOf(f.tenant.id, run!.id)).toEqual([
        expect.objectContaining({ stage: 'model', errorCode: 'http_401', retryable: false }),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('records a broken-off stream as retryable', async () => {
    await useModel('drop');
    const sessionId = await newChat();
    await ask(sessionId);
    const [run] = await runsOf(f.tenant.id, sessionId);
    expect(run).toMatchObject({ status: 'failed' });
    expect(await failuresOf(f.tenant.id, run!.id)).toEqual([expect.objectContaining({ errorCode: 'broken_off', retryable: true })]);
  });

  it('records an answer the reader stopped as stopped, with the kept message and no failure', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const long = await startFakeOpenAI(`The Enterprise plan costs ninety euros [1]. ${words}`);
    const saved = fake;
    fake = long;
    try {
      await useModel('ok');
      const sessionId = await newChat();
      const controller = new AbortController();
      const stream = await callerFor(t.db, asUser(f, 'viewer'), { signal: controller.signal }).chat.onAnswer({
        sessionId,
        question: QUESTION,
      });
      let deltas = 0;
      try {
        for await (const event of stream) {
          if (event.type === 'delta' && ++deltas === 4) controller.abort();
        }
      } catch {
        // The aborted stream may end with an abort error on the reader's side.
      }
      await expect.poll(async () => (await runsOf(f.tenant.id, sessionId)).length, { timeout: 10_000 }).toBe(1);
      const [run] = await runsOf(f.tenant.id, sessionId);
      const { messages } = await callerFor(t.db, asUser(f, 'viewer')).chat.get({ id: sessionId });
      expect(run).toMatchObject({ status: 'stopped', messageId: messages[1]!.id });
      expect(await failuresOf(f.tenant.id, run!.id)).toEqual([]);
    } finally {
      fake = saved;
      await long.stop();
    }
  });

  it('keeps runs and failures to their tenant: another tenant sees none and cannot write into them', async () => {
    await useModel('failing');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sessionId = await newChat();
    try {
      await ask(sessionId);
    } finally {
      warn.mockRestore();
    }
    const [run] = await runsOf(f.tenant.id, sessionId);
    expect(run).toBeDefined();
    expect(await runsOf(other.tenant.id, sessionId)).toEqual([]);
    expect(await withTenant({ tenantId: other.tenant.id }, (tx) => tx.select().from(agentRuns))).toEqual([]);
    expect(await withTenant({ tenantId: other.tenant.id }, (tx) => tx.select().from(agentFailures))).toEqual([]);
    // A failure pointing at A's run, written from B's scope, is refused (by RLS or the composite key).
    await expect(
      withTenant({ tenantId: other.tenant.id }, (tx) =>
        tx
          .insert(agentFailures)
          .values({ tenantId: f.tenant.id, runId: run!.id, stage: 'model', errorCode: 'x', message: 'x', retryable: false }),
      ),
    ).rejects.toThrow();
    expect(await failuresOf(f.tenant.id, run!.id)).toHaveLength(1);
  });
});

describe('recordAgentRun (for the evaluation runner)', () => {
  const base = {
    kind: 'evaluation' as const,
    userId: null,
    apiKeyId: null,
    model: 'extractive-v1',
    provider: 'local',
    latencyMs: 12,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: null,
    retrievedChunkIds: [],
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:00:01Z'),
  };

  it('records an evaluation case run, and nothing when its transaction rolls back', async () => {
    const { id } = await withTenant({ tenantId: f.tenant.id }, (tx) => recordAgentRun(tx, f.tenant.id, { ...base, status: 'succeeded' }));
    const [row] = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(agentRuns).where(eq(agentRuns.id, id)));
    expect(row).toMatchObject({ kind: 'evaluation', status: 'succeeded', sessionId: null, latencyMs: 12 });

    let rolledBack: string | null = null;
    await expect(
      withTenant({ tenantId: f.tenant.id }, async (tx) => {
        rolledBack = (
          await recordAgentRun(tx, f.tenant.id, {
            ...base,
            status: 'failed',
            failure: { stage: 'retrieval', errorCode: 'internal', message: 'x'.repeat(900), retryable: false },
          })
        ).id;
        throw new Error('the case was not stored');
      }),
    ).rejects.toThrow('the case was not stored');
    expect(rolledBack).not.toBeNull();
    expect(await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(agentRuns).where(eq(agentRuns.id, rolledBack!)))).toEqual(
      [],
    );
  });

  it('truncates a long failure message and refuses a failed run without its failure', async () => {
    const { id } = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      recordAgentRun(tx, f.tenant.id, {
        ...base,
        status: 'failed',
        failure: { stage: 'storage', errorCode: 'internal', message: 'x'.repeat(900), retryable: true },
      }),
    );
    const [failure] = await failuresOf(f.tenant.id, id);
    expect(failure!.message).toHaveLength(500);
    await expect(
      withTenant({ tenantId: f.tenant.id }, (tx) => recordAgentRun(tx, f.tenant.id, { ...base, status: 'failed' })),
    ).rejects.toThrow(/needs a failure/);
  });
});
