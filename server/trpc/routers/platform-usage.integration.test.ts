import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, modelPrices, tenants, usageEvents, usageMetrics } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { recordUsage } from '@/server/usage/meter';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, trpcCode, uniqueSlug } from '@/test/fixtures';
import type { SessionClaims } from '@/server/auth/types';

let t: TestDatabase;
let root: SessionClaims;

beforeAll(async () => {
  t = await startTestDatabase();
  root = (await createSuperadmin(t.db)).claims;
});
afterAll(async () => {
  await t?.stop();
});

const su = () => callerFor(t.db, root);
const HOUR = 3600_000;

/** A UTC date `days` before today, as the rollups store it. */
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * HOUR).toISOString().slice(0, 10);

async function bareTenant(prefix: string, name: string) {
  const [row] = await t.db
    .insert(tenants)
    .values({ name, slug: uniqueSlug(prefix), status: 'active' })
    .returning();
  return row!;
}

type Rollup = Partial<typeof usageMetrics.$inferInsert> & { date: string };
async function rollups(tenantId: string, rows: Rollup[]) {
  await t.db.insert(usageMetrics).values(rows.map((r, i) => ({ tenantId, kind: 'chat' as const, model: `m${i}`, events: 1, ...r })));
}

const list = (input: Partial<Parameters<ReturnType<typeof su>['platformUsage']['tenants']>[0]> & { search: string }) =>
  su().platformUsage.tenants({ days: 7, sort: 'tokens', dir: 'desc', page: 1, pageSize: 20, ...input });

