import { and, desc, eq } from 'drizzle-orm';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, TEST_PASSWORD, type Fixture } from '@/test/fixtures';
import { authOptions } from './options';
import { PEER_HEADER } from './request-meta';
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, SIGN_IN_MESSAGES } from './sign-in';

/**
 * next-auth's credentials sign-in, called as next-auth calls it with the request's headers: the
 * address throttled and audited is the socket's (set by the launcher), or what a trusted proxy
 * forwarded; an X-Forwarded-For written by anyone else is ignored.
 */
let t: TestDatabase;
let f: Fixture;

beforeAll(async () => {
  // As the launcher runs the app: it sets the peer header, and one proxy range is trusted.
  process.env.TRUST_PEER_HEADER = '1';
  process.env.TRUSTED_PROXIES = '10.0.0.0/8';
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

const authorize = (password: string, headers: Record<string, string>) => {
  const provider = authOptions.providers[0] as CredentialsConfig & { options: CredentialsConfig };
  const credentials = { workspace: f.tenant.slug, email: f.users.viewer.email, password };
  return provider.options.authorize(credentials, { headers, body: credentials, query: {}, method: 'POST' });
};

async function lastSignIn() {
  const [row] = await t.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'auth.sign_in')))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  return row!;
}

describe('the address of a sign-in', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: the socket address is throttled and audited', async () => {
    const stranger = { [PEER_HEADER]: '198.51.100.40', 'x-forwarded-for': '203.0.113.99', 'user-agent': 'curl' };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      // A new made-up address each time would dodge the limit if it were believed.
      await expect(authorize('wrong-password', { ...stranger, 'x-forwarded-for': `203.0.113.${i}` })).rejects.toThrow(
        SIGN_IN_MESSAGES.invalid,
      );
    }
    expect(await lastSignIn()).toMatchObject({ ipAddress: '198.51.100.40', status: 'denied' });
    await expect(authorize(TEST_PASSWORD, { ...stranger, 'x-forwarded-for': '203.0.113.200' })).rejects.toThrow(
      SIGN_IN_MESSAGES.rateLimited,
    );
    // Nor can a stranger pose as the owner's address to lock it.
    const owner = { [PEER_HEADER]: '198.51.100.41', 'x-forwarded-for': '198.51.100.40' };
    await expect(authorize(TEST_PASSWORD, owner)).resolves.toMatchObject({ id: f.users.viewer.id });
    expect(await lastSignIn()).toMatchObject({ ipAddress: '198.51.100.41', status: 'success' });
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    await expect(
      authorize(TEST_PASSWORD, { [PEER_HEADER]: '10.0.0.5', 'x-forwarded-for': '1.1.1.1, 203.0.113.77' }),
    ).resolves.toMatchObject({
      id: f.users.viewer.id,
    });
    expect(await lastSignIn()).toMatchObject({ ipAddress: '203.0.113.77', status: 'success' });
  });
});
