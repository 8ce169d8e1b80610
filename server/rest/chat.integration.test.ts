import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantQuotas, type Permission } from '@/db/schema';
import { NO_ANSWER } from '@/server/ai/chat-model';
import { createApiKey } from '@/server/api-keys/service';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { startFakeOpenAI } from '@/test/fake-openai';
import { makeTextPdf } from '@/test/samples/generate';
import { handleRestRequest } from './handle';

/**
 * The chat operations of the public API, through the real dispatcher with Request objects: real
 * keys, the tenant boundary, PGlite with RLS, the offline extractive answerer.
 */

let t: TestDatabase;
let f: Fixture;
let other: Fixture;
let priceListId: string;
let viewerKey: string;
let otherKey: string;

type Role = 'admin' | 'editor' | 'viewer';

async function keyFor(who: Fixture, role: Role, scopes: Permission[]) {
  const { key } = await withServiceContext(
    t.db,
    asUser(who, role),
    (ctx) => createApiKey(ctx, { name: `${role} key`, scopes, expiresInDays: 30 }),
    {
      mutation: true,
    },
  );
  return key;
}

async function upload(
  who: Fixture,
  collectionId: string,
  filename: string,
  bytes: Uint8Array,
  visibility: 'tenant' | 'restricted' = 'tenant',
) {
  const result = await withServiceContext(t.db, asUser(who, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId, filename, bytes, onDuplicate: 'replace', visibility },
    ),
  );
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain the ingestion queue
  }
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

