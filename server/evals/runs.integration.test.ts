import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRuns, processingJobs, ragEvaluations, usageMetrics, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { NO_ANSWER } from '@/server/ai/chat-model';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { FAKE_ERROR_SECRET, startFakeOpenAI } from '@/test/fake-openai';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let officeDoc: string;
let parkingDoc: string;
let secretDoc: string;
let datasetId: string;

const RETRIEVAL = { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60 };

async function upload(collectionId: string, filename: string, text: string, visibility: 'tenant' | 'restricted' = 'tenant') {
  const result = await withServiceContext(t.db, asUser(a, 'admin'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'replace', visibility },
    ),
  );
  await drain();
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

async function drain() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // until the queue is empty
  }
}

const editor = (f: Fixture = a) => callerFor(t.db, asUser(f, 'editor'));
const admin = (f: Fixture = a) => callerFor(t.db, asUser(f, 'admin'));

/** Back to the offline answerer with the default retrieval, after a test changed the model or a setting. */
const useOfflineModel = (retrieval = RETRIEVAL) =>
  admin().settings.updateLlm({
    providerType: 'local',
    baseUrl: null,
    modelName: 'extractive-v1',
    temperature: 0.2,
    maxTokens: 1024,
    apiKey: null,
    retrieval,
  });

/** The tenant's model: the local fake provider, behaving as `model` says. */
const useFakeModel = (baseUrl: string, model: string) =>
  admin().settings.updateLlm({
    providerType: 'openai-compatible',
    baseUrl,
    modelName: model,
    temperature: 0,
    maxTokens: 100,
    apiKey: null,
    retrieval: RETRIEVAL,
  });

async function runToEnd(caller: ReturnType<typeof editor>, name: string) {
  const run = await caller.evaluations.create({ datasetId, name });
  await drain();
  return caller.evaluations.get({ id: run.id });
}

