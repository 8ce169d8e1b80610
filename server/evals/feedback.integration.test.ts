import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessages, chatSessions, messageFeedback } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

type Role = 'admin' | 'editor';

/** A chat of `role`: a question, an answer, and `role`'s rating of it; returns the answer's id. */
async function ratedAnswer(f: Fixture, role: Role, rating: 'up' | 'down', opts: { question?: string; at?: number; comment?: string } = {}) {
  const userId = f.users[role].id;
  const at = opts.at ?? Date.now();
  const [session] = await t.db.insert(chatSessions).values({ tenantId: f.tenant.id, userId }).returning();
  await t.db.insert(chatMessages).values({
    tenantId: f.tenant.id,
    sessionId: session!.id,
    role: 'user',
    content: opts.question ?? 'How many days of leave?',
    createdAt: new Date(at),
  });
  const [answer] = await t.db
    .insert(chatMessages)
    .values({
      tenantId: f.tenant.id,
      sessionId: session!.id,
      role: 'assistant',
      content: `Ten days. ${'x'.repeat(400)}`,
      createdAt: new Date(at + 1),
    })
    .returning();
  await t.db.insert(messageFeedback).values({
    tenantId: f.tenant.id,
    messageId: answer!.id,
    userId,
    rating,
    comment: opts.comment ?? null,
    createdAt: new Date(at + 2),
    updatedAt: new Date(at + 2),
  });
  return answer!.id;
}

const as = (f: Fixture, role: Role | 'viewer' = 'editor') => callerFor(t.db, asUser(f, role));

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});

afterAll(async () => {
  await t?.stop();
});

describe('the caller’s thumbs-down answers', () => {
  it('lists only the caller’s own thumbs-downs, newest first, with their question and the datasets holding them', async () => {
    const base = Date.now() - 60_000;
    const older = await ratedAnswer(a, 'editor', 'down', { question: 'Older question?', at: base, comment: 'Wrong number.' });
    const newer = await ratedAnswer(a, 'editor', 'down', { question: 'Newer question?', at: base + 10_000 });
    await ratedAnswer(a, 'editor', 'up', { at: base + 20_000 });
    // Another user's and another tenant's thumbs-downs never show.
    await ratedAnswer(a, 'admin', 'down', { question: 'Admin question?', at: base + 30_000 });
    await ratedAnswer(b, 'editor', 'down', { question: 'Tenant B question?', at: base + 40_000 });

    const caller = as(a);
    const dataset = await caller.evalDatasets.create({ name: 'From feedback' });
    await caller.evalDatasets.addFromFeedback({ messageId: older, datasetId: dataset.id });

    const listed = await caller.evalDatasets.listFeedback({});
    expect(listed.total).toBe(2);
    expect(listed.items.map((i) => i.messageId)).toEqual([newer, older]);
    expect(listed.items[0]).toMatchObject({ question: 'Newer question?', comment: null, datasets: [] });
    expect(listed.items[1]).toMatchObject({
      question: 'Older question?',
      comment: 'Wrong number.',
      datasets: [{ id: dataset.id, name: 'From feedback' }],
    });
    expect(listed.items[1]!.answerExcerpt).toHaveLength(300);
    expect(listed.items[1]!.ratedAt).toBeInstanceOf(Date);

    const paged = await caller.evalDatasets.listFeedback({ page: 2, pageSize: 5 });
    expect(paged).toMatchObject({ items: [], total: 2, page: 2 });
  });

  it('shows tenant B none of A’s, and A’s admin none of A’s editor’s', async () => {
    const mine = await ratedAnswer(b, 'admin', 'down', { question: 'B admin question?' });
    await ratedAnswer(a, 'admin', 'down');
    const items = (await as(b, 'admin').evalDatasets.listFeedback({})).items;
    expect(items.map((i) => i.messageId)).toEqual([mine]);
    const adminA = (await as(a, 'admin').evalDatasets.listFeedback({})).items;
    expect(adminA.every((i) => i.question !== 'Older question?' && i.question !== 'Newer question?')).toBe(true);
  });

  it('refuses a viewer without evals:run', async () => {
    expect(await trpcCode(as(a, 'viewer').evalDatasets.listFeedback({}))).toBe('FORBIDDEN');
  });
});
