import 'server-only';
import { and, asc, count, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  agentFailures,
  agentRuns,
  collections,
  ragEvalCases,
  ragEvalDatasets,
  ragEvalResults,
  ragEvaluations,
  ragMetrics,
  users,
} from '@/db/schema';
import { OpenAICompatibleModel } from '@/server/ai/openai';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { resolveChatSetup } from '@/server/chat/model';
import { cancelJob, enqueueJob } from '@/server/jobs/queue';
import { AppError, badRequest, notFound } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { listRunReports, removeRunReportFiles, storeRunReport, type ReportFormat } from './reports';
import { aggregateResults, CASE_METRIC_NAMES, compareRuns, keyFactCoverage, type CaseResult } from './metrics';
import {
  MAX_ACTIVE_RUNS,
  type CaseResultOutput,
  type CompareInput,
  type CompareOutput,
  type CreateRunInput,
  type MetricComparison,
  type RunDetailOutput,
  type RunListInput,
  type RunOutput,
  type RunResultsInput,
  type RunSnapshot,
  type RunSummaryOutput,
} from './runs-schema';

const runColumns = {
  id: ragEvaluations.id,
  name: ragEvaluations.name,
  datasetId: ragEvaluations.datasetId,
  datasetName: ragEvalDatasets.name,
  datasetVersion: ragEvalDatasets.version,
  status: ragEvaluations.status,
  progress: ragEvaluations.progress,
  config: ragEvaluations.config,
  summary: ragEvaluations.summary,
  error: ragEvaluations.error,
  isBaseline: ragEvaluations.isBaseline,
  approvedAt: ragEvaluations.approvedAt,
  jobId: ragEvaluations.jobId,
  createdBy: users.fullName,
  createdByEmail: users.email,
  createdAt: ragEvaluations.createdAt,
  startedAt: ragEvaluations.startedAt,
  finishedAt: ragEvaluations.finishedAt,
};

type RunRow = Awaited<ReturnType<ReturnType<typeof runsQuery>['where']>>[number];

function runOf(row: RunRow): RunOutput {
  const stored = 'cases' in row.summary ? (row.summary as RunSummaryOutput) : null;
  // Runs summarised before model-judged metrics existed have no `judge` entry.
  const summary = stored ? { ...stored, judge: stored.judge ?? null } : null;
  const snapshot = row.config.snapshot ? { ...row.config.snapshot, judge: row.config.snapshot.judge ?? null } : null;
  return {
    id: row.id,
    name: row.name,
    datasetId: row.datasetId,
    datasetName: row.datasetName,
    status: row.status,
    progress: row.progress,
    snapshot,
    summary,
    error: row.error,
    isBaseline: row.isBaseline,
    approvedAt: row.approvedAt,
    createdBy: row.createdBy || row.createdByEmail,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function runsQuery(tx: Tx) {
  return tx
    .select(runColumns)
    .from(ragEvaluations)
    .innerJoin(
      ragEvalDatasets,
      and(eq(ragEvalDatasets.tenantId, ragEvaluations.tenantId), eq(ragEvalDatasets.id, ragEvaluations.datasetId)),
    )
    .leftJoin(users, eq(users.id, ragEvaluations.createdBy));
}

async function findRun(ctx: TenantServiceContext, id: string): Promise<RunRow> {
  const [row] = await runsQuery(ctx.db).where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, id)));
  if (!row) notFound('Evaluation run');
  return row;
}

/** Locks the run row for a state change; NOT_FOUND for an unknown (or another tenant's) id. */
async function lockRun(ctx: TenantServiceContext, id: string) {
  const [row] = await ctx.db
    .select({ id: ragEvaluations.id, status: ragEvaluations.status, jobId: ragEvaluations.jobId, datasetId: ragEvaluations.datasetId })
    .from(ragEvaluations)
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, id)))
    .for('update');
  if (!row) notFound('Evaluation run');
  return row;
}

