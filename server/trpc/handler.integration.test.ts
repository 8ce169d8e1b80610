import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPC_MAX_BATCH } from '@/lib/limits';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, type Fixture } from '@/test/fixtures';
import { handleTrpc } from './handler';

/** /api/trpc as Next.js calls it: bodies and batches are bounded before anything runs. */
let t: TestDatabase;
let f: Fixture;
let key: string;
beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  key = (await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({ name: 'limits', scopes: ['documents:read'], expiresInDays: 30 })).key;
});
afterAll(async () => {
  await t?.stop();
});

const auth = () => ({ authorization: `Bearer ${key}` });

function batchUrl(calls: number) {
  const paths = Array.from({ length: calls }, () => 'session.get').join(',');
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}]))));
  return `http://localhost/api/trpc/${paths}?batch=1&input=${input}`;
}

describe('/api/trpc limits', () => {
  it(`answers a batch of up to ${TRPC_MAX_BATCH} calls and refuses a longer one before running any`, async () => {
    const ok = await handleTrpc(new Request(batchUrl(TRPC_MAX_BATCH), { headers: auth() }));
    expect(ok.status).toBe(200);
    const results = (await ok.json()) as unknown[];
    expect(results).toHaveLength(TRPC_MAX_BATCH);
    const refused = await handleTrpc(new Request(batchUrl(TRPC_MAX_BATCH + 1), { headers: auth() }));
    expect(refused.status).toBe(400);
  });

  it('refuses a body over 1 MB, declared or streamed, with a sentence', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const declared = await handleTrpc(
      new Request('http://localhost/api/trpc/collections.create', {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'The request body is larger than 1024 KB.' });
    // No Content-Length: the body arrives as a stream and is cut off at the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(512 * 1024).fill(0x78));
        controller.close();
      },
    });
    const streamed = await handleTrpc(
      new Request('http://localhost/api/trpc/collections.create', {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    // A normal call still works.
    const list = await handleTrpc(new Request('http://localhost/api/trpc/session.get', { headers: auth() }));
    expect(list.status).toBe(200);
  });
});