describe('usage across tenants (superadmin)', () => {
  it('gives each tenant the sums of its rollups: tokens, cost, unpriced, requests in the range, storage over all time, growth', async () => {
    const prefix = `sum${randomUUID().slice(0, 6)}`;
    const a = await bareTenant(prefix, `${prefix} Alpha`);
    const b = await bareTenant(prefix, `${prefix} Beta`);
    const c = await bareTenant(prefix, `${prefix} Gamma`);
    await rollups(a.id, [
      { date: daysAgo(0), tokensIn: 100, tokensOut: 50, costUsd: '0.5', requests: 2, storageBytes: 1000 },
      { date: daysAgo(3), tokensIn: 10, requests: 1, unpricedEvents: 2, costUsd: '0.25', storageBytes: 500 },
      // The previous 7 days: counted for growth only.
      { date: daysAgo(10), tokensIn: 30, requests: 9, costUsd: '9', unpricedEvents: 4 },
      // Long ago: only its stored bytes still count.
      { date: daysAgo(40), tokensIn: 7000, storageBytes: 2000 },
    ]);
    await rollups(b.id, [{ date: daysAgo(1), tokensIn: 1000, tokensOut: 200, requests: 5, costUsd: '1.123456', storageBytes: 10 }]);

    const page = await list({ search: prefix });
    expect(page).toMatchObject({ total: 3, from: daysAgo(6), to: daysAgo(0) });
    expect(page.items.map((x) => x.name)).toEqual([b.name, a.name, c.name]);
    const [beta, alpha, gamma] = page.items;
    expect(alpha).toEqual({
      id: a.id,
      name: a.name,
      slug: a.slug,
      status: 'active',
      tokens: 160,
      costUsd: '0.75',
      unpricedEvents: 2,
      requests: 3,
      storageBytes: 3500,
      growthPercent: 433.3,
    });
    expect(beta).toMatchObject({ tokens: 1200, costUsd: '1.123456', requests: 5, storageBytes: 10, growthPercent: null });
    expect(gamma).toMatchObject({ tokens: 0, costUsd: '0', unpricedEvents: 0, requests: 0, storageBytes: 0, growthPercent: null });

    // A longer range takes in the older rollups; growth compares with the 30 days before.
    const month = await list({ search: prefix, days: 30 });
    expect(month.items.find((x) => x.id === a.id)).toMatchObject({ tokens: 190, costUsd: '9.75', unpricedEvents: 6, requests: 12 });
    expect(month.items.find((x) => x.id === a.id)!.growthPercent).toBeCloseTo(((190 - 7000) / 7000) * 100, 1);

    expect((await list({ search: `${prefix} gam` })).items.map((x) => x.id)).toEqual([c.id]);
    expect((await list({ search: c.slug })).items.map((x) => x.id)).toEqual([c.id]);
  });

  it('sorts on the server by tokens, cost, storage, growth and name, and pages', async () => {
    const prefix = `srt${randomUUID().slice(0, 6)}`;
    const made: Array<typeof tenants.$inferSelect> = [];
    for (let i = 0; i < 7; i++) {
      const tenant = await bareTenant(prefix, `${prefix} ${String.fromCharCode(97 + i)}`);
      // Tokens rise with i, cost falls, storage peaks in the middle, growth only for the even ones.
      await rollups(tenant.id, [
        { date: daysAgo(0), tokensIn: 100 * (i + 1), costUsd: String(10 - i), storageBytes: 1000 - Math.abs(3 - i) * 100 },
        ...(i % 2 === 0 ? [{ date: daysAgo(8), tokensIn: 100 }] : []),
      ]);
      made.push(tenant);
    }
    const ids = (items: Array<{ id: string }>) => items.map((x) => made.findIndex((m) => m.id === x.id));
    const all = async (sort: 'tokens' | 'cost' | 'storage' | 'growth' | 'name', dir: 'asc' | 'desc') =>
      ids((await list({ search: prefix, sort, dir })).items);
    expect(await all('tokens', 'desc')).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(await all('tokens', 'asc')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await all('cost', 'desc')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await all('storage', 'desc')).toEqual([3, 2, 4, 1, 5, 0, 6]);
    // Growth: 600 % (i=6), 400 %, 200 %, 0 %; the tenants without a previous period last, by name.
    expect(await all('growth', 'desc')).toEqual([6, 4, 2, 0, 1, 3, 5]);
    expect(await all('name', 'asc')).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const page1 = await list({ search: prefix, sort: 'name', dir: 'asc', pageSize: 5 });
    const page2 = await list({ search: prefix, sort: 'name', dir: 'asc', pageSize: 5, page: 2 });
    const page3 = await list({ search: prefix, sort: 'name', dir: 'asc', pageSize: 5, page: 3 });
    expect(ids(page1.items)).toEqual([0, 1, 2, 3, 4]);
    expect(ids(page2.items)).toEqual([5, 6]);
    expect([page1.total, page2.total, page3.total]).toEqual([7, 7, 7]);
    expect(page3.items).toEqual([]);
    expect(await trpcCode(list({ search: prefix, days: 14 as 7 }))).toBe('BAD_REQUEST');
  });

  it('is FORBIDDEN to a tenant admin on every procedure', async () => {
    const f = await createTenantFixture(t.db);
    const admin = callerFor(t.db, asUser(f, 'admin')).platformUsage;
    const price = { tenantId: null, modelPattern: 'x', inputPerMTokUsd: '1', outputPerMTokUsd: '1', cachedPerMTokUsd: '0' };
    expect(await trpcCode(admin.tenants({ days: 7, sort: 'tokens', dir: 'desc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin.prices({ page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin.unpricedModels())).toBe('FORBIDDEN');
    expect(await trpcCode(admin.createPrice(price))).toBe('FORBIDDEN');
    expect(await trpcCode(admin.deletePrice({ id: randomUUID() }))).toBe('FORBIDDEN');
    const [stored] = await t.db.select().from(modelPrices).where(eq(modelPrices.modelPattern, 'x'));
    expect(stored).toBeUndefined();
  });
});

describe('model prices (superadmin)', () => {
  const base = { tenantId: null, inputPerMTokUsd: '2.5', outputPerMTokUsd: '10', cachedPerMTokUsd: '1.25' };

  it('refuses a bad pattern, a negative or too precise price, and a start in the past, with clear messages', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ modelPattern: '' }, 'Enter a model name or pattern.'],
      [{ modelPattern: 'x'.repeat(201) }, 'The model pattern can be at most 200 characters.'],
      [{ modelPattern: 'gpt 4o' }, 'Use letters, digits and . _ : / - in the model pattern'],
      [{ modelPattern: 'gpt-4o%' }, 'Use letters, digits and . _ : / - in the model pattern'],
      [{ modelPattern: 'ok', inputPerMTokUsd: '-1' }, 'The input price must be a non-negative number'],
      [{ modelPattern: 'ok', outputPerMTokUsd: '0.1234567' }, 'The output price can have at most 6 decimals.'],
      [{ modelPattern: 'ok', cachedPerMTokUsd: '' }, 'Enter the cached input price (0 when free).'],
      [{ modelPattern: 'ok', inputPerMTokUsd: '1000000' }, 'The input price must be below 1,000,000 USD.'],
      [{ modelPattern: 'ok', effectiveFrom: new Date(Date.now() - 24 * HOUR) }, 'A price cannot start in the past'],
    ];
    for (const [patch, message] of cases) {
      await expect(su().platformUsage.createPrice({ ...base, modelPattern: 'ok', ...patch } as never)).rejects.toThrow(message);
    }
    expect(await t.db.select().from(modelPrices).where(eq(modelPrices.modelPattern, 'ok'))).toEqual([]);
    const okPattern = `openai/gpt-4o-mini:2024.07*`;
    const created = await su().platformUsage.createPrice({ ...base, modelPattern: okPattern, outputPerMTokUsd: '0.123456' });
    expect(created).toMatchObject({ modelPattern: okPattern, outputPerMTokUsd: '0.123456', tenant: null, scheduled: false });
    const tomorrow = new Date(Date.now() + 24 * HOUR);
    await su().platformUsage.createPrice({ ...base, modelPattern: okPattern, effectiveFrom: tomorrow });
    await expect(su().platformUsage.createPrice({ ...base, modelPattern: okPattern, effectiveFrom: tomorrow })).rejects.toThrow(
      'A price for this model pattern already starts at that moment',
    );
  });

  it('deletes a price that has not started, never one in effect; both audited', async () => {
    const pattern = `del-${randomUUID().slice(0, 8)}`;
    const current = await su().platformUsage.createPrice({ ...base, modelPattern: pattern });
    const future = await su().platformUsage.createPrice({
      ...base,
      modelPattern: pattern,
      effectiveFrom: new Date(Date.now() + 48 * HOUR),
    });
    expect(future.scheduled).toBe(true);
    await expect(su().platformUsage.deletePrice({ id: current.id })).rejects.toThrow('already in effect, so it is history');
    await su().platformUsage.deletePrice({ id: future.id });
    const left = await t.db.select({ id: modelPrices.id }).from(modelPrices).where(eq(modelPrices.modelPattern, pattern));
    expect(left).toEqual([{ id: current.id }]);
    expect(await trpcCode(su().platformUsage.deletePrice({ id: future.id }))).toBe('NOT_FOUND');
    const audit = await t.db
      .select({ action: auditLogs.action, resourceId: auditLogs.resourceId })
      .from(auditLogs)
      .where(and(isNull(auditLogs.tenantId), eq(auditLogs.resourceType, 'model_price')));
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'price.create', resourceId: current.id },
        { action: 'price.create', resourceId: future.id },
        { action: 'price.delete', resourceId: future.id },
      ]),
    );
  });

  it('lists platform prices and tenant overrides with the tenant name', async () => {
    const f = await createTenantFixture(t.db);
    const pattern = `lst-${randomUUID().slice(0, 8)}*`;
    await su().platformUsage.createPrice({ ...base, modelPattern: pattern });
    await su().platformUsage.createPrice({ ...base, tenantId: f.tenant.id, modelPattern: pattern, inputPerMTokUsd: '0.5' });
    const found = await su().platformUsage.prices({ search: pattern.slice(0, -1), page: 1, pageSize: 20 });
    expect(found.items.map((p) => [p.tenant?.name ?? null, p.inputPerMTokUsd])).toEqual([
      [null, '2.5'],
      [f.tenant.name, '0.5'],
    ]);
  });

  it('prices events from the effective date on only, and flags models without a price until one is added', async () => {
    const f = await createTenantFixture(t.db);
    const model = `meter-${randomUUID().slice(0, 8)}`;
    const record = (occurredAt: Date) =>
      withTenant({ tenantId: f.tenant.id }, (tx) =>
        recordUsage(tx, {
          tenantId: f.tenant.id,
          userId: f.users.admin.id,
          kind: 'chat',
          model,
          inputTokens: 1_000_000,
          requests: 1,
          occurredAt,
        }),
      );
    const before = await record(new Date(Date.now() - HOUR));
    expect(before.costUsd).toBeNull();
    expect(await su().platformUsage.unpricedModels()).toEqual(
      expect.arrayContaining([{ model, tenants: 1, unpricedEvents: 1, lastSeen: expect.any(String) }]),
    );

    await su().platformUsage.createPrice({ ...base, modelPattern: `${model}*`, inputPerMTokUsd: '1' });
    await su().platformUsage.createPrice({
      ...base,
      modelPattern: `${model}*`,
      inputPerMTokUsd: '3',
      effectiveFrom: new Date(Date.now() + 2 * HOUR),
    });
    const now = await record(new Date(Date.now() + 60_000));
    const later = await record(new Date(Date.now() + 3 * HOUR));
    expect([Number(now.costUsd), Number(later.costUsd)]).toEqual([1, 3]);
    // The event before any price stays unpriced: history is not re-priced.
    const [old] = await t.db.select({ cost: usageEvents.costUsd }).from(usageEvents).where(eq(usageEvents.id, before.id));
    expect(old!.cost).toBeNull();
    expect((await su().platformUsage.unpricedModels()).map((m) => m.model)).not.toContain(model);
  });
});
