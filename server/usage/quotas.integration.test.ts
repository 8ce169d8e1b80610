import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailOutbox, modelPrices, quotaCounters, quotaReservations, tenantQuotas, usageEvents } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { AskEvent } from '@/server/chat/ask';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import { AppError } from '@/server/shared/errors';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeTextPdf } from '@/test/samples/generate';
import { recordUsage } from './meter';
import { listQuotaNotices } from './notices';
import { refusalsByLimit } from './refusals';
import { lowTokenBudget, QuotaRefusedError, reserveTokens, sweepExpiredReservations } from './reserve';

let t: TestDatabase;
let f: Fixture;
let general: string;

const retrieval = { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 };
const QUESTION = 'What is the price of the Enterprise plan?';
const TOKENS_REFUSAL =
  /^The workspace has used [\d,]+ of its [\d,]+ daily tokens; you can ask again at 00:00 UTC \(in (\d+ h )?\d+ min\)\.$/;

async function ask(who: Fixture, role: 'admin' | 'editor' | 'viewer', stop?: AbortController) {
  const caller = callerFor(t.db, asUser(who, role), { signal: stop?.signal });
  const sessionId = (await caller.chat.create({ collectionIds: [] })).id;
  const events: AskEvent[] = [];
  try {
    for await (const event of await caller.chat.onAnswer({ sessionId, question: QUESTION })) {
      events.push(event);
      // The reader stops once the question is under way (the model has not said anything yet).
      if (event.type === 'started' && stop) setTimeout(() => stop.abort(), 50);
    }
  } catch {
    // A stopped stream may end with an abort error on the reader's side.
  }
  const done = events.find((e) => e.type === 'done');
  const error = events.find((e) => e.type === 'error');
  return {
    done: done?.type === 'done' ? done : null,
    error: error?.type === 'error' ? error.message : null,
    refusal: error?.type === 'error' ? error : null,
  };
}

const setQuotas = (values: Partial<typeof tenantQuotas.$inferInsert>) =>
  t.db.update(tenantQuotas).set(values).where(eq(tenantQuotas.tenantId, f.tenant.id));

/** Tokens of today's events (all kinds), from the events themselves. */
async function eventTokensToday(filter = sql`true`) {
  const [row] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
    tx
      .select({ n: sql<string>`coalesce(sum(${usageEvents.inputTokens} + ${usageEvents.outputTokens}), 0)` })
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, f.tenant.id), sql`${usageEvents.localDate} = current_date`, filter)),
  );
  return Number(row!.n);
}

/** Tokens of every usage event of the fixture's tenant (the question's embedding counts too). */
async function eventTokens(): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<string>`coalesce(sum(${usageEvents.inputTokens} + ${usageEvents.outputTokens}), 0)` })
    .from(usageEvents)
    .where(eq(usageEvents.tenantId, f.tenant.id));
  return Number(row?.n ?? 0);
}

async function counter(scope: 'tenant' | 'user' | 'api_key' | 'cost_month', subjectId: string) {
  const [row] = await t.db
    .select()
    .from(quotaCounters)
    .where(
      and(
        eq(quotaCounters.tenantId, f.tenant.id),
        eq(quotaCounters.scope, scope),
        eq(quotaCounters.subjectId, subjectId),
        sql`${quotaCounters.period} in (current_date::text, to_char(current_date, 'YYYY-MM'))`,
      ),
    );
  return { used: Number(row?.used ?? 0), reserved: Number(row?.reserved ?? 0) };
}

const openReservations = async () =>
  (await t.db.select().from(quotaReservations).where(eq(quotaReservations.tenantId, f.tenant.id))).length;

const useModel = (modelName: string, baseUrl: string | null, maxTokens = 300) =>
  callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
    providerType: baseUrl ? 'openai-compatible' : 'local',
    baseUrl,
    modelName,
    temperature: 0,
    maxTokens,
    apiKey: null,
    retrieval,
  });

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  general = (await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  const pdf = await makeTextPdf();
  await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId: general, filename: 'price-list.pdf', bytes: pdf, onDuplicate: 'replace', visibility: 'tenant' },
    ),
  );
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain
  }
}, 60_000);
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await setQuotas({
    maxTokensPerDay: null,
    maxTokensPerUserPerDay: null,
    maxTokensPerApiKeyPerDay: null,
    maxCostPerMonthUsd: null,
    maxRequestsPerMinute: null,
    maxStorageBytes: null,
    softThresholdPercent: 80,
  });
  await useModel('extractive-v1', null, 1024);
});