export async function listRuns(ctx: TenantServiceContext, input: RunListInput) {
  const where = and(
    eq(ragEvaluations.tenantId, ctx.tenantId),
    input.datasetId ? eq(ragEvaluations.datasetId, input.datasetId) : undefined,
    input.status ? eq(ragEvaluations.status, input.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    runsQuery(ctx.db)
      .where(where)
      .orderBy(desc(ragEvaluations.createdAt), desc(ragEvaluations.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    ctx.db.select({ n: count() }).from(ragEvaluations).where(where),
  ]);
  return { items: rows.map(runOf), total: total!.n, page: input.page, pageSize: input.pageSize };
}

/**
 * Starts a run: the row (pending) and its job, in one transaction. The job runs every case as the
 * person who started it. At most MAX_ACTIVE_RUNS runs per tenant are pending or running at once;
 * a transaction-scoped advisory lock makes two concurrent starts count each other.
 */
export async function createRun(ctx: TenantServiceContext, input: CreateRunInput): Promise<RunOutput> {
  if (!ctx.userId) throw new AppError('FORBIDDEN', 'An evaluation runs as a member of the workspace: sign in as one to start it.');
  const [dataset] = await ctx.db
    .select({ id: ragEvalDatasets.id, version: ragEvalDatasets.version })
    .from(ragEvalDatasets)
    .where(and(eq(ragEvalDatasets.tenantId, ctx.tenantId), eq(ragEvalDatasets.id, input.datasetId)));
  if (!dataset) notFound('Dataset');
  const [cases] = await ctx.db
    .select({ n: count() })
    .from(ragEvalCases)
    .where(and(eq(ragEvalCases.tenantId, ctx.tenantId), eq(ragEvalCases.datasetId, dataset.id)));
  if (cases!.n === 0) badRequest('This dataset has no cases yet. Add a case before running it.');
  const collectionIds = [...new Set(input.collectionIds)];
  if (collectionIds.length > 0) {
    const seen = await ctx.db
      .select({ id: collections.id })
      .from(collections)
      .where(and(eq(collections.tenantId, ctx.tenantId), inArray(collections.id, collectionIds)));
    if (seen.length !== collectionIds.length) notFound('A collection');
  }
  if (input.judge && !(await runOptions(ctx)).judgeAvailable) {
    badRequest('Model-judged metrics need a model provider. Configure one in Settings, or start the run without them.');
  }
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`evaluation-runs:${ctx.tenantId}`}, 0))`);
  const [active] = await ctx.db
    .select({ n: count() })
    .from(ragEvaluations)
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), inArray(ragEvaluations.status, ['pending', 'running'])));
  if (active!.n >= MAX_ACTIVE_RUNS) {
    throw new AppError(
      'CONFLICT',
      `${MAX_ACTIVE_RUNS} evaluation runs are already in progress in this workspace. Wait for one to finish, or cancel one.`,
    );
  }
  const [run] = await ctx.db
    .insert(ragEvaluations)
    .values({
      tenantId: ctx.tenantId,
      datasetId: dataset.id,
      name: input.name,
      config: { collectionIds, judge: input.judge },
      progress: { done: 0, total: cases!.n, errors: 0 },
      createdBy: ctx.userId,
    })
    .returning({ id: ragEvaluations.id });
  const job = await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: 'eval_run', payload: { evaluationId: run!.id }, maxRetries: 2 });
  await ctx.db
    .update(ragEvaluations)
    .set({ jobId: job.id })
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, run!.id)));
  await recordAudit(ctx, {
    action: 'evaluation.run.create',
    resourceType: 'rag_evaluation',
    resourceId: run!.id,
    payload: {
      datasetId: dataset.id,
      datasetVersion: dataset.version,
      cases: cases!.n,
      name: input.name,
      collections: collectionIds.length,
    },
  });
  return runOf(await findRun(ctx, run!.id));
}

/** Whether a new run can ask for model-judged metrics: only with a model provider (not the offline answerer). */
export async function runOptions(ctx: TenantServiceContext) {
  const setup = await resolveChatSetup(ctx.db, ctx.tenantId);
  return { judgeAvailable: setup.model instanceof OpenAICompatibleModel, model: setup.model.model, provider: setup.model.provider };
}

/** A run's summary over the cases it has scored so far. */
export async function summarizeRun(tx: Tx, tenantId: string, evaluationId: string): Promise<RunSummaryOutput> {
  const rows = await tx
    .select({
      status: ragEvalResults.status,
      failures: ragEvalResults.failures,
      abstained: ragEvalResults.abstained,
      tokens: sql<number>`${ragEvalResults.inputTokens} + ${ragEvalResults.outputTokens}`,
      values: ragMetrics.values,
      latencyMs: ragMetrics.latencyMs,
      costUsd: ragMetrics.costUsd,
      costUnknown: ragMetrics.costUnknown,
      judge: ragMetrics.judge,
    })
    .from(ragEvalResults)
    .leftJoin(ragMetrics, and(eq(ragMetrics.tenantId, ragEvalResults.tenantId), eq(ragMetrics.resultId, ragEvalResults.id)))
    .where(and(eq(ragEvalResults.tenantId, tenantId), eq(ragEvalResults.evaluationId, evaluationId)));
  const judged = rows.map((r) => r.judge).filter((j): j is NonNullable<typeof j> => j !== null);
  const judgeMean = (pick: (j: (typeof judged)[number]) => number | null) => {
    const values = judged.map(pick).filter((v): v is number => v !== null);
    return { mean: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length, n: values.length };
  };
  const results: CaseResult[] = rows.map((r) => {
    const costUsd = r.costUnknown || r.costUsd === null ? null : Number(r.costUsd);
    return r.status === 'ok'
      ? { status: 'ok', metrics: r.values ?? {}, latencyMs: r.latencyMs, tokens: Number(r.tokens), costUsd }
      : { status: 'error', costUsd };
  });
  return {
    ...aggregateResults(results),
    passing: rows.filter((r) => r.failures.length === 0).length,
    abstained: rows.filter((r) => r.status === 'ok' && r.abstained).length,
    judge:
      judged.length === 0
        ? null
        : {
            claimFaithfulness: judgeMean((j) => j.claimFaithfulness),
            answerRelevance: judgeMean((j) => j.answerRelevance),
            errors: judged.filter((j) => j.error).length,
          },
  };
}

/** Cancels a pending or running run and its job; the cases done so far are kept and summarised. */
export async function cancelRun(ctx: TenantServiceContext, { id }: { id: string }): Promise<RunOutput> {
  const run = await lockRun(ctx, id);
  if (run.status !== 'pending' && run.status !== 'running') {
    throw new AppError('CONFLICT', `This run has already ${run.status === 'cancelled' ? 'been cancelled' : 'finished'}.`);
  }
  if (run.jobId) await cancelJob(ctx.db, ctx.tenantId, run.jobId);
  await ctx.db
    .update(ragEvaluations)
    .set({ status: 'cancelled', finishedAt: new Date(), summary: await summarizeRun(ctx.db, ctx.tenantId, id) })
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, id)));
  await recordAudit(ctx, { action: 'evaluation.run.cancel', resourceType: 'rag_evaluation', resourceId: id, payload: {} });
  return runOf(await findRun(ctx, id));
}

/** Makes a completed run its dataset's baseline (the one before it stops being it). */
export async function approveRun(ctx: TenantServiceContext, { id }: { id: string }): Promise<RunOutput> {
  const run = await lockRun(ctx, id);
  if (run.status !== 'completed') throw new AppError('CONFLICT', 'Only a completed run can be the baseline.');
  const [previous] = await ctx.db
    .update(ragEvaluations)
    .set({ isBaseline: false })
    .where(
      and(
        eq(ragEvaluations.tenantId, ctx.tenantId),
        eq(ragEvaluations.datasetId, run.datasetId),
        eq(ragEvaluations.isBaseline, true),
        sql`${ragEvaluations.id} <> ${id}`,
      ),
    )
    .returning({ id: ragEvaluations.id });
  await ctx.db
    .update(ragEvaluations)
    .set({ isBaseline: true, approvedAt: new Date(), approvedBy: ctx.userId })
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, id)));
  await recordAudit(ctx, {
    action: 'evaluation.run.approve',
    resourceType: 'rag_evaluation',
    resourceId: id,
    payload: { datasetId: run.datasetId, previousBaseline: previous?.id ?? null },
  });
  return runOf(await findRun(ctx, id));
}

const BINS = 10;

/** Ten equal bins over 0–1 per quality metric (1.0 falls in the last bin). */
function distributions(values: Array<Record<string, number | null>>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of CASE_METRIC_NAMES) {
    const bins = Array<number>(BINS).fill(0);
    let any = false;
    for (const v of values) {
      const value = v[name];
      if (typeof value !== 'number') continue;
      any = true;
      bins[Math.min(BINS - 1, Math.max(0, Math.floor(value * BINS)))]!++;
    }
    if (any) out[name] = bins;
  }
  return out;
}

export async function getRun(ctx: TenantServiceContext, { id }: { id: string }): Promise<RunDetailOutput> {
  const row = await findRun(ctx, id);
  const [values, [baseline], reports] = await Promise.all([
    ctx.db
      .select({ values: ragMetrics.values })
      .from(ragMetrics)
      .innerJoin(ragEvalResults, and(eq(ragEvalResults.tenantId, ragMetrics.tenantId), eq(ragEvalResults.id, ragMetrics.resultId)))
      .where(and(eq(ragMetrics.tenantId, ctx.tenantId), eq(ragMetrics.evaluationId, id), eq(ragEvalResults.status, 'ok'))),
    ctx.db
      .select({ id: ragEvaluations.id })
      .from(ragEvaluations)
      .where(
        and(
          eq(ragEvaluations.tenantId, ctx.tenantId),
          eq(ragEvaluations.datasetId, row.datasetId),
          eq(ragEvaluations.isBaseline, true),
          sql`${ragEvaluations.id} <> ${id}`,
        ),
      ),
    listRunReports(ctx, id),
  ]);
  return {
    ...runOf(row),
    distributions: distributions(values.map((v) => v.values)),
    datasetVersion: row.datasetVersion,
    baselineId: baseline?.id ?? null,
    reports,
  };
}

const resultColumns = {
  id: ragEvalResults.id,
  caseId: ragEvalResults.caseId,
  seq: ragEvalResults.seq,
  query: ragEvalResults.query,
  expected: ragEvalResults.expected,
  status: ragEvalResults.status,
  error: ragEvalResults.error,
  answer: ragEvalResults.answer,
  abstained: ragEvalResults.abstained,
  citations: ragEvalResults.citations,
  retrieved: ragEvalResults.retrieved,
  sentences: ragEvalResults.sentences,
  failures: ragEvalResults.failures,
  inputTokens: ragEvalResults.inputTokens,
  outputTokens: ragEvalResults.outputTokens,
  values: ragMetrics.values,
  latencyMs: ragMetrics.latencyMs,
  costUsd: ragMetrics.costUsd,
  costUnknown: ragMetrics.costUnknown,
  judge: ragMetrics.judge,
};

function resultsQuery(tx: Tx) {
  return tx
    .select(resultColumns)
    .from(ragEvalResults)
    .leftJoin(ragMetrics, and(eq(ragMetrics.tenantId, ragEvalResults.tenantId), eq(ragMetrics.resultId, ragEvalResults.id)));
}

type ResultRow = Awaited<ReturnType<ReturnType<typeof resultsQuery>['where']>>[number];

function caseResultOf(r: ResultRow): CaseResultOutput {
  return {
    id: r.id,
    caseId: r.caseId,
    seq: r.seq,
    question: r.query,
    expectedAnswer: r.expected.expectedAnswer,
    keyFacts: r.expected.keyFacts.map((text) => ({ text, present: r.status === 'ok' && keyFactCoverage(r.answer, [text]) === 1 })),
    goldDocuments: r.expected.goldDocuments,
    status: r.status,
    error: r.error,
    answer: r.answer,
    abstained: r.abstained,
    citations: r.citations,
    retrieved: r.retrieved,
    sentences: r.sentences,
    metrics: Object.fromEntries(CASE_METRIC_NAMES.map((name) => [name, r.values?.[name] ?? null])),
    judge: r.judge ?? null,
    failures: r.failures as CaseResultOutput['failures'],
    latencyMs: r.latencyMs,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    costUsd: r.costUnknown || r.costUsd === null ? null : Number(r.costUsd),
  };
}

export async function runResults(ctx: TenantServiceContext, input: RunResultsInput) {
  await findRun(ctx, input.id);
  const where = and(
    eq(ragEvalResults.tenantId, ctx.tenantId),
    eq(ragEvalResults.evaluationId, input.id),
    input.failing ? sql`cardinality(${ragEvalResults.failures}) > 0` : undefined,
    input.search ? ilike(ragEvalResults.query, likePattern(input.search)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    resultsQuery(ctx.db)
      .where(where)
      .orderBy(asc(ragEvalResults.seq), asc(ragEvalResults.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    ctx.db.select({ n: count() }).from(ragEvalResults).where(where),
  ]);
  return { items: rows.map(caseResultOf), total: total!.n, page: input.page, pageSize: input.pageSize };
}

/** Every case of a run in order, for reports. */
export async function allRunResults(ctx: TenantServiceContext, id: string): Promise<CaseResultOutput[]> {
  const rows = await resultsQuery(ctx.db)
    .where(and(eq(ragEvalResults.tenantId, ctx.tenantId), eq(ragEvalResults.evaluationId, id)))
    .orderBy(asc(ragEvalResults.seq), asc(ragEvalResults.id));
  return rows.map(caseResultOf);
}

export async function runFailures(ctx: TenantServiceContext, { id }: { id: string }) {
  await findRun(ctx, id);
  const rows = await ctx.db
    .select({
      id: agentFailures.id,
      caseSeq: ragEvalResults.seq,
      question: ragEvalResults.query,
      stage: agentFailures.stage,
      code: agentFailures.errorCode,
      message: agentFailures.message,
      retryable: agentFailures.retryable,
      createdAt: agentFailures.createdAt,
    })
    .from(agentFailures)
    .innerJoin(agentRuns, and(eq(agentRuns.tenantId, agentFailures.tenantId), eq(agentRuns.id, agentFailures.runId)))
    .leftJoin(ragEvalResults, and(eq(ragEvalResults.tenantId, agentRuns.tenantId), eq(ragEvalResults.agentRunId, agentRuns.id)))
    .where(and(eq(agentFailures.tenantId, ctx.tenantId), eq(agentRuns.evaluationId, id)))
    .orderBy(asc(ragEvalResults.seq), asc(agentFailures.createdAt))
    .limit(500);
  return rows;
}

type Change = CompareOutput['cases']['items'][number]['change'];

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { [prefix]: Array.isArray(value) ? value.join(', ') || '(all)' : String(value) };
  }
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)));
}

/** What differs between two runs' snapshots, as people read it ("retrieval.topK: 6 → 10"). */
export function snapshotChanges(a: RunSnapshot | null, b: RunSnapshot | null) {
  const left = flatten({ ...a, startedBy: undefined, caseCount: undefined });
  const right = flatten({ ...b, startedBy: undefined, caseCount: undefined });
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter(
    (f) => left[f] !== right[f] && left[f] !== 'undefined' && right[f] !== 'undefined',
  );
  return fields.sort().map((field) => ({ field, baseline: left[field] ?? '', candidate: right[field] ?? '' }));
}

/**
 * Two completed runs on the same dataset, case by case: each metric's paired bootstrap interval,
 * and which cases newly fail or newly pass. Cases are paired by case id; a case present in one
 * run only (added or deleted between them) is left out.
 */
export async function compareRunsFor(ctx: TenantServiceContext, input: CompareInput): Promise<CompareOutput> {
  const candidate = await findRun(ctx, input.candidateId);
  let baselineId = input.baselineId;
  if (!baselineId) {
    const [row] = await ctx.db
      .select({ id: ragEvaluations.id })
      .from(ragEvaluations)
      .where(
        and(
          eq(ragEvaluations.tenantId, ctx.tenantId),
          eq(ragEvaluations.datasetId, candidate.datasetId),
          eq(ragEvaluations.isBaseline, true),
        ),
      );
    if (!row) badRequest('This dataset has no baseline yet. Approve a run as the baseline, or choose the run to compare with.');
    baselineId = row.id;
  }
  if (baselineId === candidate.id) badRequest('Choose two different runs to compare.');
  const baseline = await findRun(ctx, baselineId);
  if (baseline.datasetId !== candidate.datasetId)
    badRequest('These runs are on different datasets; only runs on the same dataset compare.');
  for (const run of [baseline, candidate]) {
    if (run.status !== 'completed' && run.status !== 'cancelled') {
      throw new AppError('CONFLICT', `Run “${run.name ?? run.id.slice(0, 8)}” has not finished yet.`);
    }
  }

  const perCase = async (id: string) => {
    const rows = await ctx.db
      .select({
        caseId: ragEvalResults.caseId,
        seq: ragEvalResults.seq,
        query: ragEvalResults.query,
        status: ragEvalResults.status,
        failures: ragEvalResults.failures,
        values: ragMetrics.values,
      })
      .from(ragEvalResults)
      .leftJoin(ragMetrics, and(eq(ragMetrics.tenantId, ragEvalResults.tenantId), eq(ragMetrics.resultId, ragEvalResults.id)))
      .where(and(eq(ragEvalResults.tenantId, ctx.tenantId), eq(ragEvalResults.evaluationId, id)));
    return new Map(rows.filter((r) => r.caseId).map((r) => [r.caseId!, r]));
  };
  const [left, right] = [await perCase(baseline.id), await perCase(candidate.id)];
  const valuesOf = (m: typeof left) => new Map([...m].filter(([, r]) => r.status === 'ok').map(([id, r]) => [id, r.values ?? {}] as const));
  const intervals = compareRuns(valuesOf(left), valuesOf(right));
  const baselineSummary = runOf(baseline).summary;
  const candidateSummary = runOf(candidate).summary;
  const metrics: Record<string, MetricComparison> = {};
  for (const name of CASE_METRIC_NAMES) {
    const r = intervals[name];
    if (r.n === 0 && !baselineSummary?.metrics[name]?.n && !candidateSummary?.metrics[name]?.n) continue;
    metrics[name] = {
      baselineMean: baselineSummary?.metrics[name]?.mean ?? null,
      candidateMean: candidateSummary?.metrics[name]?.mean ?? null,
      delta: r.meanDifference,
      low: r.low,
      high: r.high,
      n: r.n,
      dropped: r.dropped,
      significant: r.significant,
      verdict: r.verdict,
    };
  }

  const paired = [...left.keys()].filter((id) => right.has(id));
  const changeOf = (id: string): Change => {
    const before = left.get(id)!.failures.length === 0;
    const after = right.get(id)!.failures.length === 0;
    if (before && !after) return 'newlyFailing';
    if (!before && after) return 'newlyPassing';
    return after ? 'stillPassing' : 'stillFailing';
  };
  const changes = new Map(paired.map((id) => [id, changeOf(id)]));
  const counts = { newlyFailing: 0, newlyPassing: 0, stillFailing: 0, stillPassing: 0 };
  for (const c of changes.values()) counts[c]++;
  const shown = paired
    .filter((id) => {
      const c = changes.get(id)!;
      if (input.cases === 'all') return true;
      if (input.cases === 'changed') return c === 'newlyFailing' || c === 'newlyPassing';
      return c === input.cases;
    })
    .sort((a, b) => right.get(a)!.seq - right.get(b)!.seq);
  const pageIds = shown.slice(offsetOf(input), offsetOf(input) + input.pageSize);
  const detail = async (evaluationId: string) => {
    if (pageIds.length === 0) return new Map<string, CaseResultOutput>();
    const rows = await resultsQuery(ctx.db).where(
      and(
        eq(ragEvalResults.tenantId, ctx.tenantId),
        eq(ragEvalResults.evaluationId, evaluationId),
        inArray(ragEvalResults.caseId, pageIds),
      ),
    );
    return new Map(rows.map((r) => [r.caseId!, caseResultOf(r)]));
  };
  const [leftDetail, rightDetail] = [await detail(baseline.id), await detail(candidate.id)];
  return {
    baseline: runOf(baseline),
    candidate: runOf(candidate),
    paired: paired.length,
    metrics,
    counts,
    cases: {
      items: pageIds.map((id) => ({
        caseId: id,
        seq: right.get(id)!.seq,
        question: right.get(id)!.query,
        change: changes.get(id)!,
        baseline: leftDetail.get(id) ?? null,
        candidate: rightDetail.get(id) ?? null,
      })),
      total: shown.length,
      page: input.page,
      pageSize: input.pageSize,
    },
    changes: snapshotChanges(baseline.config.snapshot ?? null, candidate.config.snapshot ?? null),
  };
}

/** The run and every case, for a report (`evaluations.export`) or the CLI. */
export async function runForReport(ctx: TenantServiceContext, id: string) {
  const run = runOf(await findRun(ctx, id));
  if (run.status === 'pending' || run.status === 'running') {
    throw new AppError('CONFLICT', 'This run is still in progress; export it once it has finished.');
  }
  return { run, cases: await allRunResults(ctx, id) };
}

/**
 * Stores a report of a finished run (CSV, JSON, or a self-contained HTML page that also holds the
 * comparison with the dataset's baseline, when there is one) and returns where to download it.
 */
export async function exportRun(ctx: TenantServiceContext, input: { id: string; format: ReportFormat }) {
  const { run, cases } = await runForReport(ctx, input.id);
  let comparison: CompareOutput | null = null;
  if (input.format === 'html' && run.status === 'completed') {
    const [baseline] = await ctx.db
      .select({ id: ragEvaluations.id })
      .from(ragEvaluations)
      .where(
        and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.datasetId, run.datasetId), eq(ragEvaluations.isBaseline, true)),
      );
    if (baseline && baseline.id !== run.id) {
      comparison = await compareRunsFor(ctx, { baselineId: baseline.id, candidateId: run.id, page: 1, pageSize: 100, cases: 'changed' });
    }
  }
  return storeRunReport(ctx, {
    evaluationId: run.id,
    format: input.format,
    run,
    cases,
    // The tenants table is the platform's, not readable in a tenant transaction: the slug names the workspace.
    workspace: ctx.tenantSlug,
    comparison,
  });
}

/** Deletes a finished run with its results and stored reports (files once the deletion committed). */
export async function deleteRun(ctx: TenantServiceContext, { id }: { id: string }) {
  const run = await lockRun(ctx, id);
  if (run.status === 'pending' || run.status === 'running') {
    throw new AppError('CONFLICT', 'This run is still in progress. Cancel it first, then delete it.');
  }
  await ctx.db.delete(ragEvaluations).where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, id)));
  removeRunReportFiles(ctx, id);
  await recordAudit(ctx, {
    action: 'evaluation.run.delete',
    resourceType: 'rag_evaluation',
    resourceId: id,
    payload: { datasetId: run.datasetId },
  });
  return { id };
}
