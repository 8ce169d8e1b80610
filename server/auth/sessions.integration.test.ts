import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endedSessions, users } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import {
  apiKeyCaller,
  asUser,
  callerFor,
  createSuperadmin,
  createTenantFixture,
  lastAuditEntry,
  trpcCode,
  type Fixture,
} from '@/test/fixtures';
import type { SessionClaims } from './types';
import { authOptions } from './options';
import { newSessionId } from './sessions';

let t: TestDatabase;
let f: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

/** Claims as next-auth signs them at sign-in: a session id and the moment it began. */
const session = (claims: SessionClaims, signedInAt = Date.now() - 1000): SessionClaims => ({ ...claims, sid: newSessionId(), signedInAt });

/** What next-auth hands its signOut event for a JWT session. */
const signOutEvent = (claims: SessionClaims) =>
  authOptions.events!.signOut!({ token: { claims, exp: Math.floor(Date.now() / 1000) + 3600 }, session: null as never });

async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'succeeded',
    (error: unknown) => (error as Error).message,
  );
}

describe('signing out', () => {
  it('ends that session on the server: the same signed token is refused afterwards, other sessions go on', async () => {
    const mine = session(asUser(f, 'editor'));
    const otherDevice = session(asUser(f, 'editor'));
    expect((await callerFor(t.db, mine).session.get()).kind).toBe('user');

    await signOutEvent(mine);

    expect(await messageOf(callerFor(t.db, mine).session.get())).toBe('Your session has ended. Sign in again.');
    expect(await trpcCode(callerFor(t.db, mine).documents.list({ page: 1, pageSize: 5, sort: 'created', dir: 'desc' }))).toBe(
      'UNAUTHORIZED',
    );
    expect((await callerFor(t.db, otherDevice).session.get()).kind).toBe('user');
    expect(await lastAuditEntry(f, 'auth.sign_out')).toMatchObject({ actorId: f.users.editor.id, status: 'success' });
  });

  it('prunes ended sessions whose tokens have expired anyway', async () => {
    const stale = newSessionId();
    await t.db.insert(endedSessions).values({ sessionId: stale, expiresAt: new Date(Date.now() - 60_000) });
    await signOutEvent(session(asUser(f, 'viewer')));
    expect(await t.db.select().from(endedSessions).where(eq(endedSessions.sessionId, stale))).toEqual([]);
  });
});

describe('session.endAll ("Sign out everywhere")', () => {
  it('ends every session a superadmin began before it, and only those; it is audited', async () => {
    const { admin, claims } = await createSuperadmin(t.db);
    const laptop = session(claims, Date.now() - 60_000);
    const phone = session(claims, Date.now() - 30_000);
    expect(await callerFor(t.db, phone).session.endAll()).toEqual({ endedAt: expect.any(Date) });
    expect(await messageOf(callerFor(t.db, laptop).tenants.list({ page: 1, pageSize: 5 }))).toBe('Your session has ended. Sign in again.');
    expect(await trpcCode(callerFor(t.db, phone).session.get())).toBe('UNAUTHORIZED');
    // Signing in again afterwards works.
    expect((await callerFor(t.db, session(claims, Date.now() + 1000)).session.get()).kind).toBe('superadmin');
    const [entry] = await t.db.execute<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_logs where tenant_id is null and actor_id = '${admin.id}' order by seq desc limit 1`,
    );
    expect(entry).toMatchObject({ action: 'auth.sign_out_everywhere', actor_id: admin.id });
  });

  it('ends every session of a tenant user, and refuses an API key (it has no sessions)', async () => {
    const g = await createTenantFixture(t.db);
    const before = session(asUser(g, 'viewer'));
    await callerFor(t.db, session(asUser(g, 'viewer'))).session.endAll();
    expect(await trpcCode(callerFor(t.db, before).session.get())).toBe('UNAUTHORIZED');
    expect(await lastAuditEntry(g, 'auth.sign_out_everywhere')).toMatchObject({ actorId: g.users.viewer.id });
    // Another user of the tenant is untouched.
    expect((await callerFor(t.db, session(asUser(g, 'editor'))).session.get()).kind).toBe('user');

    const { key } = await callerFor(t.db, asUser(g, 'admin')).apiKeys.create({ name: 'bot', scopes: ['usage:read'], expiresInDays: 30 });
    expect(await messageOf(apiKeyCaller(t.db, key).session.endAll())).toBe('API keys have no sessions to end; revoke the key instead.');
  });
});

describe('live streams', () => {
  /** Reads a document status stream until it ends; resolves with how it ended. */
  async function drain(stream: AsyncIterable<unknown>): Promise<string> {
    try {
      for await (const batch of stream) void batch;
      return 'ended without an error';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('closes at the next poll once its user is deactivated', async () => {
    const g = await createTenantFixture(t.db);
    const controller = new AbortController();
    const stream = await callerFor(t.db, session(asUser(g, 'viewer')), { signal: controller.signal }).documents.onStatusChange({});
    const ended = drain(stream);
    await t.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, g.users.viewer.id));
    const outcome = await Promise.race([ended, new Promise<string>((r) => setTimeout(() => r('still open after 10 s'), 10_000))]);
    controller.abort();
    expect(outcome).toBe('This account has been deactivated.');
  });

  it('closes at the next poll once its session is signed out, or its API key revoked', async () => {
    const g = await createTenantFixture(t.db);
    const claims = session(asUser(g, 'viewer'));
    const { key, apiKey } = await callerFor(t.db, asUser(g, 'admin')).apiKeys.create({
      name: 'watcher',
      scopes: ['documents:read'],
      expiresInDays: 30,
    });
    const controller = new AbortController();
    const bySession = drain(await callerFor(t.db, claims, { signal: controller.signal }).documents.onStatusChange({}));
    const byKey = drain(await apiKeyCaller(t.db, key).documents.onStatusChange({}));
    await signOutEvent(claims);
    await callerFor(t.db, asUser(g, 'admin')).apiKeys.revoke({ id: apiKey.id });
    const timeout = new Promise<string>((r) => setTimeout(() => r('still open after 10 s'), 10_000));
    const outcomes = await Promise.all([Promise.race([bySession, timeout]), Promise.race([byKey, timeout])]);
    controller.abort();
    expect(outcomes).toEqual(['Your session has ended. Sign in again.', 'This API key has been revoked.']);
  });
});