describe('reservations at the edge of the daily token limit', () => {
  it('never lets 50 concurrent questions use more tokens than the limit; the refused are told which limit and when', async () => {
    const before = await eventTokensToday();
    // Room for a few worst cases (prompt + 1,024 answer tokens each), not for fifty.
    const limit = before + 6_000;
    await setQuotas({ maxTokensPerDay: limit });
    const results = await Promise.all(Array.from({ length: 50 }, () => ask(f, 'viewer')));
    const answered = results.filter((r) => r.done).length;
    const refused = results.filter((r) => r.error);
    expect(answered).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(answered + refused.length).toBe(50);
    for (const r of refused) {
      expect(r.error).toMatch(TOKENS_REFUSAL);
      expect(r.refusal).toMatchObject({ code: 'TOO_MANY_REQUESTS', limit: 'tokens_per_day', retryAfterSeconds: expect.any(Number) });
    }
    const used = await eventTokensToday();
    expect(used).toBeLessThanOrEqual(limit);
    // The counter is the sum of the day's events, and nothing stays reserved.
    expect(await counter('tenant', f.tenant.id)).toEqual({ used, reserved: 0 });
    expect(await openReservations()).toBe(0);
    const today = (await t.db.execute<{ d: string }>(sql`select current_date::text as d`))[0]!.d;
    const refusals = await withServiceContext(t.db, asUser(f, 'admin'), (ctx) => refusalsByLimit(ctx, today, today));
    expect(refusals).toContainEqual({ limitName: 'tokens_per_day', refusals: refused.length });
  }, 240_000);
});

describe('release', () => {
  it('returns the reservation when the model fails, and records the request with 0 tokens as failed', async () => {
    const fake = await startFakeOpenAI('unused');
    try {
      await useModel('failing', fake.baseUrl);
      await setQuotas({ maxTokensPerDay: 10_000_000 });
      const before = await counter('tenant', f.tenant.id);
      const tokensBefore = await eventTokens();
      const { error } = await ask(f, 'viewer');
      expect(error).toMatch(/answered 500/);
      // Nothing of the model call stays counted: only what was metered (the question's embedding) is used.
      expect(await counter('tenant', f.tenant.id)).toEqual({ used: before.used + (await eventTokens()) - tokensBefore, reserved: 0 });
      expect(await openReservations()).toBe(0);
      const [failed] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
        tx
          .select()
          .from(usageEvents)
          .where(and(eq(usageEvents.tenantId, f.tenant.id), eq(usageEvents.model, 'failing'))),
      );
      expect(failed).toMatchObject({ requests: 1, inputTokens: 0, outputTokens: 0, failed: true });
    } finally {
      await fake.stop();
    }
  });

  it('returns the reservation when the reader stops before the model said anything', async () => {
    const fake = await startFakeOpenAI('unused');
    try {
      await useModel('slow', fake.baseUrl);
      await setQuotas({ maxTokensPerDay: 10_000_000 });
      const before = await counter('tenant', f.tenant.id);
      const tokensBefore = await eventTokens();
      const { done } = await ask(f, 'viewer', new AbortController());
      expect(done).toBeNull();
      // Nothing of the model call stays counted: only what was metered (the question's embedding) is used.
      expect(await counter('tenant', f.tenant.id)).toEqual({ used: before.used + (await eventTokens()) - tokensBefore, reserved: 0 });
      expect(await openReservations()).toBe(0);
    } finally {
      await fake.stop();
    }
  });

  it('the sweeper returns a reservation whose time ran out, and only that one', async () => {
    await setQuotas({ maxTokensPerDay: 10_000_000 });
    const request = { model: 'extractive-v1', inputTokens: 700, outputTokens: 300 };
    const stale = await withServiceContext(t.db, asUser(f, 'viewer'), (ctx) => reserveTokens(ctx, request));
    const live = await withServiceContext(t.db, asUser(f, 'viewer'), (ctx) => reserveTokens(ctx, request));
    expect((await counter('tenant', f.tenant.id)).reserved).toBe(2_000);
    await t.db
      .update(quotaReservations)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(quotaReservations.id, stale!.id));
    expect(await sweepExpiredReservations(t.db)).toBe(1);
    expect((await counter('tenant', f.tenant.id)).reserved).toBe(1_000);
    expect(await sweepExpiredReservations(t.db)).toBe(0);
    await t.db
      .update(quotaReservations)
      .set({ expiresAt: new Date(0) })
      .where(eq(quotaReservations.id, live!.id));
    await sweepExpiredReservations(t.db);
    expect((await counter('tenant', f.tenant.id)).reserved).toBe(0);
  });
});

