import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessages, chatSessions, collections, documents, messageFeedback, ragEvalCases, type Citation } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let docA: string;
let docA2: string;
let restrictedA: string;

async function insertDocument(f: Fixture, visibility: 'tenant' | 'restricted' = 'tenant') {
  const [collection] = await t.db
    .insert(collections)
    .values({ tenantId: f.tenant.id, name: `c-${randomUUID()}`, createdBy: f.users.admin.id })
    .returning();
  const [doc] = await t.db
    .insert(documents)
    .values({
      tenantId: f.tenant.id,
      collectionId: collection!.id,
      filename: 'handbook.txt',
      storageKey: `k/${randomUUID()}`,
      mimeType: 'text/plain',
      fileType: 'txt',
      sizeBytes: 1,
      checksumSha256: 'a'.repeat(64),
      visibility,
      uploadedBy: f.users.admin.id,
    })
    .returning();
  return doc!.id;
}

/** A chat of `role` in which the answer was rated thumbs-down; returns the answer's id. */
async function thumbsDown(f: Fixture, role: 'admin' | 'editor' = 'editor') {
  const userId = f.users[role].id;
  const [session] = await t.db.insert(chatSessions).values({ tenantId: f.tenant.id, userId }).returning();
  const at = Date.now();
  await t.db
    .insert(chatMessages)
    .values({ tenantId: f.tenant.id, sessionId: session!.id, role: 'user', content: 'How many days of leave?', createdAt: new Date(at) });
  const citations: Citation[] = [
    { n: 1, chunkId: randomUUID(), documentId: docA, filename: 'handbook.txt', page: 2, quote: 'Leave is 10 days.', score: 0.8 },
  ];
  const [answer] = await t.db
    .insert(chatMessages)
    .values({
      tenantId: f.tenant.id,
      sessionId: session!.id,
      role: 'assistant',
      content: 'You get 10 days [1].',
      citations,
      createdAt: new Date(at + 1000),
    })
    .returning();
  await t.db.insert(messageFeedback).values({ tenantId: f.tenant.id, messageId: answer!.id, userId, rating: 'down', comment: 'It is 25.' });
  return answer!.id;
}

const editor = (f: Fixture = a) => callerFor(t.db, asUser(f, 'editor'));

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  docA = await insertDocument(a);
  docA2 = await insertDocument(a);
  restrictedA = await insertDocument(a, 'restricted');
});

afterAll(async () => {
  await t?.stop();
});