async function allResults(caller: ReturnType<typeof editor>, id: string) {
  return (await caller.evaluations.results({ id, page: 1, pageSize: 100 })).items;
}

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const general = (await admin().collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  officeDoc = await upload(general, 'office.txt', 'Office hours. The office opens at 8 am on weekdays and closes at 6 pm.');
  parkingDoc = await upload(general, 'parking.txt', 'Parking rules. A parking space in the garage costs five euros per day.');
  secretDoc = await upload(
    general,
    'merger.txt',
    'Project Aurora. The merger code name is AURORA-77 and the signing happens in March.',
    'restricted',
  );
  const dataset = await admin().evalDatasets.create({ name: 'Handbook', description: '' });
  datasetId = dataset.id;
  const cases = [
    { question: 'When does the office open?', expectedAnswer: 'at 8 am', keyFacts: ['8 am'], documents: [{ documentId: officeDoc }] },
    { question: 'How much does a parking space cost?', keyFacts: ['five euros'], documents: [{ documentId: parkingDoc }] },
    { question: 'What is the merger code name?', keyFacts: ['AURORA-77'], documents: [{ documentId: secretDoc }] },
    { question: 'Zorblat quixotic flumph wibble?', keyFacts: [], documents: [] },
  ];
  for (const c of cases) await admin().evalDatasets.createCase({ datasetId, ...c });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('evaluation runs', () => {
  let editorRunId: string;

  it('runs every case through chat’s path as the starter, scoring retrieval, answers and citations', async () => {
    const run = await runToEnd(editor(), 'as editor');
    editorRunId = run.id;
    expect(run).toMatchObject({ status: 'completed', name: 'as editor', progress: { done: 4, total: 4, errors: 0 } });
    expect(run.snapshot).toMatchObject({
      datasetVersion: 5,
      caseCount: 4,
      model: 'extractive-v1',
      provider: 'local',
      retrieval: RETRIEVAL,
      k: 5,
      collectionIds: [],
    });
    // The editor cannot see the restricted document: it is not among the documents the run searched.
    expect(run.snapshot!.documentCount).toBe(2);
    expect(run.snapshot!.documentsHash).toMatch(/^[0-9a-f]{64}$/);

    const results = await allResults(editor(), run.id);
    expect(results.map((r) => r.seq)).toEqual([...results.map((r) => r.seq)].sort((x, y) => x - y));
    const [office, parking, secret, nonsense] = results;
    expect(office).toMatchObject({ status: 'ok', abstained: false, failures: [] });
    expect(office!.metrics).toMatchObject({ hitAtK: 1, recallAtK: 1, reciprocalRank: 1, ndcgAtK: 1, keyFactCoverage: 1 });
    expect(office!.keyFacts).toEqual([{ text: '8 am', present: true }]);
    expect(office!.retrieved[0]).toMatchObject({ rank: 1, documentId: officeDoc, filename: 'office.txt', gold: true });
    expect(office!.citations[0]).toMatchObject({ n: 1, documentId: officeDoc });
    expect(office!.metrics.citationRecall).toBe(1);
    expect(office!.goldDocuments).toEqual([{ documentId: officeDoc, filename: 'office.txt', pages: null }]);
    expect(parking!.metrics).toMatchObject({ hitAtK: 1, keyFactCoverage: 1 });
    expect(parking!.metrics.exactMatch).toBeNull();

    // The restricted document is never retrieved, cited or quoted for the editor.
    expect(secret!.retrieved.some((p) => p.documentId === secretDoc)).toBe(false);
    expect(secret!.citations.some((c) => c.documentId === secretDoc)).toBe(false);
    expect(JSON.stringify(secret)).not.toContain('AURORA-77 and');
    expect(secret!.metrics.hitAtK).toBe(0);
    expect(secret!.failures).toContain('retrieval_miss');

    // A question the documents cannot answer and the case expects nothing of: abstaining passes.
    expect(nonsense).toMatchObject({ answer: NO_ANSWER, abstained: true, failures: [], retrieved: [] });
    expect(nonsense!.metrics.faithfulness).toBeNull();

    // The editor's merger question finds nothing they may read: it abstains too, and fails for it.
    expect(secret!.abstained).toBe(true);
    expect(secret!.failures).toEqual(['abstained', 'retrieval_miss', 'missing_key_facts']);
    expect(run.summary).toMatchObject({ cases: 4, succeeded: 4, errors: 0, abstained: 2, passing: 3 });
    expect(run.summary!.metrics.hitAtK).toEqual({ mean: 2 / 3, n: 3 });
    expect(run.summary!.metrics.keyFactCoverage).toEqual({ mean: 2 / 3, n: 3 });
    expect(run.distributions.hitAtK).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);

    const failing = await editor().evaluations.results({ id: run.id, failing: true, page: 1, pageSize: 20 });
    expect(failing.items.map((r) => r.question)).toEqual(['What is the merger code name?']);
    const searched = await editor().evaluations.results({ id: run.id, search: 'parking', page: 1, pageSize: 20 });
    expect(searched.total).toBe(1);

    const agentRows = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .select()
        .from(agentRuns)
        .where(and(eq(agentRuns.tenantId, a.tenant.id), eq(agentRuns.evaluationId, run.id))),
    );
    expect(agentRows).toHaveLength(4);
    expect(agentRows.every((r) => r.kind === 'evaluation' && r.userId === a.users.editor.id && r.status === 'succeeded')).toBe(true);
    const usage = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .select()
        .from(usageMetrics)
        .where(and(eq(usageMetrics.tenantId, a.tenant.id), eq(usageMetrics.kind, 'evaluation'))),
    );
    // One model call per case that found passages (office and parking); the others abstained without one.
    expect(usage.reduce((sum, u) => sum + u.requests, 0)).toBe(2);
    expect((await lastAuditEntry(a, 'evaluation.run.complete'))?.resourceId).toBe(run.id);
  });

  it('compares two runs case by case against the approved baseline', async () => {
    await editor().evaluations.approve({ id: editorRunId });
    expect((await lastAuditEntry(a, 'evaluation.run.approve'))?.resourceId).toBe(editorRunId);
    // The admin sees the restricted document, so the merger case newly passes in their run.
    const second = await runToEnd(admin(), 'as admin');
    expect(second.baselineId).toBe(editorRunId);
    const compared = await editor().evaluations.compare({ candidateId: second.id, page: 1, pageSize: 20, cases: 'changed' });
    expect(compared.baseline.id).toBe(editorRunId);
    expect(compared.paired).toBe(4);
    expect(compared.counts).toEqual({ newlyFailing: 0, newlyPassing: 1, stillFailing: 0, stillPassing: 3 });
    expect(compared.cases.items).toHaveLength(1);
    expect(compared.cases.items[0]).toMatchObject({ question: 'What is the merger code name?', change: 'newlyPassing' });
    expect(compared.cases.items[0]!.baseline!.metrics.hitAtK).toBe(0);
    expect(compared.cases.items[0]!.candidate!.metrics.hitAtK).toBe(1);
    expect(compared.metrics.hitAtK).toMatchObject({ baselineMean: 2 / 3, candidateMean: 1, n: 3 });
    expect(compared.metrics.hitAtK!.delta).toBeCloseTo(1 / 3);
    expect(compared.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['documentCount', 'documentsHash']));

    // Approving the newer run moves the baseline: at most one per dataset.
    await admin().evaluations.approve({ id: second.id });
    const list = await editor().evaluations.list({ datasetId, page: 1, pageSize: 20 });
    expect(list.items.filter((r) => r.isBaseline).map((r) => r.id)).toEqual([second.id]);
    expect(await trpcCode(editor().evaluations.compare({ candidateId: second.id, page: 1, pageSize: 20, cases: 'all' }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('a later run compares after a retrieval setting changed, and the snapshot says what changed', async () => {
    await useOfflineModel({ ...RETRIEVAL, topK: 1 });
    try {
      const run = await runToEnd(editor(), 'top k 1');
      expect(run.snapshot!.retrieval.topK).toBe(1);
      const compared = await editor().evaluations.compare({
        baselineId: editorRunId,
        candidateId: run.id,
        page: 1,
        pageSize: 20,
        cases: 'all',
      });
      expect(compared.changes).toContainEqual({ field: 'retrieval.topK', baseline: '6', candidate: '1' });
      expect(compared.cases.total).toBe(4);
      for (const r of await allResults(editor(), run.id)) expect(r.retrieved.length).toBeLessThanOrEqual(1);
    } finally {
      await useOfflineModel();
    }
  });

  it('exports a finished run as a stored report, and deletes a finished run', async () => {
    const html = await editor().evaluations.export({ id: editorRunId, format: 'html' });
    expect(html).toMatchObject({ format: 'html', url: `/api/evaluations/reports/${html.reportId}` });
    expect(html.sizeBytes).toBeGreaterThan(1000);
    const csv = await editor().evaluations.export({ id: editorRunId, format: 'csv' });
    const detail = await editor().evaluations.get({ id: editorRunId });
    expect(detail.reports.map((r) => r.id)).toEqual([csv.reportId, html.reportId]);
    expect(await trpcCode(editor(b).evaluations.export({ id: editorRunId, format: 'csv' }))).toBe('NOT_FOUND');
    // @ts-expect-error a format that is not offered
    expect(await trpcCode(editor().evaluations.export({ id: editorRunId, format: 'pdf' }))).toBe('BAD_REQUEST');

    const pending = await editor().evaluations.create({ datasetId, name: 'in progress' });
    expect(await trpcCode(editor().evaluations.export({ id: pending.id, format: 'csv' }))).toBe('CONFLICT');
    expect(await trpcCode(editor().evaluations.delete({ id: pending.id }))).toBe('CONFLICT');
    expect(await trpcCode(editor().evalDatasets.delete({ id: datasetId }))).toBe('CONFLICT');
    await editor().evaluations.cancel({ id: pending.id });
    expect(await trpcCode(editor(b).evaluations.delete({ id: pending.id }))).toBe('NOT_FOUND');
    await editor().evaluations.delete({ id: pending.id });
    expect(await trpcCode(editor().evaluations.get({ id: pending.id }))).toBe('NOT_FOUND');
    expect((await lastAuditEntry(a, 'evaluation.run.delete'))?.resourceId).toBe(pending.id);
  });

  it('counts model failures apart and lists them, without the provider’s body', async () => {
    const fake = await startFakeOpenAI('unused');
    try {
      await useFakeModel(fake.baseUrl, 'failing');
      const run = await runToEnd(editor(), 'failing model');
      expect(run.status).toBe('completed');
      // The two answerable cases reach the model and fail; the others find no passage and never do.
      expect(run.summary).toMatchObject({ cases: 4, succeeded: 2, errors: 2 });
      expect(run.progress).toEqual({ done: 4, total: 4, errors: 2 });
      expect(run.summary!.metrics.hitAtK).toEqual({ mean: 0, n: 1 });
      const results = await allResults(editor(), run.id);
      expect(results.filter((r) => r.status === 'error').every((r) => r.failures.join() === 'error')).toBe(true);
      const failures = await editor().evaluations.failures({ id: run.id });
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({ stage: 'model', code: 'http_500', retryable: true, question: 'When does the office open?' });
      expect(JSON.stringify(failures)).not.toContain(FAKE_ERROR_SECRET);
    } finally {
      await fake.stop();
      await useOfflineModel();
    }
  });

  it('adds model-judged metrics when asked and a provider is configured, apart from the deterministic ones', async () => {
    expect(await editor().evaluations.options()).toEqual({ judgeAvailable: false, model: 'extractive-v1', provider: 'local' });
    expect(await trpcCode(editor().evaluations.create({ datasetId, judge: true }))).toBe('BAD_REQUEST');
    const verdict =
      '{"claims": [{"claim": "The office opens at 8 am", "supported": true}, {"claim": "It is sunny", "supported": false}], "relevance": 5}';
    const fake = await startFakeOpenAI((messages) =>
      messages[0]!.content.startsWith('You grade') ? verdict : 'The office opens at 8 am [1].',
    );
    try {
      await useFakeModel(fake.baseUrl, 'ok');
      expect(await editor().evaluations.options()).toEqual({ judgeAvailable: true, model: 'ok', provider: 'openai-compatible' });
      const started = await editor().evaluations.create({ datasetId, name: 'judged', judge: true });
      await drain();
      const run = await editor().evaluations.get({ id: started.id });
      expect(run.snapshot!.judge).toEqual({ model: 'ok', provider: 'openai-compatible' });
      // Two cases were answered by the model and judged; the abstentions were not.
      expect(run.summary!.judge).toEqual({
        claimFaithfulness: { mean: 0.5, n: 2 },
        answerRelevance: { mean: 1, n: 2 },
        errors: 0,
      });
      expect(Object.keys(run.summary!.metrics)).not.toContain('claimFaithfulness');
      const [office] = await allResults(editor(), run.id);
      expect(office!.judge).toEqual({
        claimFaithfulness: 0.5,
        answerRelevance: 1,
        claims: [
          { text: 'The office opens at 8 am', supported: true },
          { text: 'It is sunny', supported: false },
        ],
        error: null,
      });
      expect(office!.metrics.keyFactCoverage).toBe(1);
      const judgeRequests = fake.requests.filter((r) => r.body.messages[0]!.content.startsWith('You grade'));
      expect(judgeRequests).toHaveLength(2);
      expect(judgeRequests[0]!.body.messages[1]!.content).toContain('ANSWER:\nThe office opens at 8 am [1].');
    } finally {
      await fake.stop();
      await useOfflineModel();
    }
  });

  it('cancels a run with its job; the worker then leaves it alone', async () => {
    const run = await editor().evaluations.create({ datasetId, name: 'to cancel' });
    const cancelled = await editor().evaluations.cancel({ id: run.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', summary: { cases: 0 } });
    await drain();
    const after = await editor().evaluations.get({ id: run.id });
    expect(after.status).toBe('cancelled');
    expect(after.progress.done).toBe(0);
    const [row] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.select({ jobId: ragEvaluations.jobId }).from(ragEvaluations).where(eq(ragEvaluations.id, run.id)),
    );
    const [job] = await t.db.select({ status: processingJobs.status }).from(processingJobs).where(eq(processingJobs.id, row!.jobId!));
    expect(job!.status).toBe('cancelled');
    expect(await trpcCode(editor().evaluations.cancel({ id: run.id }))).toBe('CONFLICT');
    expect(await trpcCode(editor().evaluations.approve({ id: run.id }))).toBe('CONFLICT');
  });

  it('fails a run whose starter was deactivated, saying why', async () => {
    const run = await editor().evaluations.create({ datasetId, name: 'starter leaves' });
    await t.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, a.users.editor.id));
    try {
      await drain();
    } finally {
      await t.db.update(users).set({ status: 'active' }).where(eq(users.id, a.users.editor.id));
    }
    const after = await editor().evaluations.get({ id: run.id });
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/no longer active/);
  });

  it('refuses bad starts with a specific error and changes nothing', async () => {
    const empty = await editor().evalDatasets.create({ name: 'Empty', description: '' });
    expect(await trpcCode(editor().evaluations.create({ datasetId: empty.id }))).toBe('BAD_REQUEST');
    expect(await trpcCode(editor().evaluations.create({ datasetId: crypto.randomUUID() }))).toBe('NOT_FOUND');
    expect(await trpcCode(editor().evaluations.create({ datasetId, collectionIds: [crypto.randomUUID()] }))).toBe('NOT_FOUND');
    // @ts-expect-error a name that is not a string
    expect(await trpcCode(editor().evaluations.create({ datasetId, name: 42 }))).toBe('BAD_REQUEST');
    const before = (await editor().evaluations.list({ page: 1, pageSize: 100 })).total;
    const first = await editor().evaluations.create({ datasetId });
    const second = await editor().evaluations.create({ datasetId });
    expect(await trpcCode(editor().evaluations.create({ datasetId }))).toBe('CONFLICT');
    expect((await editor().evaluations.list({ page: 1, pageSize: 100 })).total).toBe(before + 2);
    expect(await trpcCode(editor().evaluations.approve({ id: first.id }))).toBe('CONFLICT');
    await editor().evaluations.cancel({ id: first.id });
    await editor().evaluations.cancel({ id: second.id });
  });

  it('keeps runs to their tenant: another tenant cannot read, change or learn of them', async () => {
    const other = editor(b);
    expect((await other.evaluations.list({ page: 1, pageSize: 100 })).total).toBe(0);
    expect(await trpcCode(other.evaluations.get({ id: editorRunId }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.results({ id: editorRunId, page: 1, pageSize: 20 }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.failures({ id: editorRunId }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.cancel({ id: editorRunId }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.approve({ id: editorRunId }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.compare({ candidateId: editorRunId, page: 1, pageSize: 20, cases: 'all' }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.evaluations.create({ datasetId }))).toBe('NOT_FOUND');
    // A viewer of tenant A lacks evals:run.
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).evaluations.list({ page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    const [row] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.select({ isBaseline: ragEvaluations.isBaseline }).from(ragEvaluations).where(eq(ragEvaluations.id, editorRunId)),
    );
    expect(row!.isBaseline).toBe(false);
  });
});
