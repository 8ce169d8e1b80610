import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { modelPrices, tenants } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { handleUsageExport } from './export-request';
import { recordUsage, type UsageEventInput } from './meter';
import { recordRefusal } from './reserve';

/**
 * The Usage page's report, breakdowns and CSV export, through the tRPC caller and the route
 * handler, over rollups written by recordUsage in tenant transactions.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let keyA: { id: string; key: string };

const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00Z`);
const RANGE = { preset: 'custom' as const, from: '2026-01-10', to: '2026-01-12' };

async function record(f: Fixture, events: Array<Omit<UsageEventInput, 'tenantId'>>) {
  await withServiceContext(t.db, asUser(f, 'admin'), async (ctx) => {
    for (const e of events) await recordUsage(ctx.db, { tenantId: f.tenant.id, ...e });
  });
}

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  await t.db.insert(modelPrices).values({
    modelPattern: 'usage-test-priced*',
    inputPerMTokUsd: '1',
    outputPerMTokUsd: '2',
    effectiveFrom: at('2025-01-01'),
  });
  const created = await callerFor(t.db, asUser(a, 'admin')).apiKeys.create({
    name: '=cmd|" /C calc"!A0, evil',
    scopes: ['usage:read', 'users:manage'],
    expiresInDays: 30,
  });
  keyA = { id: created.apiKey.id, key: created.key };
  await callerFor(t.db, asUser(a, 'admin')).users.update({ id: a.users.editor.id, fullName: '=cmd|\' /C calc\'!A0, "boss"\nnext' });
  const admin = a.users.admin.id;
  const editor = a.users.editor.id;
  const viewer = a.users.viewer.id;
  await record(a, [
    { userId: null, kind: 'storage', storageBytes: 1000, occurredAt: at('2026-01-05') },
    {
      userId: admin,
      kind: 'chat',
      model: 'usage-test-priced-1',
      inputTokens: 1_000_000,
      outputTokens: 500_000,
      requests: 1,
      occurredAt: at('2026-01-10'),
    },
    {
      userId: admin,
      kind: 'chat',
      model: 'mystery-model',
      inputTokens: 100,
      outputTokens: 50,
      requests: 1,
      occurredAt: at('2026-01-10', '13:00'),
    },
    {
      userId: editor,
      apiKeyId: keyA.id,
      kind: 'embedding',
      model: 'local-hash-v1',
      inputTokens: 300,
      requests: 1,
      occurredAt: at('2026-01-11'),
    },
    { userId: editor, kind: 'ingestion', ingestions: 1, storageBytes: 500, occurredAt: at('2026-01-11') },
    { userId: viewer, kind: 'chat', model: 'mystery-model', inputTokens: 40, outputTokens: 20, requests: 1, occurredAt: at('2026-01-12') },
    { userId: viewer, kind: 'chat', model: 'mystery-model', requests: 1, failed: true, occurredAt: at('2026-01-12', '14:00') },
    { userId: editor, kind: 'storage', storageBytes: -200, occurredAt: at('2026-01-12') },
    // Outside the range: counted in storage, not in the range's figures.
    { userId: admin, kind: 'chat', model: 'mystery-model', inputTokens: 7, requests: 1, occurredAt: at('2026-01-13') },
  ]);
  await record(b, [
    { userId: b.users.admin.id, kind: 'chat', model: 'secret-b-model', inputTokens: 999, requests: 1, occurredAt: at('2026-01-11') },
  ]);
});
afterAll(async () => {
  await t?.stop();
});

const caller = (f: Fixture, role: 'admin' | 'editor' | 'viewer') => callerFor(t.db, asUser(f, role));

describe('usage.report', () => {
  it('adds up each tenant-local day of the range, with storage carried over from before it', async () => {
    const report = await caller(a, 'admin').usage.report(RANGE);
    expect(report.range).toMatchObject({ from: '2026-01-10', to: '2026-01-12', days: 3, timeZone: 'UTC', scope: 'workspace' });
    expect(report.days.map((d) => [d.date, d.tokensIn, d.tokensOut, d.requests, d.failedRequests, d.ingestions, d.storageBytes])).toEqual([
      ['2026-01-10', 1_000_100, 500_050, 2, 0, 0, 1000],
      ['2026-01-11', 300, 0, 1, 0, 1, 1500],
      ['2026-01-12', 40, 20, 2, 1, 0, 1300],
    ]);
    expect(report.days[0]).toMatchObject({ costUsd: 2, unpricedEvents: 1 });
    expect(report.totals).toMatchObject({
      tokensIn: 1_000_440,
      tokensOut: 500_070,
      requests: 5,
      ingestions: 1,
      costUsd: 2,
      storageBytes: 1300,
    });
    expect(report.totals.unpricedEvents).toBe(3);
    expect(report.tokensByModel).toEqual([
      { date: '2026-01-10', model: 'mystery-model', tokensIn: 100, tokensOut: 50 },
      { date: '2026-01-10', model: 'usage-test-priced-1', tokensIn: 1_000_000, tokensOut: 500_000 },
      { date: '2026-01-11', model: 'local-hash-v1', tokensIn: 300, tokensOut: 0 },
      { date: '2026-01-12', model: 'mystery-model', tokensIn: 40, tokensOut: 20 },
    ]);
    expect(report.topUsers.map((u) => [u.userId, u.tokens])).toEqual([
      [a.users.admin.id, 1_500_150],
      [a.users.editor.id, 300],
      [a.users.viewer.id, 60],
    ]);
  });

  it('breaks the range down by user, key, kind and model, each summing to the totals, sorted and paged on the server', async () => {
    const report = await caller(a, 'admin').usage.report(RANGE);
    for (const by of ['user', 'apiKey', 'kind', 'model'] as const) {
      const page = await caller(a, 'admin').usage.breakdown({ range: RANGE, by, page: 1, pageSize: 50 });
      const sum = (key: 'tokensIn' | 'tokensOut' | 'requests' | 'ingestions' | 'costUsd' | 'unpricedEvents') =>
        page.items.reduce((s, r) => s + r[key], 0);
      expect([by, sum('tokensIn'), sum('tokensOut'), sum('requests'), sum('ingestions'), sum('costUsd'), sum('unpricedEvents')]).toEqual([
        by,
        report.totals.tokensIn,
        report.totals.tokensOut,
        report.totals.requests,
        report.totals.ingestions,
        report.totals.costUsd,
        report.totals.unpricedEvents,
      ]);
    }
    const keys = await caller(a, 'admin').usage.breakdown({ range: RANGE, by: 'apiKey', page: 1, pageSize: 50 });
    expect(keys.items.map((r) => [r.key, r.label, r.tokensIn])).toEqual([
      ['', 'Console (no API key)', 1_000_140],
      [keyA.id, '=cmd|" /C calc"!A0, evil', 300],
    ]);
    const byRequests = await caller(a, 'admin').usage.breakdown({
      range: RANGE,
      by: 'user',
      sort: 'requests',
      dir: 'asc',
      page: 1,
      pageSize: 5,
    });
    expect(byRequests.items.map((r) => r.requests)).toEqual([1, 2, 2]);
    const second = await caller(a, 'admin').usage.breakdown({ range: RANGE, by: 'kind', sort: 'name', dir: 'asc', page: 2, pageSize: 5 });
    expect(second).toMatchObject({ total: 4, page: 2, items: [] });
    const kinds = await caller(a, 'admin').usage.breakdown({ range: RANGE, by: 'kind', sort: 'name', dir: 'asc', page: 1, pageSize: 5 });
    expect(kinds.items.map((r) => r.key)).toEqual(['chat', 'embedding', 'ingestion', 'storage']);
  });

  it('shows a reader without users:manage only their own usage, and says so', async () => {
    const report = await caller(a, 'viewer').usage.report(RANGE);
    expect(report.range.scope).toBe('own');
    expect(report.totals).toMatchObject({
      tokensIn: 40,
      tokensOut: 20,
      requests: 2,
      failedRequests: 1,
      costUsd: 0,
      unpricedEvents: 2,
      storageBytes: 0,
    });
    expect(report.topUsers.map((u) => u.userId)).toEqual([a.users.viewer.id]);
    expect(report.quotas.map((q) => q.limit)).toEqual(['tokensPerUserPerDay']);
    const users = await caller(a, 'viewer').usage.breakdown({ range: RANGE, by: 'user', page: 1, pageSize: 50 });
    expect(users.items.map((r) => r.key)).toEqual([a.users.viewer.id]);
  });

  it('counts requests refused by each limit: the workspace for admins, their own for others', async () => {
    const refuse = (f: Fixture, role: 'admin' | 'editor' | 'viewer', limit: string) =>
      withServiceContext(t.db, asUser(f, role), (ctx) => recordRefusal(ctx, limit));
    await refuse(a, 'viewer', 'tokens_per_user_per_day');
    await refuse(a, 'viewer', 'tokens_per_user_per_day');
    await refuse(a, 'editor', 'tokens_per_day');
    await refuse(b, 'viewer', 'tokens_per_day');
    const today = { preset: 'today' as const };
    expect((await caller(a, 'admin').usage.report(today)).refusals).toEqual([
      { limit: 'tokens_per_user_per_day', refusals: 2 },
      { limit: 'tokens_per_day', refusals: 1 },
    ]);
    expect((await caller(a, 'viewer').usage.report(today)).refusals).toEqual([{ limit: 'tokens_per_user_per_day', refusals: 2 }]);
    expect((await caller(b, 'admin').usage.report(today)).refusals).toEqual([{ limit: 'tokens_per_day', refusals: 1 }]);
  });

  it('keeps tenants apart: B sees nothing of A, and A nothing of B', async () => {
    const reportB = await caller(b, 'admin').usage.report(RANGE);
    expect(reportB.totals).toMatchObject({ tokensIn: 999, requests: 1, storageBytes: 0 });
    const modelsB = await caller(b, 'admin').usage.breakdown({ range: RANGE, by: 'model', page: 1, pageSize: 50 });
    expect(modelsB.items.map((r) => r.key)).toEqual(['secret-b-model']);
    const modelsA = await caller(a, 'admin').usage.breakdown({ range: RANGE, by: 'model', page: 1, pageSize: 50 });
    expect(modelsA.items.map((r) => r.key)).not.toContain('secret-b-model');
  });

  it('refuses a range that is reversed, unbounded, incomplete or malformed, with a sentence', async () => {
    const admin = caller(a, 'admin');
    const message = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(await trpcCode(admin.usage.report({ preset: 'custom', from: '2026-01-12', to: '2026-01-10' }))).toBe('BAD_REQUEST');
    expect(await message(admin.usage.report({ preset: 'custom', from: '2026-01-12', to: '2026-01-10' }))).toContain(
      'The start date must not be after the end date.',
    );
    expect(await message(admin.usage.report({ preset: 'custom', from: '2025-01-01', to: '2026-01-02' }))).toContain(
      'Choose at most 366 days (this range has 367).',
    );
    expect(await message(admin.usage.report({ preset: 'custom', from: '2026-01-01' }))).toContain('Choose both a start and an end date.');
    expect(await trpcCode(admin.usage.report({ preset: 'custom', from: '2026-13-01', to: '2026-13-02' }))).toBe('BAD_REQUEST');
    expect((await admin.usage.report({ preset: 'custom', from: '2025-01-02', to: '2026-01-02' })).days).toHaveLength(366);
  });

  it('counts days from midnight in the tenant’s time zone, and says which zone', async () => {
    const c = await createTenantFixture(t.db);
    await t.db
      .update(tenants)
      .set({ settings: { timeZone: 'Asia/Tokyo' } })
      .where(eq(tenants.id, c.tenant.id));
    // 23:30 and 00:30 Tokyo time (UTC+9): two local days, though one UTC day.
    await record(c, [
      {
        userId: c.users.admin.id,
        kind: 'chat',
        model: 'mystery-model',
        inputTokens: 10,
        requests: 1,
        occurredAt: new Date('2026-01-10T14:30:00Z'),
      },
      {
        userId: c.users.admin.id,
        kind: 'chat',
        model: 'mystery-model',
        inputTokens: 20,
        requests: 1,
        occurredAt: new Date('2026-01-10T15:30:00Z'),
      },
    ]);
    const report = await caller(c, 'admin').usage.report(RANGE);
    expect(report.range.timeZone).toBe('Asia/Tokyo');
    expect(report.days.map((d) => [d.date, d.tokensIn])).toEqual([
      ['2026-01-10', 10],
      ['2026-01-11', 20],
      ['2026-01-12', 0],
    ]);
  });

  it('reports today against the quotas with their reset times, and the burn rate', async () => {
    await t.db.execute(
      `update tenant_quotas set max_tokens_per_day = 1000000, max_cost_per_month_usd = 50 where tenant_id = '${a.tenant.id}'`,
    );
    await record(a, [{ userId: a.users.admin.id, kind: 'chat', model: 'mystery-model', inputTokens: 600, outputTokens: 400, requests: 1 }]);
    const report = await caller(a, 'admin').usage.report({ preset: 'today' });
    const daily = report.quotas.find((q) => q.limit === 'tokensPerDay')!;
    expect(daily).toMatchObject({ max: 1_000_000, used: 1000 });
    expect(daily.resetsAt!.toISOString()).toBe(
      `${report.range.today}T00:00:00.000Z`.replace(report.range.today, nextDay(report.range.today)),
    );
    expect(report.quotas.find((q) => q.limit === 'costPerMonth')!.resetsAt!.getUTCDate()).toBe(1);
    expect(report.quotas.find((q) => q.limit === 'storage')).toMatchObject({ used: 1300, unit: 'bytes', resetsAt: null });
    expect(report.burnRate).toMatchObject({ tokensToday: 1000, max: 1_000_000 });
    expect(['today', 'not-today']).toContain(report.burnRate.verdict);
  });
});

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function exportRequest(key: string | null, query: string) {
  return handleUsageExport(
    new Request(`http://localhost/api/usage/export?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
  );
}

describe('GET /api/usage/export', () => {
  it('streams the range’s rollup rows as an attachment, hostile names escaped', async () => {
    const response = await exportRequest(keyA.key, 'preset=custom&from=2026-01-10&to=2026-01-12');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(
      `attachment; filename="usage-${a.tenant.slug}-2026-01-10-to-2026-01-12.csv"`,
    );
    const text = await response.text();
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    // The key holds users:manage, so it reads the workspace.
    // The viewer's two events of the 12th share one rollup row.
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.date)).toEqual(['2026-01-10', '2026-01-10', '2026-01-11', '2026-01-11', '2026-01-12', '2026-01-12']);
    const embedding = rows.find((r) => r.kind === 'embedding')!;
    expect(embedding).toMatchObject({
      user_name: "'=cmd|' /C calc'!A0, \"boss\"\nnext",
      user_email: a.users.editor.email,
      api_key_name: '\'=cmd|" /C calc"!A0, evil',
      model: 'local-hash-v1',
      tokens_in: '300',
    });
    expect(text).toContain('"\'=cmd|"" /C calc""!A0, evil"');
    expect(text).not.toMatch(/(^|,)=cmd/m);
    expect(rows.find((r) => r.model === 'usage-test-priced-1')).toMatchObject({ cost_usd: '2.000000', unpriced_events: '0' });
    expect(rows.find((r) => r.kind === 'storage' && r.date === '2026-01-12')).toMatchObject({ storage_bytes: '-200' });
    expect(text).not.toContain('secret-b-model');
  });

  it('refuses without usage:read (403), a bad range (400) and no credentials (401)', async () => {
    const { key: docsOnly } = await caller(a, 'admin').apiKeys.create({ name: 'docs', scopes: ['documents:read'], expiresInDays: 30 });
    const denied = await exportRequest(docsOnly, 'preset=30d');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: 'You need the “See usage” (usage:read) permission for this.' });
    const bad = await exportRequest(keyA.key, 'preset=custom&from=2024-01-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'Choose at most 366 days (this range has 732).' });
    expect((await exportRequest(null, 'preset=7d')).status).toBe(401);
  });
});
