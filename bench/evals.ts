/**
 * Evaluation run benchmark: a generated dataset runs through the real `eval_run` job (retrieval
 * under RLS, the offline answerer, citations, scoring, storage, metering) on an in-memory
 * embedded database. Prints cases/s and per-case time, and, as the baseline measured in the same
 * process on the same questions, chat's answering core alone (retrieval, answer, citations: no
 * scoring, storage or metering), so the ratio is what evaluating adds. Also: scoring alone, and a
 * comparison of two runs (paired bootstrap over every metric).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { collections } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { ExtractiveAnswerer } from '@/server/ai/extractive';
import { hashPassword } from '@/server/auth/password';
import { runInTenant } from '@/server/auth/boundary';
import { resolvePrincipal } from '@/server/auth/principal';
import { tenantScopeOf } from '@/server/auth/scope';
import type { TenantServiceContext } from '@/server/auth/types';
import { retrieveContexts } from '@/server/chat/ask';
import { buildCitations } from '@/server/chat/citations';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { createCase, createDataset } from '@/server/evals/datasets';
import { scoreCase } from '@/server/evals/metrics';
import { evalRunHandler } from '@/server/evals/run-job';
import { allRunResults, compareRunsFor, createRun, getRun } from '@/server/evals/runs';
import { Worker } from '@/server/jobs/worker';
import { DEFAULT_RETRIEVAL } from '@/server/retrieval/search';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { summarize } from './stats';

const DOCS = envInt('BENCH_EVAL_DOCS', 20);
const CASES = envInt('BENCH_EVAL_CASES', 200);

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const TOPICS = ['invoice', 'warranty', 'shipment', 'contract', 'backup', 'quota', 'vendor', 'renewal', 'audit', 'discount'];

/** Item i lives in document i % DOCS; each has a distinct code a right answer must contain. */
const item = (i: number) => ({
  topic: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
  code: `K${(i * 7919) % 100000}`,
});

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function main() {
  const started = performance.now();
  // Audit entries pseudonymise actors with a key derived from the server secret: a bench has its own.
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789abcdef';
  const embedded = await startEmbeddedDatabase({});
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  process.env.STORAGE_DIR = path.join(process.cwd(), '.data', 'bench-storage', `evals-${Date.now()}`);
  const db = getDb();
  await runMigrations(db);
  const { tenant, roleIds } = await createTenant(db, { name: 'Bench', slug: 'bench-evals' });
  const user = await createActiveUser(db, {
    tenantId: tenant.id,
    email: 'editor@bench.test',
    fullName: 'Bench',
    hashedPassword: await hashPassword('bench-password-1'),
    roleIds: [roleIds.editor],
  });
  const [collection] = await withTenant({ tenantId: tenant.id }, (tx) =>
    tx.insert(collections).values({ tenantId: tenant.id, name: 'Corpus' }).returning(),
  );
  const resolution = await resolvePrincipal(db, { kind: 'user', tenantId: tenant.id, id: user.id });
  if (!resolution.ok) throw new Error('bench user cannot act');
  const scope = tenantScopeOf(resolution.principal)!;
  const inTenant = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) =>
    runInTenant(scope, { rootDb: db, meta: { ip: null, userAgent: 'bench', correlationId: null }, action: 'bench', mutation: false }, fn);

  console.log('AgenticOmni evaluation bench (embedded PGlite, in-process worker, offline extractive answerer)');
  console.log(`Corpus: ${DOCS} documents; dataset: ${CASES} cases (generated, deterministic)`);

  const documentIds: string[] = [];
  for (let d = 0; d < DOCS; d++) {
    const lines: string[] = [`Reference sheet ${d + 1}.`];
    for (let i = d; i < CASES; i += DOCS) {
      const { topic, code } = item(i);
      lines.push(`The reference code of ${topic} is ${code}. It is kept in cabinet ${i % 13}.`);
    }
    const uploaded = await inTenant((ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        {
          collectionId: collection!.id,
          filename: `sheet-${d + 1}.txt`,
          bytes: new TextEncoder().encode(lines.join('\n\n')),
          onDuplicate: 'replace',
        },
      ),
    );
    if (uploaded.status !== 'created') throw new Error('upload failed');
    documentIds.push(uploaded.documentId);
  }
  const ingest = new Worker({ db, handlers: JOB_HANDLERS });
  while (await ingest.runOnce()) {
    // process the corpus
  }
  const questions = Array.from({ length: CASES }, (_, i) => `What is the reference code of ${item(i).topic}?`);
  const dataset = await inTenant(async (ctx) => {
    const created = await createDataset(ctx, { name: 'Bench', description: '' });
    for (let i = 0; i < CASES; i++) {
      await createCase(ctx, {
        datasetId: created.id,
        question: questions[i]!,
        expectedAnswer: null,
        keyFacts: [item(i).code],
        documents: [{ documentId: documentIds[i % DOCS]! }],
      });
    }
    return created;
  });

  // Baseline: chat's answering core on the same questions, nothing stored or scored.
  const answerer = new ExtractiveAnswerer();
  const baseline: number[] = [];
  for (const question of questions) {
    const t0 = performance.now();
    const contexts = await inTenant((ctx) => retrieveContexts(ctx, { query: question, collectionIds: [], retrieval: DEFAULT_RETRIEVAL }));
    let text = '';
    for await (const event of answerer.answer({ question, history: [], contexts })) if (event.type === 'delta') text += event.text;
    buildCitations(text, contexts);
    baseline.push(performance.now() - t0);
  }

  const runOnce = async (name: string) => {
    const run = await inTenant((ctx) => createRun(ctx, { datasetId: dataset.id, name, collectionIds: [], judge: false }));
    const worker = new Worker({ db, handlers: { eval_run: evalRunHandler } });
    const t0 = performance.now();
    while (await worker.runOnce()) {
      // the run's job
    }
    const ms = performance.now() - t0;
    const detail = await inTenant((ctx) => getRun(ctx, { id: run.id }));
    if (detail.status !== 'completed') throw new Error(`run ${detail.status}: ${detail.error}`);
    return { id: run.id, ms, detail };
  };
  const first = await runOnce('first');
  const second = await runOnce('second');
  const perCase = (first.ms + second.ms) / 2 / CASES;

  const results = await inTenant((ctx) => allRunResults(ctx, first.id));
  const scoring: number[] = [];
  for (let round_ = 0; round_ < 5; round_++) {
    const t0 = performance.now();
    for (const r of results) {
      scoreCase({
        retrieval: { retrieved: r.retrieved.map((p) => ({ documentId: p.documentId, page: p.page })), gold: r.goldDocuments },
        answer: { answer: r.answer, keyFacts: r.keyFacts.map((k) => k.text) },
        citations: {
          answer: r.answer,
          cited: new Map(r.citations.map((c) => [c.n, r.retrieved.find((p) => p.chunkId === c.chunkId)?.content ?? ''])),
          retrieved: r.retrieved.map((p) => p.content),
        },
      });
    }
    scoring.push((performance.now() - t0) / results.length);
  }
  const compareMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await inTenant((ctx) => compareRunsFor(ctx, { baselineId: first.id, candidateId: second.id, page: 1, pageSize: 20, cases: 'all' }));
    compareMs.push(performance.now() - t0);
  }

  const b = summarize(baseline);
  const s = summarize(scoring);
  const c = summarize(compareMs);
  const summary = first.detail.summary!;
  const out = {
    docs: DOCS,
    cases: CASES,
    runMs: [round(first.ms), round(second.ms)],
    casesPerSecond: round(1000 / perCase),
    perCaseMs: round(perCase),
    baselinePerCaseMs: { p50: round(b.p50), p95: round(b.p95), mean: round(b.mean) },
    ratioRunToBaseline: round(perCase / b.mean),
    scoringPerCaseMs: round(s.p50, 3),
    compareMs: { p50: round(c.p50), max: round(c.max) },
    metrics: Object.fromEntries(Object.entries(summary.metrics).map(([k, v]) => [k, v.mean === null ? null : round(v.mean, 3)])),
  };
  console.log(`\nRun of ${CASES} cases: ${out.runMs.join(' ms, ')} ms → ${out.casesPerSecond} cases/s (${out.perCaseMs} ms per case)`);
  console.log(
    `Baseline, chat's answering core alone: p50 ${out.baselinePerCaseMs.p50} ms, p95 ${out.baselinePerCaseMs.p95} ms per question`,
  );
  console.log(`Ratio run / baseline per case: ${out.ratioRunToBaseline}x (scoring, storage, metering, agent runs, progress)`);
  console.log(`Scoring alone: ${out.scoringPerCaseMs} ms per case`);
  console.log(`Compare two ${CASES}-case runs (bootstrap of every metric, 2000 resamples): p50 ${out.compareMs.p50} ms`);
  console.log(`Metrics of the generated dataset: ${JSON.stringify(out.metrics)}`);
  mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(process.cwd(), 'bench', 'results', 'evals.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s. JSON: bench/results/evals.json`);
  await closeDb();
  await embedded.stop();
}

void main();
