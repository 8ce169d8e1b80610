import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, tenantQuotas, tenants, type Permission } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { handleRestRequest } from '@/server/rest/handle';
import type { OpenApiDocument } from '@/server/rest/openapi';
import { asUser, callerFor, createTenantFixture, type Fixture } from '@/test/fixtures';
import {
  ContractChecker,
  createApiKey,
  drainQueue,
  openApiDocument,
  openApiProblems,
  restClient,
  uploadForm,
  type ApiCall,
} from '@/test/rest';

/**
 * The contract: every operation of the OpenAPI document is called for real (real database, real
 * keys, the real dispatcher) and every response is checked against the document as it arrives —
 * its status must be documented and its body must match that status's schema. An operation
 * without a case fails the suite: a new endpoint needs an entry in `cases` below.
 */

type Ids = Record<string, string>;
export type ContractEnv = {
  /** Calls the API; each response is checked against the document. */
  api: ApiCall;
  /** A key of workspace A with every scope its admin holds. */
  key: string;
  /** Workspace B's key with every scope: its ids are another tenant's. */
  otherKey: string;
  a: Fixture;
  db: TestDatabase['db'];
  /** Ids made by earlier cases (cases run in document order), for later ones. */
  ids: Ids;
};

/** One entry per operationId: realistic calls covering its success and its specific refusals. */
const cases: Record<string, (env: ContractEnv) => Promise<void>> = {
  listDocuments: async ({ api, key }) => {
    await api('POST', '/documents', { key, form: uploadForm({ name: 'listed-1.txt', text: 'Listed one.' }) });
    await api('POST', '/documents', { key, form: uploadForm({ name: 'listed-2.txt', text: 'Listed two.' }, { tags: 'contract' }) });
    const first = await api<{ nextCursor: string }>('GET', '/documents?limit=1', { key });
    await api('GET', `/documents?limit=1&cursor=${first.body.nextCursor}&tag=contract`, { key });
    await api('GET', '/documents?status=nope', { key });
  },
  uploadDocument: async ({ api, key, db, a, ids }) => {
    const text = 'The contract document. Its refund window is 30 days from delivery.';
    const headers = { 'idempotency-key': 'contract-upload' };
    const created = await api<{ id: string }>('POST', '/documents', {
      key,
      headers,
      form: uploadForm({ name: 'contract.txt', text }, { tags: ['refunds'] }),
    });
    ids.document = created.body.id;
    await api('POST', '/documents', { key, headers, form: uploadForm({ name: 'contract.txt', text }, { tags: ['refunds'] }) });
    await api('POST', '/documents', { key, headers, form: uploadForm({ name: 'contract.txt', text: 'Other bytes.' }) });
    await api('POST', '/documents', { key, form: uploadForm({ name: 'again.txt', text }) });
    await api('POST', '/documents', { key, form: uploadForm({ name: 'again.txt', text }, { onDuplicate: 'skip' }) });
    await api('POST', '/documents', { key, form: uploadForm({ name: 'again.exe', text: 'plain text' }) });
    await api('POST', '/documents', { key, form: uploadForm({ name: 'x.txt', text: 'x' }, { collectionId: 'nope' }) });
    await api('POST', '/documents', { key, json: {} });
    await db.update(tenantQuotas).set({ maxIngestionsPerDay: 0 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    await api('POST', '/documents', { key, form: uploadForm({ name: 'none-left.txt', text: 'No uploads left.' }) });
    await db.update(tenantQuotas).set({ maxIngestionsPerDay: null, maxStorageBytes: 1 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    await api('POST', '/documents', { key, form: uploadForm({ name: 'no-room.txt', text: 'No room left.' }) });
    await db.update(tenantQuotas).set({ maxStorageBytes: null }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    await db
      .update(tenants)
      .set({ settings: { maxFileSizeBytes: 8 } })
      .where(eq(tenants.id, a.tenant.id));
    await api('POST', '/documents', { key, form: uploadForm({ name: 'too-big.txt', text: 'More than eight bytes.' }) });
    await db.update(tenants).set({ settings: {} }).where(eq(tenants.id, a.tenant.id));
  },
  getDocument: async ({ api, key, otherKey, ids }) => {
    await api('GET', `/documents/${ids.document}`, { key });
    await api('GET', `/documents/${ids.document}`, { key: otherKey });
    await api('GET', '/documents/nope', { key });
  },
  listDocumentChunks: async ({ api, key, otherKey, db, ids }) => {
    await drainQueue(db);
    await api('GET', `/documents/${ids.document}/chunks?limit=1`, { key });
    await api('GET', `/documents/${ids.document}/chunks`, { key: otherKey });
    await api('GET', `/documents/${ids.document}/chunks?cursor=x`, { key });
  },
  updateDocument: async ({ api, key, otherKey, ids }) => {
    await api('PATCH', `/documents/${ids.document}`, { key, json: { filename: 'contract-renamed.txt', tags: ['refunds', 'policy'] } });
    await api('PATCH', `/documents/${ids.document}`, { key, json: { filename: 'contract.pdf' } });
    await api('PATCH', `/documents/${ids.document}`, { key, json: {} });
    await api('PATCH', `/documents/${ids.document}`, { key: otherKey, json: { tags: [] } });
  },
  reprocessDocument: async ({ api, key, otherKey, ids, db }) => {
    await drainQueue(db);
    await api('POST', `/documents/${ids.document}/reprocess`, { key });
    await api('POST', `/documents/${ids.document}/reprocess`, { key });
    await api('POST', `/documents/${ids.document}/reprocess`, { key: otherKey });
    await drainQueue(db);
  },
  deleteDocument: async ({ api, key, otherKey }) => {
    const doomed = await api<{ id: string }>('POST', '/documents', { key, form: uploadForm({ name: 'doomed.txt', text: 'Soon gone.' }) });
    await api('DELETE', `/documents/${doomed.body.id}`, { key: otherKey });
    await api('DELETE', `/documents/${doomed.body.id}`, { key });
  },
  getUsage: async ({ api, key }) => {
    await api('GET', '/usage', { key });
    await api('GET', '/usage?preset=custom&from=2026-01-01&to=2026-01-31', { key });
    await api('GET', '/usage?preset=custom', { key });
  },
  listGdprRequests: async ({ api, key }) => {
    await api('POST', '/gdpr-requests', { key, json: { type: 'access', subjectEmail: 'listed@example.com' } });
    await api('POST', '/gdpr-requests', { key, json: { type: 'erasure', subjectEmail: 'listed2@example.com' } });
    const first = await api<{ nextCursor: string }>('GET', '/gdpr-requests?limit=1', { key });
    await api('GET', `/gdpr-requests?limit=1&status=open&cursor=${first.body.nextCursor}`, { key });
    await api('GET', '/gdpr-requests?type=nope', { key });
  },
  createGdprRequest: async ({ api, key, a, ids }) => {
    const filed = await api<{ id: string }>('POST', '/gdpr-requests', {
      key,
      json: { type: 'access', subjectUserId: a.users.viewer.id, receivedAt: new Date().toISOString(), notes: 'Contract.' },
    });
    ids.gdprRequest = filed.body.id;
    await api('POST', '/gdpr-requests', {
      key,
      json: { type: 'access', subjectEmail: 'x@example.com', receivedAt: '2000-01-01T00:00:00Z' },
    });
    await api('POST', '/gdpr-requests', { key, json: { type: 'access', subjectUserId: '00000000-0000-4000-8000-000000000000' } });
    await api('POST', '/gdpr-requests', { key, json: { type: 'access' } });
  },
  getGdprRequest: async ({ api, key, otherKey, ids }) => {
    await api('GET', `/gdpr-requests/${ids.gdprRequest}`, { key });
    await api('GET', `/gdpr-requests/${ids.gdprRequest}`, { key: otherKey });
  },
  listCollections: async ({ api, key }) => {
    await api('POST', '/collections', { key, json: { name: 'Contract listing 1' } });
    await api('POST', '/collections', { key, json: { name: 'Contract listing 2' } });
    const first = await api<{ nextCursor: string }>('GET', '/collections?limit=1', { key });
    await api('GET', `/collections?limit=1&cursor=${first.body.nextCursor}`, { key });
    await api('GET', '/collections?cursor=garbage!', { key });
    await api('GET', '/collections?limit=0', { key });
  },
  createCollection: async ({ api, key, ids }) => {
    const created = await api<{ id: string }>('POST', '/collections', { key, json: { name: 'Contract', description: 'For the contract' } });
    ids.collection = created.body.id;
    await api('POST', '/collections', { key, json: { name: 'Contract' } });
    await api('POST', '/collections', { key, json: { name: '' } });
    await api('POST', '/collections', { key, raw: '{' });
  },
  getCollection: async ({ api, key, otherKey, ids }) => {
    await api('GET', `/collections/${ids.collection}`, { key });
    await api('GET', `/collections/${ids.collection}`, { key: otherKey });
    await api('GET', '/collections/nope', { key });
  },
  updateCollection: async ({ api, key, otherKey, ids }) => {
    await api('PATCH', `/collections/${ids.collection}`, { key, json: { description: 'Changed' } });
    await api('PATCH', `/collections/${ids.collection}`, { key: otherKey, json: { description: 'Theirs' } });
    await api('PATCH', `/collections/${ids.collection}`, { key, json: { visibility: 'secret' } });
  },
  deleteCollection: async ({ api, key, otherKey }) => {
    const doomed = await api<{ id: string }>('POST', '/collections', { key, json: { name: 'Contract doomed' } });
    await api('DELETE', `/collections/${doomed.body.id}`, { key: otherKey });
    await api('DELETE', `/collections/${doomed.body.id}`, { key });
  },
};

const doc = openApiDocument();
const checker = new ContractChecker(doc);
let t: TestDatabase;
let env: ContractEnv;
/** A key holding a scope no operation asks for, for the 403 probe. */
let unscopedKey: string;

beforeAll(async () => {
  t = await startTestDatabase();
  const a = await createTenantFixture(t.db);
  const b = await createTenantFixture(t.db);
  const all: Permission[] = [...PERMISSIONS];
  const api = restClient(t.db, (method, path, response) => checker.check(method, path, response));
  env = { api, key: await createApiKey(t.db, a, 'admin', all), otherKey: await createApiKey(t.db, b, 'admin', all), a, db: t.db, ids: {} };
  unscopedKey = await createApiKey(t.db, a, 'admin', ['audit:read']);
  // Uploads without a collectionId go to the workspace's default.
  const admin = callerFor(t.db, asUser(a, 'admin'));
  await admin.collections.setDefault({
    id: (await admin.collections.create({ name: 'General', description: '', visibility: 'tenant' })).id,
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    expect(openApiProblems(doc)).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has examples that are valid instances of their schemas', () => {
    const examples = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
      ((schema.examples ?? []) as unknown[]).map((example) => ({ name, example })),
    );
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const own = new ContractChecker(doc);
    for (const { name, example } of examples) expect(own.validates(`/components/schemas/${name}`, example), name).toBe(true);
  });

  it('is served without a key, with the server of the request', async () => {
    const response = await handleRestRequest(
      new Request('http://localhost/api/v1/openapi.json', { headers: { host: 'console.example.com' } }),
    );
    expect(response.status).toBe(200);
    const served = (await response.json()) as OpenApiDocument;
    expect(served.servers).toEqual([{ url: 'http://console.example.com/api/v1' }]);
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
  });

  it('has a contract case for every operation, and no case for an operation it lacks', () => {
    const operations = checker.operations().map((o) => o.operationId);
    expect(operations.filter((id) => !cases[id])).toEqual([]);
    expect(Object.keys(cases).filter((id) => !operations.includes(id))).toEqual([]);
  });
});

describe('the contract checker', () => {
  it('catches a body that breaks its schema, an undocumented status and an undocumented content type', () => {
    const own = new ContractChecker(doc);
    const json = (status: number, body: unknown) => ({
      status,
      headers: new Headers({ 'content-type': 'application/json' }),
      body,
      text: JSON.stringify(body),
    });
    own.check('GET', '/collections', json(200, { data: [{ id: 'not-a-uuid' }], nextCursor: null }));
    own.check('GET', '/collections', json(418, {}));
    own.check('GET', '/collections', json(401, { error: { code: 'teapot', message: 'x', details: null } }));
    own.check('GET', '/collections', { status: 200, headers: new Headers({ 'content-type': 'text/html' }), body: '<p>', text: '<p>' });
    expect(own.problems).toEqual([
      expect.stringContaining('data/data/0/id must match format'),
      expect.stringContaining('status not documented'),
      expect.stringContaining('GET /collections → 401: data/error/code must be equal to one of the allowed values'),
      expect.stringContaining('content type text/html is not documented'),
    ]);
  });
});

describe('real responses match the document', () => {
  for (const operation of checker.operations()) {
    it(`${operation.operationId} (${operation.method} ${operation.template})`, async () => {
      const before = checker.problems.length;
      await cases[operation.operationId]?.(env);
      // Refusals every operation has: no key, a key without its scope.
      const path = operation.template.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      await env.api(operation.method, path);
      await env.api(operation.method, path, { key: unscopedKey });
      expect(checker.problems.slice(before)).toEqual([]);
      const statuses = [...(checker.seen.get(operation.operationId) ?? [])];
      expect(
        statuses.some((s) => s < 300),
        `no successful response of ${operation.operationId} was checked`,
      ).toBe(true);
      expect(statuses).toEqual(expect.arrayContaining([401, 403]));
    });
  }
});
