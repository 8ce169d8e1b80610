import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, usageEvents } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { FAKE_ERROR_SECRET, startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

/**
 * "Test connection" through the tRPC caller against a loopback server speaking OpenAI's wire
 * format (allowed by MODEL_ALLOWED_HOSTS in the test set-up), with the real database.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  fake = await startFakeOpenAI('OK');
});
afterAll(async () => {
  await fake?.stop();
  await t?.stop();
});

const admin = (f: Fixture) => callerFor(t.db, asUser(f, 'admin'));
const retrieval = { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 };

async function lastAudit(f: Fixture) {
  const [row] = await t.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'settings.llm_test')))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  return row;
}

describe('settings.testLlm', () => {
  it('sends one tiny request and reports its latency; audited and metered', async () => {
    const before = fake.requests.length;
    const result = await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok' });
    expect(result).toMatchObject({ ok: true, host: new URL(fake.baseUrl).host, model: 'ok' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.message).toContain('answered with ok');
    expect(fake.requests).toHaveLength(before + 1);
    const sent = fake.requests.at(-1)!.body as unknown as { max_tokens: number; temperature: number; messages: unknown[] };
    expect(sent.max_tokens).toBeLessThanOrEqual(5);
    expect(sent.messages).toHaveLength(1);
    expect(await lastAudit(a)).toMatchObject({ status: 'success', actorId: a.users.admin.id, payload: { ok: true, modelName: 'ok' } });
    const [usage] = await t.db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.tenantId, a.tenant.id), eq(usageEvents.model, 'ok')))
      .orderBy(desc(usageEvents.occurredAt))
      .limit(1);
    expect(usage).toMatchObject({ kind: 'chat', userId: a.users.admin.id, requests: 1, inputTokens: 321 });
  });

  it('uses the stored key only for the address it was stored for, and never another tenant’s', async () => {
    await admin(a).settings.updateLlm({
      providerType: 'openai-compatible',
      baseUrl: fake.baseUrl,
      modelName: 'ok',
      temperature: 0.2,
      maxTokens: 300,
      apiKey: 'sk-stored-for-a',
      retrieval,
    });
    await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok' });
    expect(fake.requests.at(-1)!.authorization).toBe('Bearer sk-stored-for-a');
    // A key typed into the form is tried instead; null tries none.
    await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok', apiKey: 'sk-typed' });
    expect(fake.requests.at(-1)!.authorization).toBe('Bearer sk-typed');
    await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok', apiKey: null });
    expect(fake.requests.at(-1)!.authorization).toBeUndefined();
    // The same address from another origin spelling (localhost) is another server: the key stays home.
    const otherOrigin = fake.baseUrl.replace('127.0.0.1', 'localhost');
    await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: otherOrigin, modelName: 'ok' });
    expect(fake.requests.at(-1)?.authorization ?? null).not.toBe('Bearer sk-stored-for-a');
    // Tenant B, same address, has no key of its own: nothing is sent.
    await admin(b).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok' });
    expect(fake.requests.at(-1)!.authorization).toBeUndefined();
  });

  it('says why it failed: the status, never the provider’s body', async () => {
    const unauthorized = await admin(a).settings.testLlm({
      providerType: 'openai-compatible',
      baseUrl: fake.baseUrl,
      modelName: 'unauthorized',
    });
    expect(unauthorized).toMatchObject({ ok: false, latencyMs: null });
    expect(unauthorized.message).toMatch(/answered 401 Unauthorized/);
    const failing = await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'failing' });
    expect(failing.message).toMatch(/answered 500/);
    expect(JSON.stringify(failing)).not.toContain(FAKE_ERROR_SECRET);
    expect(await lastAudit(a)).toMatchObject({ status: 'error', payload: { ok: false } });
  });

  it('goes through the same address checks as chat: the server’s own network is refused, naming why', async () => {
    const before = fake.requests.length;
    for (const baseUrl of ['http://169.254.169.254/v1', 'http://10.0.0.5:8000/v1', 'http://0x7f000002/v1']) {
      const refused = await admin(a).settings.testLlm({ providerType: 'openai-compatible', baseUrl, modelName: 'ok' });
      expect(refused.ok).toBe(false);
      expect(refused.message).toMatch(/not allowed|refused|private|link-local|loopback/i);
    }
    expect(fake.requests).toHaveLength(before);
  });

  it('has nothing to reach for the local model, and refuses bad input with a sentence', async () => {
    await expect(admin(a).settings.testLlm({ providerType: 'local', baseUrl: null, modelName: '' })).resolves.toMatchObject({
      ok: true,
      latencyMs: null,
    });
    const bad = await admin(a)
      .settings.testLlm({ providerType: 'openai-compatible', baseUrl: 'ftp://example.com', modelName: 'x' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    const noModel = await admin(a)
      .settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: '' })
      .catch((e: unknown) => e);
    expect((noModel as Error).message).toContain('Enter the model name');
  });

  it('is for settings managers only', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      expect(
        await trpcCode(
          callerFor(t.db, asUser(a, role)).settings.testLlm({ providerType: 'openai-compatible', baseUrl: fake.baseUrl, modelName: 'ok' }),
        ),
      ).toBe('FORBIDDEN');
    }
  });
});
