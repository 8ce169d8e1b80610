import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantLlmConfig } from '@/db/schema';
import { decryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';
import { resolveChatSetup } from '@/server/chat/model';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

const settings = {
  providerType: 'openai-compatible' as const,
  baseUrl: 'http://127.0.0.1:9/v1',
  modelName: 'm',
  temperature: 0.1,
  maxTokens: 300,
  retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
};
const storedRow = async (f: Fixture) =>
  (
    await t.db
      .select()
      .from(tenantLlmConfig)
      .where(and(eq(tenantLlmConfig.tenantId, f.tenant.id), eq(tenantLlmConfig.priority, 0)))
  )[0]!;

describe('stored model keys', () => {
  it('are bound to their tenant: a ciphertext copied into another tenant’s row does not decrypt there', async () => {
    await callerFor(t.db, asUser(a, 'admin')).settings.updateLlm({ ...settings, apiKey: 'sk-of-tenant-a' });
    await callerFor(t.db, asUser(b, 'admin')).settings.updateLlm({ ...settings, apiKey: 'sk-of-tenant-b' });
    const fromA = await storedRow(a);
    expect(fromA.apiKeyEncrypted).toMatch(/^v2\.\d+\./);
    // Someone who can write the table copies A's key into B's row.
    await t.db
      .update(tenantLlmConfig)
      .set({ apiKeyEncrypted: fromA.apiKeyEncrypted, keyVersion: fromA.keyVersion })
      .where(eq(tenantLlmConfig.tenantId, b.tenant.id));
    await expect(withServiceContext(t.db, asUser(b, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId))).rejects.toThrow(
      /written for another workspace or field/,
    );
    // A's own key still works for A.
    await expect(withServiceContext(t.db, asUser(a, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId))).resolves.toBeDefined();
  });

  it('in the earlier format (no tenant binding) still work, and are re-encrypted bound to the tenant on the next save', async () => {
    const derived = Buffer.from(hkdfSync('sha256', process.env.NEXTAUTH_SECRET!, 'agenticomni', 'secrets-v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derived, iv);
    const body = Buffer.concat([cipher.update('sk-legacy', 'utf8'), cipher.final()]);
    const legacy = [iv, cipher.getAuthTag(), body].map((x) => x.toString('base64url')).join('.');
    await t.db.update(tenantLlmConfig).set({ apiKeyEncrypted: legacy, keyVersion: 1 }).where(eq(tenantLlmConfig.tenantId, a.tenant.id));
    await expect(withServiceContext(t.db, asUser(a, 'admin'), (ctx) => resolveChatSetup(ctx.db, ctx.tenantId))).resolves.toBeDefined();

    // A save that keeps the key (no apiKey given) rewrites it in the current format.
    await expect(callerFor(t.db, asUser(a, 'admin')).settings.updateLlm({ ...settings, modelName: 'm2' })).resolves.toMatchObject({
      hasApiKey: true,
    });
    const row = await storedRow(a);
    expect(row.apiKeyEncrypted).toMatch(/^v2\.\d+\./);
    const context = { tenantId: a.tenant.id, field: SECRET_FIELDS.llmApiKey };
    expect(decryptSecret(row.apiKeyEncrypted!, row.keyVersion!, context)).toBe('sk-legacy');
    expect(() => decryptSecret(row.apiKeyEncrypted!, row.keyVersion!, { ...context, tenantId: b.tenant.id })).toThrow();
  });
});
