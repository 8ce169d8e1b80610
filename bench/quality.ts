/**
 * Answer-quality benchmark over real documents (bench/quality/docs, 22 files): eleven licence
 * texts as Debian ships them (hard-wrapped, several near-duplicates of each other: GPL-2/3,
 * LGPL-2.1/3, MPL-1.1/2.0…), nine manuals rendered from man pages (gzip, ssh, tar, grep…), a PDF
 * specification (shared-mime-info) and a CSV (/etc/services as a table), with the 46 questions of
 * bench/quality/dataset.json (3 of them the documents cannot answer). Everything goes
 * through the product: upload, the ingestion job (extraction, cleaning, chunking, the platform's
 * default embedder), then an evaluation run of the `eval_run` job (retrieval under RLS, the
 * offline answerer, citations, scoring).
 *
 *   npx tsx --conditions=react-server bench/quality.ts [--out results.json] [--baseline before.json]
 *
 * Prints every metric's mean and hit@5; with --baseline (a file an earlier --out wrote, e.g. of
 * the code before a change), the paired difference per metric with its 95% interval and the
 * cases whose verdict changed. Cases are paired by question.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { collections } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { hashPassword } from '@/server/auth/password';
import { runInTenant } from '@/server/auth/boundary';
import { resolvePrincipal } from '@/server/auth/principal';
import { tenantScopeOf } from '@/server/auth/scope';
import type { TenantServiceContext } from '@/server/auth/types';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { createCase, createDataset } from '@/server/evals/datasets';
import { CASE_METRICS, CASE_METRIC_NAMES } from '@/server/evals/metrics/catalogue';
import { pairedBootstrap } from '@/server/evals/metrics/bootstrap';
import { evalRunHandler } from '@/server/evals/run-job';
import { allRunResults, createRun, getRun } from '@/server/evals/runs';
import { Worker } from '@/server/jobs/worker';
import { createActiveUser, createTenant } from '@/server/tenants/create';

type Case = { question: string; expectedAnswer: string | null; keyFacts: string[]; documents: string[] };

/** What one run leaves for a later comparison: per question, its metrics, verdict and answer. */
type QualityResult = {
  label: string;
  commit: string | null;
  embedder: string | null;
  means: Record<string, number | null>;
  cases: Record<string, { metrics: Record<string, number | null>; passing: boolean; abstained: boolean; answer: string }>;
};

const HERE = path.join(process.cwd(), 'bench', 'quality');
const K = 5;