describe('evaluation datasets', () => {
  it('creates, edits and deletes cases, bumping the version on each change and auditing it', async () => {
    const caller = editor();
    const dataset = await caller.evalDatasets.create({ name: `Leave ${randomUUID().slice(0, 6)}`, description: 'HR' });
    expect(dataset).toMatchObject({ version: 1, caseCount: 0 });

    const created = await caller.evalDatasets.createCase({
      datasetId: dataset.id,
      question: 'How many days of leave?',
      expectedAnswer: '25 days',
      keyFacts: ['25 days'],
      documents: [{ documentId: docA, pages: [3, 2, 3] }, { documentId: docA2 }],
    });
    expect(created.version).toBe(2);
    expect(created.case.documents).toEqual([
      { documentId: docA, pages: [2, 3] },
      { documentId: docA2, pages: null },
    ]);

    const updated = await caller.evalDatasets.updateCase({ id: created.case.id, question: 'Leave days per year?', keyFacts: ['25'] });
    expect(updated).toMatchObject({ version: 3, case: { question: 'Leave days per year?', expectedAnswer: null, documents: [] } });
    expect(await lastAuditEntry(a, 'eval_case.update')).toMatchObject({ resourceId: created.case.id });

    // Renaming the dataset changes no case, so the version stays.
    const renamed = await caller.evalDatasets.update({ id: dataset.id, name: `${dataset.name} (2)` });
    expect(renamed.version).toBe(3);

    const got = await caller.evalDatasets.get({ id: dataset.id });
    expect(got).toMatchObject({ version: 3, caseCount: 1, cases: { total: 1 } });

    const listed = await caller.evalDatasets.list({ search: '(2)' });
    expect(listed.items.map((d) => d.id)).toEqual([dataset.id]);

    expect(await caller.evalDatasets.deleteCase({ id: created.case.id })).toMatchObject({ version: 4 });
    expect(await lastAuditEntry(a, 'eval_case.delete')).toMatchObject({ resourceId: created.case.id });

    await caller.evalDatasets.delete({ id: dataset.id });
    expect(await lastAuditEntry(a, 'eval_dataset.delete')).toMatchObject({ resourceId: dataset.id });
    expect(await trpcCode(caller.evalDatasets.get({ id: dataset.id }))).toBe('NOT_FOUND');
  });

  it('refuses a duplicate name and a gold document the caller cannot see', async () => {
    const caller = editor();
    const dataset = await caller.evalDatasets.create({ name: `Dup ${randomUUID().slice(0, 6)}` });
    expect(await trpcCode(caller.evalDatasets.create({ name: dataset.name }))).toBe('CONFLICT');
    for (const documentId of [restrictedA, randomUUID()]) {
      expect(await trpcCode(caller.evalDatasets.createCase({ datasetId: dataset.id, question: 'q?', documents: [{ documentId }] }))).toBe(
        'NOT_FOUND',
      );
    }
    expect((await caller.evalDatasets.get({ id: dataset.id })).version).toBe(1);
  });

  it.each(['csv', 'jsonl'] as const)('imports %s and exports it back the same', async (format) => {
    const caller = editor();
    const source = await caller.evalDatasets.create({ name: `Import ${format} ${randomUUID().slice(0, 6)}` });
    const cases = [
      {
        question: 'What is "leave", exactly?',
        expectedAnswer: '25 days, paid',
        keyFacts: ['25 days', 'paid'],
        documents: [{ documentId: docA, pages: [1, 4] }],
      },
      { question: '=SUM(A1) is not a formula', expectedAnswer: null, keyFacts: [], documents: [] },
      {
        question: 'Line\nbreak question',
        expectedAnswer: 'Multi\nline',
        keyFacts: ['-5 degrees'],
        documents: [
          { documentId: docA2, pages: null },
          { documentId: docA, pages: null },
        ],
      },
    ];
    for (const c of cases) await caller.evalDatasets.createCase({ datasetId: source.id, ...c });
    const exported = await caller.evalDatasets.export({ datasetId: source.id, format });
    expect(exported.filename).toMatch(new RegExp(`-v4\\.${format}$`));

    const target = await caller.evalDatasets.create({ name: `Target ${format} ${randomUUID().slice(0, 6)}` });
    expect(await caller.evalDatasets.import({ datasetId: target.id, format, content: exported.content })).toEqual({
      imported: 3,
      version: 2,
    });
    const again = await caller.evalDatasets.export({ datasetId: target.id, format });
    expect(again.content).toBe(exported.content);
    const got = await caller.evalDatasets.get({ id: target.id });
    expect(
      got.cases.items.map(({ question, expectedAnswer, keyFacts, documents }) => ({ question, expectedAnswer, keyFacts, documents })),
    ).toEqual(cases);
    expect(await lastAuditEntry(a, 'eval_dataset.import')).toMatchObject({ resourceId: target.id });
  });

  it('names each wrong row and imports nothing', async () => {
    const caller = editor();
    const dataset = await caller.evalDatasets.create({ name: `Bad ${randomUUID().slice(0, 6)}` });
    const csv = [
      'question,expected_answer,key_facts,documents',
      'Fine question?,yes,,',
      ',no question,,',
      `Hidden doc?,,,${restrictedA}`,
      'Bad doc?,,,not-a-uuid',
    ].join('\n');
    const error = await caller.evalDatasets.import({ datasetId: dataset.id, format: 'csv', content: csv }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^Nothing was imported/);
    expect(message).toContain('Row 3: question: The question is required.');
    expect(message).toContain(`Row 4: document ${restrictedA} was not found.`);
    expect(message).toContain('Row 5: documents.0.documentId: Not a valid document id.');
    expect(message).not.toContain('Row 2');

    const jsonl = '{"question":"ok?"}\n\n{"question": 5}\nnot json\n';
    const jsonlError = (await caller.evalDatasets
      .import({ datasetId: dataset.id, format: 'jsonl', content: jsonl })
      .catch((e: Error) => e)) as Error;
    expect(jsonlError.message).toContain('Row 3: question:');
    expect(jsonlError.message).toContain('Row 4: this line is not valid JSON.');

    const got = await caller.evalDatasets.get({ id: dataset.id });
    expect(got).toMatchObject({ version: 1, caseCount: 0 });
  });

  it('refuses a file over 1 MB or 2,000 cases', async () => {
    const caller = editor();
    const dataset = await caller.evalDatasets.create({ name: `Big ${randomUUID().slice(0, 6)}` });
    const big = `{"question":"${'x'.repeat(1024 * 1024)}"}\n`;
    expect(await trpcCode(caller.evalDatasets.import({ datasetId: dataset.id, format: 'jsonl', content: big }))).toBe('BAD_REQUEST');
    const many = Array.from({ length: 2001 }, (_, i) => `{"question":"q${i}?"}`).join('\n');
    const error = (await caller.evalDatasets
      .import({ datasetId: dataset.id, format: 'jsonl', content: many })
      .catch((e: Error) => e)) as Error;
    expect(error.message).toBe('The file holds 2,001 cases; import at most 2,000 at a time.');
    expect((await caller.evalDatasets.get({ id: dataset.id })).caseCount).toBe(0);
  });

  it('turns a thumbs-down answer into a case with the wrong answer kept as its source', async () => {
    const caller = editor();
    const dataset = await caller.evalDatasets.create({ name: `Feedback ${randomUUID().slice(0, 6)}` });
    const messageId = await thumbsDown(a);
    const { case: made, version } = await caller.evalDatasets.addFromFeedback({ messageId, datasetId: dataset.id });
    expect(version).toBe(2);
    expect(made).toMatchObject({
      question: 'How many days of leave?',
      expectedAnswer: null,
      source: { kind: 'feedback', messageId, answer: 'You get 10 days [1].', comment: 'It is 25.' },
    });
    expect(made.source?.citations).toHaveLength(1);
    expect(await lastAuditEntry(a, 'eval_case.create_from_feedback')).toMatchObject({ resourceId: made.id });

    // Another user's chat is private: not found, as if it did not exist.
    const adminsAnswer = await thumbsDown(a, 'admin');
    expect(await trpcCode(caller.evalDatasets.addFromFeedback({ messageId: adminsAnswer, datasetId: dataset.id }))).toBe('NOT_FOUND');
  });

  it('keeps tenants apart: B cannot read, change, learn of or add to A', async () => {
    const dataset = await editor().evalDatasets.create({ name: `Secret ${randomUUID().slice(0, 6)}` });
    const { case: c } = await editor().evalDatasets.createCase({
      datasetId: dataset.id,
      question: 'Secret?',
      documents: [{ documentId: docA }],
    });
    const messageId = await thumbsDown(a);
    const other = await editor(b).evalDatasets.create({ name: `Other ${randomUUID().slice(0, 6)}` });
    const bCaller = editor(b);

    expect((await bCaller.evalDatasets.list({})).items.map((d) => d.id)).toEqual([other.id]);
    // Each call starts when awaited, so a slower database's refusals are not unhandled rejections.
    const refusals = [
      () => bCaller.evalDatasets.get({ id: dataset.id }),
      () => bCaller.evalDatasets.update({ id: dataset.id, name: 'mine' }),
      () => bCaller.evalDatasets.delete({ id: dataset.id }),
      () => bCaller.evalDatasets.createCase({ datasetId: dataset.id, question: 'q?' }),
      () => bCaller.evalDatasets.updateCase({ id: c.id, question: 'q?' }),
      () => bCaller.evalDatasets.deleteCase({ id: c.id }),
      () => bCaller.evalDatasets.import({ datasetId: dataset.id, format: 'jsonl', content: '{"question":"q?"}' }),
      () => bCaller.evalDatasets.export({ datasetId: dataset.id, format: 'csv' }),
      () => bCaller.evalDatasets.addFromFeedback({ messageId, datasetId: other.id }),
      () => bCaller.evalDatasets.createCase({ datasetId: other.id, question: 'q?', documents: [{ documentId: docA }] }),
    ];
    for (const call of refusals) expect(await trpcCode(call())).toBe('NOT_FOUND');

    const [still] = await t.db.select().from(ragEvalCases).where(eq(ragEvalCases.id, c.id));
    expect(still).toMatchObject({ question: 'Secret?' });
    expect(await editor().evalDatasets.get({ id: dataset.id })).toMatchObject({ version: 2, caseCount: 1 });
    expect((await bCaller.evalDatasets.get({ id: other.id })).caseCount).toBe(0);
  });

  it('refuses a viewer without evals:run', async () => {
    const viewer = callerFor(t.db, asUser(a, 'viewer'));
    expect(await trpcCode(viewer.evalDatasets.list({}))).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.evalDatasets.create({ name: 'Nope' }))).toBe('FORBIDDEN');
  });
});
