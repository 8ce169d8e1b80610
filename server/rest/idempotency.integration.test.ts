import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiIdempotencyKeys, apiKeys } from '@/db/schema';
import { runInTenant } from '@/server/auth/boundary';
import { tenantScopeOf } from '@/server/auth/scope';
import { resolvePrincipal } from '@/server/auth/principal';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, createTenantFixture, type Fixture } from '@/test/fixtures';
import { createApiKey } from '@/test/rest';
import { claimIdempotencyKey, requestHash, sweepExpiredIdempotencyKeys, type TenantRun } from './idempotency';

/** The idempotency store on its own: claims, completion, release, expiry and the sweep. */
let t: TestDatabase;
let a: Fixture;
let apiKeyId: string;
let run: TenantRun;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  const key = await createApiKey(t.db, a, 'admin', ['documents:write']);
  const [row] = await t.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, key.slice(3, 13)));
  apiKeyId = row!.id;
  const resolution = await resolvePrincipal(t.db, asUser(a, 'admin'));
  if (!resolution.ok) throw new Error('the fixture admin did not resolve');
  const scope = tenantScopeOf(resolution.principal)!;
  run = (fn) =>
    runInTenant(scope, { rootDb: t.db, meta: { ip: null, userAgent: null, correlationId: null }, action: 'test', mutation: false }, fn);
});
afterAll(async () => {
  await t?.stop();
});

const request = (key: string, body: unknown = { n: 1 }) => ({
  key,
  method: 'POST',
  path: '/api/v1/documents',
  requestHash: requestHash(body),
});

describe('idempotency keys', () => {
  it('hash requests by content, not by key order', () => {
    expect(requestHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });

  it('claim, then replay the completed response; a released claim can be claimed again', async () => {
    const first = await claimIdempotencyKey(run, apiKeyId, request('k1'));
    expect(first.kind).toBe('claimed');
    if (first.kind !== 'claimed') return;
    await first.claim.complete({ status: 202, body: { id: 'x' }, headers: { location: '/x' } });
    expect(await claimIdempotencyKey(run, apiKeyId, request('k1'))).toEqual({
      kind: 'replay',
      response: { status: 202, body: { id: 'x' }, headers: { location: '/x' } },
    });
    await expect(claimIdempotencyKey(run, apiKeyId, request('k1', { n: 2 }))).rejects.toMatchObject({ code: 'idempotency_key_reused' });

    const failed = await claimIdempotencyKey(run, apiKeyId, request('k2'));
    if (failed.kind === 'claimed') await failed.claim.release();
    expect((await claimIdempotencyKey(run, apiKeyId, request('k2', { n: 3 }))).kind).toBe('claimed');
  });

  it('forgets keys after 24 hours (a new request runs again) and takes over abandoned claims', async () => {
    const old = await claimIdempotencyKey(run, apiKeyId, request('k3'));
    if (old.kind === 'claimed') await old.claim.complete({ status: 202, body: {}, headers: {} });
    await t.db
      .update(apiIdempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(apiIdempotencyKeys.key, 'k3'));
    expect((await claimIdempotencyKey(run, apiKeyId, request('k3', { other: true }))).kind).toBe('claimed');

    await claimIdempotencyKey(run, apiKeyId, request('k4'));
    await expect(claimIdempotencyKey(run, apiKeyId, request('k4'))).rejects.toMatchObject({ code: 'idempotency_in_progress' });
    await t.db
      .update(apiIdempotencyKeys)
      .set({ createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(apiIdempotencyKeys.key, 'k4'));
    expect((await claimIdempotencyKey(run, apiKeyId, request('k4'))).kind).toBe('claimed');
  });

  it('sweeps expired keys across tenants and keeps the rest', async () => {
    await claimIdempotencyKey(run, apiKeyId, request('k5'));
    await t.db
      .update(apiIdempotencyKeys)
      .set({ createdAt: sql`now() - interval '2 days'` })
      .where(eq(apiIdempotencyKeys.key, 'k5'));
    expect(await sweepExpiredIdempotencyKeys(t.db)).toBe(1);
    const left = await t.db.select({ key: apiIdempotencyKeys.key }).from(apiIdempotencyKeys);
    expect(left.map((r) => r.key)).not.toContain('k5');
    expect(left.map((r) => r.key)).toContain('k1');
  });
});
