import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, modelPrices, tenantQuotas, tenants } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { createActiveUser } from '@/server/tenants/create';
import { recordUsage, type UsageEventInput } from '@/server/usage/meter';
import type { Overview, QuotaKey } from '@/server/usage/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, testPasswordHash, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

const settings = { allowedFileTypes: ['txt' as const], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };

function record(f: Fixture, input: Omit<UsageEventInput, 'tenantId'>) {
  return withTenant({ tenantId: f.tenant.id }, (tx) => recordUsage(tx, { tenantId: f.tenant.id, ...input }), t.db);
}

async function upload(f: Fixture, collectionId: string, text: string) {
  const result = await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { ...settings, allowedFileTypes: [...settings.allowedFileTypes] },
      {
        collectionId,
        filename: `${randomUUID()}.txt`,
        bytes: new TextEncoder().encode(text),
        onDuplicate: 'replace',
      },
    ),
  );
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

const overviewOf = (f: Fixture, role: 'admin' | 'editor' | 'viewer' = 'admin') => callerFor(t.db, asUser(f, role)).overview.get();
const quota = (o: Overview, key: QuotaKey) => o.quotas.find((q) => q.key === key)!;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  await t.db
    .update(tenantQuotas)
    .set({
      maxTokensPerDay: 1000,
      maxTokensPerUserPerDay: 1000,
      maxTokensPerApiKeyPerDay: null,
      maxIngestionsPerDay: 10,
      maxStorageBytes: null,
      maxCostPerMonthUsd: '10.00',
      softThresholdPercent: 80,
    })
    .where(eq(tenantQuotas.tenantId, a.tenant.id));
  // $10,000 per million input tokens: 600 tokens cost $6.
  await t.db.insert(modelPrices).values({
    tenantId: a.tenant.id,
    modelPattern: 'priced-model',
    inputPerMTokUsd: '10000',
    outputPerMTokUsd: '0',
    effectiveFrom: new Date('2020-01-01T00:00:00Z'),
  });
  await record(a, { userId: a.users.admin.id, kind: 'chat', model: 'priced-model', inputTokens: 600, outputTokens: 250, requests: 1 });
  await record(a, { userId: a.users.editor.id, kind: 'chat', model: 'mystery-model', inputTokens: 50, outputTokens: 50, requests: 1 });
  // Tenant B's usage is far over A's limits and must never show in A's figures.
  await record(b, {
    userId: b.users.admin.id,
    kind: 'chat',
    model: 'priced-model',
    inputTokens: 50_000,
    outputTokens: 50_000,
    requests: 1,
  });
  await record(b, { userId: b.users.admin.id, kind: 'ingestion', ingestions: 9 });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('workspace overview', () => {
  it('shows today’s usage against each quota, with percentages, no-limit and when each resets', async () => {
    const before = Date.now();
    const o = await overviewOf(a);
    expect(o.timeZone).toBe('UTC');
    expect(o.today).toBe(new Date().toISOString().slice(0, 10));
    expect(quota(o, 'tokensPerDay')).toMatchObject({ used: 950, limit: 1000, percent: 95, nearLimit: true });
    expect(quota(o, 'tokensPerUserPerDay')).toMatchObject({ used: 850, limit: 1000, percent: 85, nearLimit: true });
    expect(quota(o, 'tokensPerApiKeyPerDay')).toMatchObject({ used: 0, limit: null, percent: null, nearLimit: false });
    expect(quota(o, 'ingestionsPerDay')).toMatchObject({ used: 0, limit: 10, percent: 0, nearLimit: false });
    expect(quota(o, 'storageBytes')).toMatchObject({ used: 0, limit: null, percent: null, resetsAt: null });
    expect(quota(o, 'requestsPerMinute')).toMatchObject({ used: null, limit: 600, percent: null, nearLimit: false });
    expect(quota(o, 'costPerMonthUsd')).toMatchObject({ used: 6, limit: 10, percent: 60, nearLimit: false });
    expect(o.unpricedEventsThisMonth).toBe(1);
    // Days end at the next UTC midnight, months at the first of the next month.
    const dayEnds = quota(o, 'tokensPerDay').resetsAt!;
    expect(dayEnds.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(dayEnds.getTime()).toBeGreaterThan(before);
    expect(dayEnds.getTime() - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(quota(o, 'costPerMonthUsd').resetsAt!.toISOString()).toMatch(/-01T00:00:00\.000Z$/);
    expect(o.attention).toEqual([
      { kind: 'quota', quota: 'tokensPerDay', percent: 95, used: 950, limit: 1000 },
      { kind: 'quota', quota: 'tokensPerUserPerDay', percent: 85, used: 850, limit: 1000 },
    ]);
  });

  it('raises a quota at the soft threshold, not below it', async () => {
    await t.db.update(tenantQuotas).set({ softThresholdPercent: 96 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    try {
      expect((await overviewOf(a)).attention).toEqual([]);
      await t.db.update(tenantQuotas).set({ softThresholdPercent: 95 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
      expect((await overviewOf(a)).attention.map((i) => i.kind === 'quota' && i.quota)).toEqual(['tokensPerDay']);
    } finally {
      await t.db.update(tenantQuotas).set({ softThresholdPercent: 80 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    }
  });

  it('reads the day and its end in the tenant’s time zone', async () => {
    const c = await createTenantFixture(t.db);
    await t.db
      .update(tenants)
      .set({ settings: sql`coalesce(${tenants.settings}, '{}'::jsonb) || '{"timeZone":"Asia/Kolkata"}'::jsonb` })
      .where(eq(tenants.id, c.tenant.id));
    const o = await overviewOf(c);
    expect(o.timeZone).toBe('Asia/Kolkata');
    const kolkataToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
    expect(o.today).toBe(kolkataToday);
    // Midnight in Kolkata (UTC+5:30) is 18:30 UTC.
    expect(quota(o, 'tokensPerDay').resetsAt!.toISOString()).toMatch(/T18:30:00\.000Z$/);
  });

  it('counts documents by status, flags failed and stuck ones, and counts storage and ingestions', async () => {
    const c = await createTenantFixture(t.db);
    const collectionId = (
      await callerFor(t.db, asUser(c, 'editor')).collections.create({ name: 'Docs', description: '', visibility: 'tenant' })
    ).id;
    const failed = await upload(c, collectionId, 'one that fails');
    const stuck = await upload(c, collectionId, 'one that hangs');
    const done = await upload(c, collectionId, 'one that works');
    await upload(c, collectionId, 'one still queued');
    await t.db.update(documents).set({ status: 'failed', error: 'Unreadable.' }).where(eq(documents.id, failed));
    await t.db.execute(sql`update documents set status = 'processing', updated_at = now() - interval '45 minutes' where id = ${stuck}`);
    await t.db.update(documents).set({ status: 'completed' }).where(eq(documents.id, done));
    // Another tenant's documents are never counted.
    const otherCollection = (
      await callerFor(t.db, asUser(b, 'editor')).collections.create({ name: 'B', description: '', visibility: 'tenant' })
    ).id;
    await upload(b, otherCollection, 'tenant b');

    const o = await overviewOf(c);
    expect(o.documents).toMatchObject({ processing: 2, failed: 1, completed: 1, total: 4, stuck: 1 });
    expect(o.documents.stuckSince!.getTime()).toBeLessThan(Date.now() - 30 * 60_000);
    expect(o.attention).toEqual([
      { kind: 'failedDocuments', count: 1 },
      { kind: 'stuckDocuments', count: 1, since: o.documents.stuckSince },
    ]);
    const bytes = ['one that fails', 'one that hangs', 'one that works', 'one still queued'].reduce((n, s) => n + s.length, 0);
    expect(quota(o, 'storageBytes')).toMatchObject({ used: bytes, limit: 5 * 1024 ** 3 });
    expect(quota(o, 'ingestionsPerDay')).toMatchObject({ used: 4, limit: 500 });
  });

  it('counts restricted documents in storage even for a reader who cannot see them', async () => {
    const c = await createTenantFixture(t.db);
    const collectionId = (
      await callerFor(t.db, asUser(c, 'editor')).collections.create({ name: 'Secret', description: '', visibility: 'restricted' })
    ).id;
    await upload(c, collectionId, 'restricted bytes');
    // A settings manager without users:manage does not see restricted documents.
    const { roleId } = await callerFor(t.db, asUser(c, 'admin'))
      .roles.create({ name: 'settings-only', description: '', permissions: ['settings:manage'] })
      .then((r) => ({ roleId: r.id }));
    const user = await createActiveUser(t.db, {
      tenantId: c.tenant.id,
      email: `settings@${c.tenant.slug}.test`,
      fullName: 'Settings only',
      hashedPassword: await testPasswordHash(),
      roleIds: [roleId],
    });
    const o = await callerFor(t.db, { kind: 'user', tenantId: c.tenant.id, id: user.id }).overview.get();
    expect(o.documents.total).toBe(0);
    expect(quota(o, 'storageBytes').used).toBe('restricted bytes'.length);
    // Without audit:read the recent activity card is left out.
    expect(o.recentActivity).toBeNull();
  });

  it('shows the last 10 audit entries of the tenant, newest first, to audit:read holders', async () => {
    for (let i = 0; i < 12; i++) {
      await callerFor(t.db, asUser(a, 'admin')).users.update({ id: a.users.viewer.id, fullName: `Viewer ${i}` });
    }
    await callerFor(t.db, asUser(b, 'admin')).users.update({ id: b.users.viewer.id, fullName: 'Tenant B viewer' });
    const o = await overviewOf(a);
    expect(o.recentActivity).toHaveLength(10);
    expect(o.recentActivity!.map((e) => e.action)).toContain('user.update');
    const times = o.recentActivity!.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(JSON.stringify(o.recentActivity)).not.toContain(b.users.admin.email);
  });

  it('is for those who run the workspace: editors and viewers are refused, unknown tenants too', async () => {
    expect(await trpcCode(overviewOf(a, 'viewer'))).toBe('FORBIDDEN');
    expect(await trpcCode(overviewOf(a, 'editor'))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, { kind: 'user', tenantId: randomUUID(), id: a.users.admin.id }).overview.get())).toBe(
      'UNAUTHORIZED',
    );
    expect(await trpcCode(callerFor(t.db, null).overview.get())).toBe('UNAUTHORIZED');
  });
});
