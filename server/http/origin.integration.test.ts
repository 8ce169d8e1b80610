import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleUpload } from '@/server/documents/upload-request';
import { handleTrpc } from '@/server/trpc/handler';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, type Fixture } from '@/test/fixtures';

/**
 * State-changing requests (tRPC mutations, POST route handlers) sent by a browser from another
 * site are refused before anything runs; the console's own pages, API clients and reads pass.
 */
let t: TestDatabase;
let f: Fixture;
let key: string;
let collectionId: string;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  const admin = callerFor(t.db, asUser(f, 'admin'));
  key = (await admin.apiKeys.create({ name: 'origin', scopes: ['documents:read', 'documents:write'], expiresInDays: 30 })).key;
  collectionId = (await admin.collections.create({ name: 'Inbox', description: '', visibility: 'tenant' })).id;
});
afterAll(async () => {
  await t?.stop();
});

const FOREIGN = 'https://evil.example';
const refusedFrom = (origin: string) =>
  `This request came from another site (${origin}), so it was refused. Make changes from the console itself.`;

function createCollection(name: string, headers: Record<string, string>, base = 'http://localhost:3000') {
  return handleTrpc(
    new Request(`${base}/api/trpc/collections.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ json: { name, description: '', visibility: 'tenant' } }),
    }),
  );
}

function upload(text: string, headers: Record<string, string>) {
  const form = new FormData();
  form.set('file', new File([text], 'note.txt', { type: 'text/plain' }));
  form.set('collectionId', collectionId);
  return handleUpload(
    new Request('http://localhost:3000/api/documents/upload', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${key}`, ...headers },
    }),
  );
}

const collectionNames = async () => (await callerFor(t.db, asUser(f, 'admin')).collections.list()).map((c) => c.name);
const documentNames = async () => (await callerFor(t.db, asUser(f, 'admin')).documents.list({ collectionId })).items.map((d) => d.filename);

describe('requests from another site', () => {
  it('refuses a tRPC mutation with a foreign Origin or Sec-Fetch-Site cross-site, and changes nothing', async () => {
    const foreign = await createCollection('From elsewhere', { origin: FOREIGN });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: refusedFrom(FOREIGN) });
    const crossSite = await createCollection('Cross site', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({
      error: 'This request came from another site, so it was refused. Make changes from the console itself.',
    });
    // A sibling subdomain is another site too, and so is an opaque origin.
    expect((await createCollection('Sibling', { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await createCollection('Opaque', { origin: 'null' })).status).toBe(403);
    expect(await collectionNames()).toEqual(['Inbox']);
  });

  it('lets the console’s own pages, the configured public URL and API clients without Origin through', async () => {
    expect((await createCollection('Same origin', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // Reached on an internal address behind a proxy, from a page of the public URL (NEXTAUTH_URL).
    expect(process.env.NEXTAUTH_URL).toBe('http://localhost:3000');
    expect((await createCollection('Public URL', { origin: 'http://localhost:3000' }, 'http://127.0.0.1:8080')).status).toBe(200);
    expect((await createCollection('Script', {})).status).toBe(200);
    expect((await collectionNames()).sort()).toEqual(['Inbox', 'Public URL', 'Same origin', 'Script']);
  });

  it('does not check reads', async () => {
    const read = await handleTrpc(
      new Request('http://localhost:3000/api/trpc/collections.list', {
        headers: { authorization: `Bearer ${key}`, origin: FOREIGN, 'sec-fetch-site': 'cross-site' },
      }),
    );
    expect(read.status).toBe(200);
  });

  it('refuses an upload from another site before storing anything, and takes one from the console', async () => {
    const refused = await upload('Planted from elsewhere.', { origin: FOREIGN });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: refusedFrom(FOREIGN) });
    expect(await documentNames()).toEqual([]);
    expect((await upload('Written in the console.', { origin: 'http://localhost:3000' })).status).toBe(201);
    expect((await upload('Sent by a script.', {})).status).toBe(201);
    expect(await documentNames()).toHaveLength(2);
  });
});