const round = (n: number | null, digits = 3) => (n === null ? null : Number(n.toFixed(digits)));
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const { values: args } = parseArgs({ options: { out: { type: 'string' }, baseline: { type: 'string' }, label: { type: 'string' } } });
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789abcdef';
  const embedded = await startEmbeddedDatabase({});
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  process.env.STORAGE_DIR = path.join(process.cwd(), '.data', 'bench-storage', `quality-${Date.now()}`);
  const db = getDb();
  await runMigrations(db);
  const { tenant, roleIds } = await createTenant(db, { name: 'Quality', slug: 'bench-quality' });
  const user = await createActiveUser(db, {
    tenantId: tenant.id,
    email: 'admin@quality.test',
    fullName: 'Quality',
    hashedPassword: await hashPassword('bench-password-1'),
    roleIds: [roleIds.admin],
  });
  const [collection] = await withTenant({ tenantId: tenant.id }, (tx) =>
    tx.insert(collections).values({ tenantId: tenant.id, name: 'Real documents' }).returning(),
  );
  const resolution = await resolvePrincipal(db, { kind: 'user', tenantId: tenant.id, id: user.id });
  if (!resolution.ok) throw new Error('bench user cannot act');
  const scope = tenantScopeOf(resolution.principal)!;
  const inTenant = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) =>
    runInTenant(scope, { rootDb: db, meta: { ip: null, userAgent: 'bench', correlationId: null }, action: 'bench', mutation: false }, fn);

  const files = readdirSync(path.join(HERE, 'docs')).sort();
  const dataset = JSON.parse(readFileSync(path.join(HERE, 'dataset.json'), 'utf8')) as Case[];
  console.log('AgenticOmni answer quality (embedded PGlite, the real pipeline, offline answerer)');
  console.log(`Corpus: ${files.join(', ')}; ${dataset.length} questions`);

  const ids = new Map<string, string>();
  const t0 = performance.now();
  for (const filename of files) {
    const uploaded = await inTenant((ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['txt', 'csv', 'pdf'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        {
          collectionId: collection!.id,
          filename,
          bytes: new Uint8Array(readFileSync(path.join(HERE, 'docs', filename))),
          onDuplicate: 'replace',
        },
      ),
    );
    if (uploaded.status !== 'created') throw new Error(`upload of ${filename} failed: ${uploaded.status}`);
    ids.set(filename, uploaded.documentId);
  }
  const ingest = new Worker({ db, handlers: JOB_HANDLERS });
  while (await ingest.runOnce()) {
    // ingest the corpus
  }
  console.log(`Ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const created = await inTenant(async (ctx) => {
    const set = await createDataset(ctx, { name: 'Real documents', description: 'bench/quality' });
    for (const c of dataset) {
      await createCase(ctx, {
        datasetId: set.id,
        question: c.question,
        expectedAnswer: c.expectedAnswer,
        keyFacts: c.keyFacts,
        documents: c.documents.map((filename) => ({ documentId: ids.get(filename)! })),
      });
    }
    return set;
  });
  const run = await inTenant((ctx) => createRun(ctx, { datasetId: created.id, name: 'quality', collectionIds: [], judge: false }));
  const worker = new Worker({ db, handlers: { eval_run: evalRunHandler } });
  const t1 = performance.now();
  while (await worker.runOnce()) {
    // the run
  }
  const detail = await inTenant((ctx) => getRun(ctx, { id: run.id }));
  if (detail.status !== 'completed') throw new Error(`run ${detail.status}: ${detail.error}`);
  console.log(`Evaluated in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const results = await inTenant((ctx) => allRunResults(ctx, run.id));

  const cases: QualityResult['cases'] = {};
  for (const r of results) {
    const expectsDocuments = r.goldDocuments.length > 0;
    const hitAt5 = expectsDocuments ? (r.retrieved.some((p) => p.gold && p.rank <= K) ? 1 : 0) : null;
    cases[r.question] = {
      metrics: { ...r.metrics, hitAt5 },
      passing: r.status === 'ok' && r.failures.length === 0,
      abstained: r.abstained,
      answer: r.answer,
    };
  }
  const names = ['hitAt5', ...CASE_METRIC_NAMES];
  const mean = (name: string) => {
    const values = Object.values(cases)
      .map((c) => c.metrics[name])
      .filter((v): v is number => typeof v === 'number');
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const result: QualityResult = {
    label: args.label ?? 'run',
    commit: gitCommit(),
    embedder: detail.snapshot?.embedder ?? null,
    means: Object.fromEntries(names.map((n) => [n, round(mean(n))])),
    cases,
  };
  const passing = Object.values(cases).filter((c) => c.passing).length;
  const unanswerable = dataset.filter((c) => c.documents.length === 0).map((c) => c.question);
  const declined = unanswerable.filter((q) => cases[q]?.abstained).length;
  console.log(
    `\nPassing ${passing}/${dataset.length}; questions without an answer in the documents declined: ${declined}/${unanswerable.length}`,
  );
  console.log(`Embedder: ${result.embedder}; commit ${result.commit}`);
  const label = (n: string) => (n === 'hitAt5' ? 'Hit@5' : CASE_METRICS[n as keyof typeof CASE_METRICS].label);

  if (args.baseline) {
    const before = JSON.parse(readFileSync(args.baseline, 'utf8')) as QualityResult;
    const valuesOf = (r: QualityResult, n: string) => new Map(Object.entries(r.cases).map(([q, c]) => [q, c.metrics[n] ?? null]));
    console.log(
      `\n| metric | before (${before.label}, ${before.embedder}) | after (${result.label}, ${result.embedder}) | difference [95% CI] |`,
    );
    console.log('| --- | ---: | ---: | --- |');
    for (const n of names) {
      const higherIsBetter = n === 'hitAt5' || CASE_METRICS[n as keyof typeof CASE_METRICS].higherIsBetter;
      const d = pairedBootstrap(valuesOf(before, n), valuesOf(result, n), { seed: 13, higherIsBetter });
      const interval =
        d.meanDifference === null
          ? ''
          : `${(d.meanDifference * 100).toFixed(1)} pp [${(d.low! * 100).toFixed(1)}, ${(d.high! * 100).toFixed(1)}]${d.significant ? ' *' : ''}`;
      console.log(`| ${label(n)} | ${pct(before.means[n] ?? null)} | ${pct(result.means[n] ?? null)} | ${interval} |`);
    }
    const beforePassing = Object.values(before.cases).filter((c) => c.passing).length;
    console.log(`| Passing cases | ${beforePassing}/${Object.keys(before.cases).length} | ${passing}/${dataset.length} | |`);
    for (const [q, c] of Object.entries(cases)) {
      const was = before.cases[q];
      if (was && was.passing !== c.passing) console.log(`${c.passing ? 'now passing' : 'now failing'}: ${q}`);
    }
  } else {
    console.log('\n| metric | mean |\n| --- | ---: |');
    for (const n of names) console.log(`| ${label(n)} | ${pct(result.means[n] ?? null)} |`);
  }
  if (args.out) writeFileSync(args.out, `${JSON.stringify(result, null, 1)}\n`);
  await closeDb();
  await embedded.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