function api(
  key: string | null,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const req = new Request(`http://localhost:3000/api/v1${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    signal: init.signal,
  });
  return handleRestRequest(req, { rootDb: t.db });
}

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

type SseEvent = { event: string; data: unknown };

/** A text/event-stream body as its events (comment lines kept apart). */
export function parseSse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) {
    if (!block.trim()) continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return { events, comments };
}

type Citation = { n: number; documentId: string; documentName: string; page: number | null; quote: string; chunkId: string };
type Message = { id: string; sessionId: string; role: string; content: string; citations: Citation[]; stopped: boolean; createdAt: string };
type Page<T> = { data: T[]; nextCursor: string | null };

async function newSession(key = viewerKey, body: Record<string, unknown> = {}) {
  const response = await api(key, 'POST', '/chat/sessions', { body });
  expect(response.status).toBe(201);
  return json<{ id: string; title: string }>(response);
}

const ask = (key: string, sessionId: string, question: string, headers: Record<string, string> = {}) =>
  api(key, 'POST', `/chat/sessions/${sessionId}/questions`, { body: { question }, headers });

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  other = await createTenantFixture(t.db);
  const general = (
    await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })
  ).id;
  priceListId = await upload(f, general, 'price-list.pdf', await makeTextPdf());
  viewerKey = await keyFor(f, 'viewer', ['chat:use', 'documents:read']);
  otherKey = await keyFor(other, 'viewer', ['chat:use']);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('chat sessions over REST', () => {
  it('creates a chat (201, Location), reads it back and lists chats page by page', async () => {
    const created = await api(viewerKey, 'POST', '/chat/sessions', { body: { title: 'Pricing questions' } });
    expect(created.status).toBe(201);
    const session = await json<{ id: string; title: string; collectionIds: string[]; createdAt: string }>(created);
    expect(session).toMatchObject({ title: 'Pricing questions', collectionIds: [] });
    expect(created.headers.get('location')).toBe(`http://localhost:3000/api/v1/chat/sessions/${session.id}`);
    expect(new Date(session.createdAt).toISOString()).toBe(session.createdAt);
    const read = await api(viewerKey, 'GET', `/chat/sessions/${session.id}`);
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({ id: session.id, title: 'Pricing questions' });

    for (let i = 0; i < 3; i++) await newSession();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api(viewerKey, 'GET', `/chat/sessions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page: Page<{ id: string }> = await json(response);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(session.id);
  });

  it('refuses a collection the key cannot see, and an empty or malformed body', async () => {
    const unknown = await api(viewerKey, 'POST', '/chat/sessions', { body: { collectionIds: [crypto.randomUUID()] } });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'not_found' } });
    const bad = await api(viewerKey, 'POST', '/chat/sessions', { body: { collectionIds: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'validation_failed' } });
  });
});

describe('asking over REST', () => {
  it('answers as JSON (201) with citations pointing at the uploaded document, and lists the messages', async () => {
    const { id } = await newSession();
    const response = await ask(viewerKey, id, 'What is the price of the Enterprise plan?');
    expect(response.status).toBe(201);
    const answer = await json<Message>(response);
    expect(answer).toMatchObject({ sessionId: id, role: 'assistant', stopped: false });
    expect(answer.content).toMatch(/ninety euros per user per month \[1\]/);
    expect(answer.citations[0]).toMatchObject({ n: 1, documentId: priceListId, documentName: 'price-list.pdf', page: 2 });
    expect(answer.citations[0]!.quote).toContain('ninety euros');
    expect(answer.citations[0]!.chunkId).toMatch(/^[0-9a-f-]{36}$/);

    const messages = await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`));
    expect(messages.data.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.data[0]!.content).toBe('What is the price of the Enterprise plan?');
    expect(messages.data[1]).toEqual(answer);
    expect(messages.nextCursor).toBeNull();
    // The first question named the chat.
    expect(await json(await api(viewerKey, 'GET', `/chat/sessions/${id}`))).toMatchObject({
      title: 'What is the price of the Enterprise plan?',
    });
  });

  it('streams the answer as Server-Sent Events: started, tokens, citations, then done', async () => {
    const { id } = await newSession();
    const response = await ask(viewerKey, id, 'When is the Lisbon office open?', { accept: 'text/event-stream' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toContain('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const { events } = parseSse(await response.text());
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('started');
    expect(names.at(-1)).toBe('done');
    const firstCitation = names.indexOf('citation');
    expect(names.lastIndexOf('token')).toBeLessThan(firstCitation);
    expect(names.slice(1, names.indexOf('token') + 1).every((n) => n === 'token')).toBe(true);
    expect(names.filter((n) => n === 'token').length).toBeGreaterThan(1);
    expect(names).not.toContain('error');
    const started = events[0]!.data as { questionId: string; sessionId: string };
    expect(started.sessionId).toBe(id);
    const done = events.at(-1)!.data as Message;
    expect(done.content).toMatch(/Monday to Friday/);
    const citations = events.filter((e) => e.event === 'citation').map((e) => e.data as Citation);
    expect(citations).toEqual(done.citations);
    expect(citations.length).toBeGreaterThan(0);
    expect(citations.every((c) => c.documentId === priceListId && c.documentName === 'price-list.pdf')).toBe(true);
    expect(citations[0]!.page).toBe(3);
    // What was streamed is what was stored.
    const messages = await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`));
    expect(messages.data.map((m) => m.id)).toEqual([started.questionId, done.id]);
    expect(messages.data[1]).toEqual(done);
  });

  it('pages a chat’s messages oldest first with a cursor, and refuses a made-up cursor', async () => {
    const { id } = await newSession();
    for (const q of ['What does the Starter plan cost?', 'When is the Lisbon office open?'])
      expect((await ask(viewerKey, id, q)).status).toBe(201);
    const all: Message[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<Message> = await json(
        await api(viewerKey, 'GET', `/chat/sessions/${id}/messages?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.data).toHaveLength(1);
      all.push(...page.data);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(all.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(all[0]!.content).toBe('What does the Starter plan cost?');
    expect(new Set(all.map((m) => m.id)).size).toBe(4);
    const sorted = [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(sorted.map((m) => m.id)).toEqual(all.map((m) => m.id));

    const bad = await api(viewerKey, 'GET', `/chat/sessions/${id}/messages?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'invalid_cursor' } });
  });

  it('refuses an empty or too long question (400) before anything is stored', async () => {
    const { id } = await newSession();
    for (const question of ['   ', 'x'.repeat(2001)]) {
      const response = await ask(viewerKey, id, question);
      expect(response.status).toBe(400);
      const body = await json<{ error: { code: string; details: { issues: { path: string }[] } } }>(response);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.issues[0]!.path).toBe('body.question');
    }
    const huge = await api(viewerKey, 'POST', `/chat/sessions/${id}/questions`, { body: JSON.stringify({ question: 'y'.repeat(40_000) }) });
    expect(huge.status).toBe(413);
    const messages = await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`));
    expect(messages.data).toEqual([]);
  });
});

describe('tenant boundary and scopes', () => {
  it('answers 404 for another tenant’s chat and another person’s chat, whatever the operation', async () => {
    const { id } = await newSession();
    const editorKey = await keyFor(f, 'editor', ['chat:use']);
    for (const key of [otherKey, editorKey]) {
      for (const [method, path, body] of [
        ['GET', `/chat/sessions/${id}`, undefined],
        ['GET', `/chat/sessions/${id}/messages`, undefined],
        ['POST', `/chat/sessions/${id}/questions`, { question: 'What is the price of the Enterprise plan?' }],
      ] as const) {
        const response = await api(key, method, path, { body });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(await json(response)).toMatchObject({ error: { code: 'not_found', details: null } });
      }
    }
    const theirs = await json<Page<{ id: string }>>(await api(otherKey, 'GET', '/chat/sessions'));
    expect(theirs.data.map((s) => s.id)).not.toContain(id);
  });

  it('refuses a key without chat:use (403 insufficient_scope) on every chat operation', async () => {
    const readOnly = await keyFor(f, 'viewer', ['documents:read']);
    const { id } = await newSession();
    for (const [method, path, body] of [
      ['POST', '/chat/sessions', {}],
      ['GET', '/chat/sessions', undefined],
      ['GET', `/chat/sessions/${id}`, undefined],
      ['POST', `/chat/sessions/${id}/questions`, { question: 'Hello?' }],
      ['GET', `/chat/sessions/${id}/messages`, undefined],
    ] as const) {
      const response = await api(readOnly, method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await json(response)).toMatchObject({ error: { code: 'insufficient_scope', details: { requiredScope: 'chat:use' } } });
    }
    const anonymous = await api(null, 'GET', '/chat/sessions');
    expect(anonymous.status).toBe(401);
  });

  it('never cites a restricted document the key’s creator cannot read', async () => {
    const board = (
      await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'Board', description: '', visibility: 'restricted' })
    ).id;
    const secret = await upload(
      f,
      board,
      'merger.txt',
      new TextEncoder().encode('The secret merger codename is Falcon. It closes in March.'),
      'restricted',
    );
    const question = 'What is the merger codename?';
    const { id } = await newSession();
    const viewer = await json<Message>(await ask(viewerKey, id, question));
    expect(viewer).toMatchObject({ content: NO_ANSWER, citations: [] });
    const streamed = await ask(viewerKey, (await newSession()).id, question, { accept: 'text/event-stream' });
    const text = await streamed.text();
    expect(text).not.toContain('Falcon');
    expect(text).not.toContain(secret);
    // The editor who uploaded it can, through a key of theirs.
    const editorKey = await keyFor(f, 'editor', ['chat:use']);
    const editor = await json<Message>(await ask(editorKey, (await newSession(editorKey)).id, question));
    expect(editor.citations.map((c) => c.documentId)).toContain(secret);
  });
});