describe('limits below the tenant’s', () => {
  it('refuses the user at their own limit while another user still gets answers', async () => {
    // The viewer has used far more today than one question of the editor's needs.
    await withServiceContext(t.db, asUser(f, 'viewer'), (ctx) =>
      recordUsage(ctx.db, { tenantId: f.tenant.id, userId: f.users.viewer.id, kind: 'chat', model: 'extractive-v1', inputTokens: 50_000 }),
    );
    const viewerUsed = await eventTokensToday(eq(usageEvents.userId, f.users.viewer.id));
    await setQuotas({ maxTokensPerUserPerDay: viewerUsed + 100 });
    const refused = await ask(f, 'viewer');
    expect(refused.error).toMatch(/^You have used [\d,]+ of your [\d,]+ daily tokens; you can ask again at 00:00 UTC \(in .+\)\.$/);
    const fine = await ask(f, 'editor');
    expect(fine.done).not.toBeNull();
    expect(await counter('user', f.users.viewer.id)).toEqual({ used: viewerUsed, reserved: 0 });
  });

  it('refuses an API key at its limit', async () => {
    await setQuotas({ maxTokensPerApiKeyPerDay: 500 });
    const keyId = crypto.randomUUID();
    const error = await withServiceContext(t.db, asUser(f, 'viewer'), (ctx) =>
      reserveTokens({ ...ctx, actor: { type: 'api_key', id: keyId } }, { model: 'extractive-v1', inputTokens: 400, outputTokens: 200 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaRefusedError);
    expect((error as QuotaRefusedError).message).toMatch(/^This API key has used 0 of its 500 daily tokens/);
    expect((error as QuotaRefusedError).retryAfterSeconds).toBeGreaterThan(0);
    // The user behind it, without a key, is not limited by the key's limit.
    expect(
      await withServiceContext(t.db, asUser(f, 'viewer'), (ctx) => reserveTokens(ctx, { model: 'x', inputTokens: 400, outputTokens: 200 })),
    ).toBeNull();
  });

  it('caps the month’s cost for a priced model and leaves an unpriced one to the token limits', async () => {
    await t.db.insert(modelPrices).values({
      tenantId: f.tenant.id,
      modelPattern: 'priced-*',
      inputPerMTokUsd: '10',
      outputPerMTokUsd: '30',
      effectiveFrom: new Date('2020-01-01T00:00:00Z'),
    });
    await setQuotas({ maxCostPerMonthUsd: '1.00' });
    const reserve = (model: string, inputTokens: number) =>
      withServiceContext(t.db, asUser(f, 'viewer'), (ctx) => reserveTokens(ctx, { model, inputTokens, outputTokens: 10_000 }));
    // 40,000 input + 10,000 output tokens: $0.40 + $0.30 = $0.70, which fits; a second does not.
    const first = await reserve('priced-large', 40_000);
    expect(first!.holds).toEqual([expect.objectContaining({ scope: 'cost_month', amount: 0.7 })]);
    const error = await reserve('priced-large', 40_000).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^The workspace has used \$0\.00 of its \$1\.00 monthly budget; you can ask again on 1 \w+ \(in .+\)\.$/,
    );
    expect(await reserve('unpriced-model', 40_000)).toBeNull();
    await t.db
      .update(quotaReservations)
      .set({ expiresAt: new Date(0) })
      .where(eq(quotaReservations.id, first!.id));
    await sweepExpiredReservations(t.db);
  });
});

describe('budget and soft threshold', () => {
  it('tells the user what is left once below 20% of their daily tokens', async () => {
    const used = await eventTokensToday(eq(usageEvents.userId, f.users.editor.id));
    await setQuotas({ maxTokensPerUserPerDay: used + 1_000 });
    expect(await withServiceContext(t.db, asUser(f, 'editor'), (ctx) => lowTokenBudget(ctx))).toBeNull();
    await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
      recordUsage(ctx.db, { tenantId: f.tenant.id, userId: f.users.editor.id, kind: 'chat', model: 'extractive-v1', inputTokens: 850 }),
    );
    const budget = await withServiceContext(t.db, asUser(f, 'editor'), (ctx) => lowTokenBudget(ctx));
    expect(budget).toMatchObject({ tokensLeft: 150, limit: used + 1_000 });
    expect(new Date(budget!.resetsAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('sends what is left with the answer once the budget is low, and nothing while it is not', async () => {
    const used = await eventTokensToday(eq(usageEvents.userId, f.users.admin.id));
    await setQuotas({ maxTokensPerUserPerDay: used + 100_000 });
    expect((await ask(f, 'admin')).done).not.toHaveProperty('budget');
    await withServiceContext(t.db, asUser(f, 'admin'), (ctx) =>
      recordUsage(ctx.db, { tenantId: f.tenant.id, userId: f.users.admin.id, kind: 'chat', model: 'extractive-v1', inputTokens: 85_000 }),
    );
    const { done } = await ask(f, 'admin');
    expect(done!.budget).toMatchObject({ limit: used + 100_000 });
    const spent = await eventTokensToday(eq(usageEvents.userId, f.users.admin.id));
    expect(done!.budget!.tokensLeft).toBe(used + 100_000 - spent);
  });

  it('notifies the admins once per period when a counter passes the soft threshold', async () => {
    const used = await eventTokensToday();
    await setQuotas({ maxTokensPerDay: used * 2 + 100_000, softThresholdPercent: 1 });
    const mails = async () =>
      t.db
        .select()
        .from(mailOutbox)
        .where(
          and(
            eq(mailOutbox.tenantId, f.tenant.id),
            eq(mailOutbox.kind, 'quota_notice'),
            eq(mailOutbox.subject, 'Quota at 1%: daily token limit of the workspace'),
          ),
        );
    expect(await ask(f, 'viewer')).toMatchObject({ error: null });
    expect(await ask(f, 'viewer')).toMatchObject({ error: null });
    const sent = await mails();
    expect(sent.map((m) => m.recipient)).toEqual([f.users.admin.email]);
    expect(sent[0]!.textBody).toMatch(/daily token limit of the workspace has passed 1%/);
    const notices = await withServiceContext(t.db, asUser(f, 'admin'), (ctx) => listQuotaNotices(ctx));
    expect(notices.filter((n) => n.limitName === 'tokens_per_day')).toHaveLength(1);
  });
});

describe('storage', () => {
  const upload = (bytes: Uint8Array, filename: string) =>
    withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        { collectionId: general, filename, bytes, onDuplicate: 'replace', visibility: 'tenant' },
      ),
    );

  it('accepts an upload that fits exactly, refuses one byte more with 507, and still deletes', async () => {
    const [row] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.execute<{ n: string }>(sql`select coalesce(sum(size_bytes), 0)::text as n from documents where deleted_at is null`),
    );
    const file = new TextEncoder().encode('Exactly the bytes that are left of the storage quota.');
    await setQuotas({ maxStorageBytes: Number(row!.n) + file.length });
    const fits = await upload(file, 'fits.txt');
    expect(fits.status).toBe('created');
    const over = await upload(new TextEncoder().encode('x'), 'one-byte.txt').catch((e: unknown) => e);
    expect(over).toBeInstanceOf(AppError);
    expect((over as AppError).code).toBe('INSUFFICIENT_STORAGE');
    expect((over as AppError).message).toMatch(/^Not enough storage left: this file needs 1 B/);
    if (fits.status !== 'created') throw new Error('not created');
    await expect(callerFor(t.db, asUser(f, 'editor')).documents.delete({ id: fits.documentId })).resolves.toEqual({ id: fits.documentId });
  });
});
