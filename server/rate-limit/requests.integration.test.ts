import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitCounters, tenantQuotas } from '@/db/schema';
import { handleDownload } from '@/server/documents/download-request';
import { handleTrpc } from '@/server/trpc/handler';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, trpcCode } from '@/test/fixtures';
import type { SessionClaims } from '@/server/auth/types';
import { PostgresRateLimiter } from './limiter';

/**
 * Requests per minute per workspace and per API key, through /api/trpc and the route handlers
 * as Next.js calls them. Counters live in the database, so every web process shares them.
 */
let t: TestDatabase;
let root: SessionClaims;

beforeAll(async () => {
  t = await startTestDatabase();
  root = (await createSuperadmin(t.db)).claims;
});
afterAll(async () => {
  await t?.stop();
});

/** A workspace with `count` read-only API keys, then limited to `limit` requests per minute. */
async function limitedTenant(limit: number, count: number) {
  const f = await createTenantFixture(t.db);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({
      name: `key ${i}`,
      scopes: ['documents:read'],
      expiresInDays: 30,
    });
    keys.push(created.key);
  }
  await t.db.update(tenantQuotas).set({ maxRequestsPerMinute: limit }).where(eq(tenantQuotas.tenantId, f.tenant.id));
  // The setup's own requests were counted under the default limit: start from zero.
  await t.db.delete(rateLimitCounters);
  return { f, keys };
}

/**
 * Counters reset each minute by the database's clock: a sequence that must fit in one window
 * starts with at least 20 s of it left, so a slow machine never sees the count reset midway.
 */
async function freshWindow() {
  const [row] = await t.db.execute<{ s: number }>(sql`select extract(second from now())::float8 as s`);
  const second = Number(row?.s ?? 0);
  if (second > 40) await new Promise((resolve) => setTimeout(resolve, (60 - second + 0.5) * 1000));
}

const get = (key: string, paths = 'session.get') =>
  handleTrpc(
    new Request(`http://localhost/api/trpc/${paths}${paths.includes(',') ? '?batch=1&input={}' : ''}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
  );

async function refusal(response: Response) {
  const body = (await response.json()) as { error?: { json?: { message?: string } }; [k: number]: unknown };
  return { status: response.status, retryAfter: Number(response.headers.get('retry-after')), body };
}

const messageOf = (body: unknown) => (body as { error: { json: { message: string } } }).error.json.message;

describe('requests per minute', () => {
  it('refuses the 4th request to a workspace limited to 3 with 429, Retry-After and the limit; other workspaces and the platform go on', async () => {
    const { f, keys } = await limitedTenant(3, 3);
    const other = await limitedTenant(3, 1);
    await freshWindow();
    for (const key of keys) expect((await get(key)).status).toBe(200);

    const refused = await refusal(await get(keys[0]!));
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    expect(messageOf(refused.body)).toBe(`This workspace is limited to 3 requests per minute; try again in ${refused.retryAfter} s.`);

    // The route handlers (download, upload) count against the same budget.
    const id = randomUUID();
    const download = await handleDownload(
      new Request(`http://localhost/api/documents/${id}/file`, { headers: { authorization: `Bearer ${keys[1]!}` } }),
      id,
    );
    expect(download.status).toBe(429);
    const seconds = Number(download.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(await download.json()).toEqual({ error: `This workspace is limited to 3 requests per minute; try again in ${seconds} s.` });

    // People in the console too, and a superadmin who entered the workspace.
    expect(await trpcCode(callerFor(t.db, asUser(f, 'viewer')).session.get())).toBe('TOO_MANY_REQUESTS');
    expect(await trpcCode(callerFor(t.db, { ...root, actingTenantId: f.tenant.id } as SessionClaims).session.get())).toBe(
      'TOO_MANY_REQUESTS',
    );
    // Another workspace, and a superadmin working on the platform, are not affected.
    expect((await get(other.keys[0]!)).status).toBe(200);
    await expect(callerFor(t.db, root).tenants.list({})).resolves.toBeDefined();
  });

  it('holds an API key to half its workspace’s limit, without charging its refusals to the workspace', async () => {
    const { f, keys } = await limitedTenant(4, 3);
    const [x, y, z] = keys as [string, string, string];
    await freshWindow();
    expect((await get(x)).status).toBe(200);
    expect((await get(x)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const refused = await refusal(await get(x));
      expect(refused.status).toBe(429);
      expect(messageOf(refused.body)).toBe(`This API key is limited to 2 requests per minute; try again in ${refused.retryAfter} s.`);
    }
    // Key x's refusals cost the workspace nothing: y still gets its share, people too.
    expect((await get(y)).status).toBe(200);
    await expect(callerFor(t.db, asUser(f, 'viewer')).session.get()).resolves.toBeDefined();
    // The workspace's limit holds across keys: 4 requests went through, the 5th is refused.
    const beyond = await refusal(await get(z));
    expect(beyond.status).toBe(429);
    expect(messageOf(beyond.body)).toBe(`This workspace is limited to 4 requests per minute; try again in ${beyond.retryAfter} s.`);
  });

  it('counts every call of a batch', async () => {
    const { keys } = await limitedTenant(6, 1);
    await freshWindow();
    const first = await get(keys[0]!, 'session.get,session.get,session.get');
    expect(first.status).toBe(200);
    // The key's share is 3: a second batch of three is refused call by call.
    const second = await get(keys[0]!, 'session.get,session.get,session.get');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const results = (await second.json()) as Array<{ error?: { json: { data: { code: string } } } }>;
    expect(results.map((r) => r.error?.json.data.code)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });

  it('never lets more requests through than the limit when they arrive at once', async () => {
    const { keys } = await limitedTenant(5, 10);
    await freshWindow();
    const responses = await Promise.all(keys.flatMap((key) => [get(key), get(key)]));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('counts atomically in the database: 40 concurrent hits on a limit of 7 let exactly 7 through', async () => {
    const moment = new Date('2031-03-04T05:06:30Z');
    const limiter = new PostgresRateLimiter(t.db, () => moment);
    const bucket = { scope: 'tenant' as const, key: randomUUID(), limit: 7 };
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => limiter.hit([bucket])));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(7);
    expect(verdicts.find((v) => !v.ok)).toEqual({ ok: false, bucket, retryAfterSeconds: 30 });
  });

  it('starts a new count each minute and removes the bucket’s older windows', async () => {
    let moment = new Date('2031-03-04T05:06:59Z');
    const limiter = new PostgresRateLimiter(t.db, () => moment);
    const bucket = { scope: 'api_key' as const, key: randomUUID(), limit: 1 };
    expect(await limiter.hit([bucket])).toEqual({ ok: true });
    expect(await limiter.hit([bucket])).toEqual({ ok: false, bucket, retryAfterSeconds: 1 });
    moment = new Date('2031-03-04T05:09:00Z');
    expect(await limiter.hit([bucket])).toEqual({ ok: true });
    const rows = await t.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, bucket.key));
    expect(rows).toEqual([{ scope: 'api_key', key: bucket.key, windowStart: new Date('2031-03-04T05:09:00Z'), count: 1 }]);
  });
});