describe('Idempotency-Key on questions', () => {
  it('replays the stored answer for the same key and body (JSON or events), and refuses the key for another question', async () => {
    const { id } = await newSession();
    const key = crypto.randomUUID();
    const first = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const answer = await json<Message>(first);

    const again = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(again)).toEqual(answer);

    const streamed = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', {
      'idempotency-key': key,
      accept: 'text/event-stream',
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(streamed.headers.get('idempotent-replayed')).toBe('true');
    const { events } = parseSse(await streamed.text());
    expect(events.map((e) => e.event)).toEqual(['token', ...answer.citations.map(() => 'citation'), 'done']);
    expect(events.at(-1)!.data).toEqual(answer);

    // Asked once: the replays stored nothing.
    const messages = await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`));
    expect(messages.data).toHaveLength(2);

    const reused = await ask(viewerKey, id, 'When is the Lisbon office open?', { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(await json(reused)).toMatchObject({ error: { code: 'idempotency_key_reused' } });
  });

  it('stores a streamed answer under its key, so a JSON retry gets it', async () => {
    const { id } = await newSession();
    const key = crypto.randomUUID();
    const streamed = await ask(viewerKey, id, 'What does the Starter plan cost?', { 'idempotency-key': key, accept: 'text/event-stream' });
    const done = parseSse(await streamed.text()).events.at(-1)!;
    expect(done.event).toBe('done');
    const replay = await ask(viewerKey, id, 'What does the Starter plan cost?', { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(done.data);
  });
});

describe('limits', () => {
  const setQuotas = (who: Fixture, values: Partial<typeof tenantQuotas.$inferInsert>) =>
    t.db.update(tenantQuotas).set(values).where(eq(tenantQuotas.tenantId, who.tenant.id));

  it('refuses a question past the daily token quota with 429 quota_exceeded and Retry-After, as JSON even when events were asked', async () => {
    const { id } = await newSession();
    await setQuotas(f, { maxTokensPerDay: 1 });
    try {
      for (const accept of ['application/json', 'text/event-stream']) {
        const response = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', {
          accept,
          'idempotency-key': crypto.randomUUID(),
        });
        expect(response.status).toBe(429);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await json(response)).toMatchObject({ error: { code: 'quota_exceeded', details: { limit: expect.any(String) } } });
      }
    } finally {
      await setQuotas(f, { maxTokensPerDay: null });
    }
    // Nothing was stored for the refused questions.
    const messages = await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`));
    expect(messages.data).toEqual([]);
  });

  it('refuses past the requests-per-minute limit with 429 rate_limited and Retry-After', async () => {
    const limited = await createTenantFixture(t.db);
    const key = await keyFor(limited, 'viewer', ['chat:use']);
    // A key may use half the workspace's requests per minute: one. Three requests span at most two
    // one-minute windows, so at least one is refused whenever they are sent.
    await setQuotas(limited, { maxRequestsPerMinute: 2 });
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await api(key, 'GET', '/chat/sessions'));
    const refused = responses.find((r) => r.status === 429);
    expect(refused, 'a request past the key’s share is refused').toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(refused!)).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('the tenant’s own model (local fake OpenAI-compatible server)', () => {
  const useModel = (baseUrl: string | null, modelName: string) =>
    callerFor(t.db, asUser(f, 'admin')).settings.updateLlm({
      providerType: baseUrl ? 'openai-compatible' : 'local',
      baseUrl,
      modelName,
      temperature: 0.1,
      maxTokens: 300,
      apiKey: null,
      retrieval: { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 },
    });

  it('answers 502 answer_failed as JSON, and an error event after `started` in a stream, when the model fails', async () => {
    const fake = await startFakeOpenAI('unused');
    try {
      await useModel(fake.baseUrl, 'unauthorized');
      const { id } = await newSession();
      const key = crypto.randomUUID();
      const failed = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', { 'idempotency-key': key });
      expect(failed.status).toBe(502);
      expect(await json(failed)).toMatchObject({ error: { code: 'answer_failed', message: expect.stringContaining('401') } });
      const streamed = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', { accept: 'text/event-stream' });
      expect(streamed.status).toBe(200);
      const { events } = parseSse(await streamed.text());
      expect(events.map((e) => e.event)).toEqual(['started', 'error']);
      expect(events[1]!.data).toMatchObject({ error: { code: 'answer_failed', details: null } });
      // The failed request released its key: a retry once the model is back answers.
      await useModel(null, 'extractive-v1');
      const retried = await ask(viewerKey, id, 'What is the price of the Enterprise plan?', { 'idempotency-key': key });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
    } finally {
      await useModel(null, 'extractive-v1');
      await fake.stop();
    }
  });

  it('stops the answer when the client goes away, keeping what was said marked stopped', async () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const fake = await startFakeOpenAI(`The Enterprise plan costs ninety euros [1]. ${words}`);
    try {
      await useModel(fake.baseUrl, 'ok');
      const { id } = await newSession();
      const client = new AbortController();
      const response = await api(viewerKey, 'POST', `/chat/sessions/${id}/questions`, {
        body: { question: 'What is the price of the Enterprise plan?' },
        headers: { accept: 'text/event-stream' },
        signal: client.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while ((text.match(/event: token/g) ?? []).length < 3) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      client.abort();
      await reader.cancel();
      await expect
        .poll(async () => (await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`))).data.length, {
          timeout: 10_000,
        })
        .toBe(2);
      const answer = (await json<Page<Message>>(await api(viewerKey, 'GET', `/chat/sessions/${id}/messages`))).data[1]!;
      expect(answer).toMatchObject({ role: 'assistant', stopped: true });
      expect(answer.content).not.toContain('word79');
    } finally {
      await useModel(null, 'extractive-v1');
      await fake.stop();
    }
  });
});
