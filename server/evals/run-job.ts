import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import {
  documents,
  ragEvalCases,
  ragEvalDatasets,
  ragEvalResults,
  ragEvaluations,
  ragMetrics,
  type Citation,
  type EvalJudgement,
} from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { modelFailure, recordAgentRun, type AgentFailure } from '@/server/agent-runs/record';
import { activeEmbedder } from '@/server/embeddings/registry';
import { NO_ANSWER, type ChatContext, type ChatModel } from '@/server/ai/chat-model';
import { OpenAICompatibleModel, ProviderError } from '@/server/ai/openai';
import { recordAudit } from '@/server/audit/record';
import { runInTenant } from '@/server/auth/boundary';
import { resolvePrincipal } from '@/server/auth/principal';
import { tenantScopeOf, type TenantScopeOf } from '@/server/auth/scope';
import type { TenantServiceContext } from '@/server/auth/types';
import { billedEstimate, retrieveContexts, worstCasePromptTokens } from '@/server/chat/ask';
import { buildCitations } from '@/server/chat/citations';
import { countTokens } from '@/server/documents/chunk';
import { resolveChatSetup } from '@/server/chat/model';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { DEFAULT_RETRIEVAL } from '@/server/retrieval/search';
import { usageSubject } from '@/server/usage/meter';
import { QuotaRefusedError, recordRefusal, releaseReservation, reserveTokens, settleUsage, type Reservation } from '@/server/usage/reserve';
import { judgeMessages, parseJudgement } from './judge';
import { caseVerdict, DEFAULT_RETRIEVAL_K, isGoldChunk, scoreCase, type GoldDocument } from './metrics';
import { summarizeRun } from './runs';
import type { CaseResultOutput, RunSnapshot } from './runs-schema';

const payloadSchema = z.object({ evaluationId: z.uuid() });

type Case = typeof ragEvalCases.$inferSelect;
type InTenant = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) => Promise<T>;
type Setup = Awaited<ReturnType<typeof resolveChatSetup>>;

const CITATION_METRICS = ['citationRecall', 'citationPrecision', 'faithfulness', 'hallucination'] as const;

/**
 * The person who started the run, as they are now: the run answers every case with their access
 * (RLS on restricted documents) and quota, and stops once they can no longer run evaluations.
 */
async function starterScope(db: Db, tenantId: string, userId: string | null): Promise<TenantScopeOf> {
  if (!userId) throw new JobError('The person who started this run no longer has an account here, so it cannot run as them.');
  const resolution = await resolvePrincipal(db, { kind: 'user', id: userId, tenantId });
  if (!resolution.ok) {
    throw new JobError(
      resolution.reason === 'suspended'
        ? 'This workspace is suspended.'
        : 'The account of the person who started this run is no longer active, so it cannot run as them.',
    );
  }
  const scope = tenantScopeOf(resolution.principal);
  if (!scope?.permissions.includes('evals:run')) {
    throw new JobError('The person who started this run no longer has the permission to run evaluations.');
  }
  return scope;
}

/** sha256 over the ids and checksums of the processed documents the starter can search (in scope). */
async function documentsFingerprint(ctx: TenantServiceContext, collectionIds: string[]) {
  const rows = await ctx.db
    .select({ id: documents.id, sum: documents.checksumSha256 })
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, ctx.tenantId),
        eq(documents.status, 'completed'),
        collectionIds.length > 0 ? inArray(documents.collectionId, collectionIds) : undefined,
      ),
    )
    .orderBy(asc(documents.id));
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.id}:${r.sum}\n`);
  return { documentsHash: hash.digest('hex'), documentCount: rows.length };
}

function goldOf(c: Case): GoldDocument[] {
  return c.expectedDocumentIds.map((documentId) => ({ documentId, pages: c.expectedPages[documentId] ?? null }));
}

type Judged = {
  judgement: EvalJudgement;
  inputTokens: number;
  outputTokens: number;
  tokensEstimated: boolean;
  reservation: Reservation | null;
};

const JUDGE_MAX_TOKENS = 800;

/**
 * Asks the tenant's model to judge one answer (claims supported by the passages, relevance to the
 * question), at temperature 0, reserved and metered like any call. A failed call or an unusable
 * reply is the judgement's error; the deterministic metrics of the case stand either way.
 */
async function judgeAnswer(
  inTenant: InTenant,
  judge: OpenAICompatibleModel,
  question: string,
  answer: string,
  contexts: ChatContext[],
  signal: AbortSignal,
): Promise<Judged> {
  const messages = judgeMessages(
    question,
    answer,
    contexts.map((c) => c.content),
  );
  const prompt = countTokens(messages.map((m) => m.content).join('\n'));
  const reservation = await inTenant((ctx) =>
    reserveTokens(ctx, { model: judge.model, inputTokens: Math.ceil(prompt * 1.25) + 64, outputTokens: JUDGE_MAX_TOKENS }),
  );
  let text = '';
  let usage = { inputTokens: 0, outputTokens: 0 };
  try {
    for await (const event of judge.chat(messages, signal, { temperature: 0, maxTokens: JUDGE_MAX_TOKENS })) {
      if (event.type === 'delta') text += event.text;
      else usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
    }
  } catch (error) {
    if (signal.aborted) {
      await inTenant((ctx) => releaseReservation(ctx, reservation));
      throw error;
    }
    const message = error instanceof ProviderError ? error.userMessage : 'The judge failed on our side.';
    if (!(error instanceof ProviderError)) console.error('evaluation judge failed', error);
    return {
      judgement: { claimFaithfulness: null, answerRelevance: null, claims: [], error: message },
      inputTokens: text ? prompt : 0,
      outputTokens: countTokens(text),
      tokensEstimated: Boolean(text),
      reservation,
    };
  }
  const tokensEstimated = usage.inputTokens === 0 && usage.outputTokens === 0;
  if (tokensEstimated) usage = { inputTokens: prompt, outputTokens: countTokens(text) };
  const parsed = parseJudgement(text);
  return {
    judgement: parsed
      ? { ...parsed, error: null }
      : { claimFaithfulness: null, answerRelevance: null, claims: [], error: 'The judge’s reply was not the verdict asked for.' },
    ...usage,
    tokensEstimated,
    reservation,
  };
}

type Answered = {
  status: 'ok' | 'error';
  error: string | null;
  failure?: AgentFailure;
  answer: string;
  citations: Citation[];
  contexts: ChatContext[];
  inputTokens: number;
  outputTokens: number;
  tokensEstimated: boolean;
  reservation: Reservation | null;
  latencyMs: number;
  startedAt: Date;
  judged?: Judged | null;
};

/**
 * One case through chat's own path: retrieval under the starter's RLS, the tenant's model, the
 * same citation builder. A question is asked alone (no history). A model failure is the case's
 * error, counted apart; a quota refusal stops the run.
 */
async function answerCase(
  inTenant: InTenant,
  setup: Setup,
  collectionIds: string[],
  question: string,
  signal: AbortSignal,
): Promise<Answered> {
  const started = performance.now();
  const startedAt = new Date();
  const model: ChatModel = setup.model;
  const prep = await inTenant(async (ctx) => {
    const contexts = await retrieveContexts(ctx, {
      query: question,
      collectionIds,
      retrieval: setup.retrieval,
      model: setup.model,
      usageKind: 'evaluation',
    });
    const reservation =
      contexts.length === 0
        ? null
        : await reserveTokens(ctx, {
            model: model.model,
            inputTokens: worstCasePromptTokens(question, [], contexts, setup.systemPrompt),
            outputTokens: setup.maxTokens,
          });
    return { contexts, reservation };
  });
  let text = '';
  let usage = { inputTokens: 0, outputTokens: 0 };
  const base = { contexts: prep.contexts, reservation: prep.reservation, startedAt };
  if (prep.contexts.length === 0) {
    text = NO_ANSWER;
  } else {
    try {
      for await (const event of model.answer({ question, searchQuery: question, history: [], contexts: prep.contexts, signal })) {
        if (event.type === 'delta') text += event.text;
        else usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
      }
    } catch (error) {
      if (signal.aborted) {
        await inTenant((ctx) => releaseReservation(ctx, prep.reservation));
        throw error;
      }
      if (!(error instanceof ProviderError)) console.error('evaluation answer failed', error);
      const billed = text ? billedEstimate(question, prep.contexts, text) : { inputTokens: 0, outputTokens: 0 };
      return {
        ...base,
        status: 'error',
        error: error instanceof ProviderError ? error.userMessage : 'The answer failed on our side.',
        failure: modelFailure(error),
        answer: '',
        citations: [],
        ...billed,
        tokensEstimated: Boolean(text),
        latencyMs: Math.round(performance.now() - started),
      };
    }
  }
  const tokensEstimated = prep.contexts.length > 0 && usage.inputTokens === 0 && usage.outputTokens === 0;
  if (tokensEstimated) usage = billedEstimate(question, prep.contexts, text);
  const { text: answer, citations } = buildCitations(text, prep.contexts);
  return {
    ...base,
    status: 'ok',
    error: null,
    answer,
    citations,
    ...usage,
    tokensEstimated,
    latencyMs: Math.round(performance.now() - started),
  };
}

/** The case's metrics and failure reasons from what was answered; an abstention makes no claim to cite. */
function scoreAnswered(c: Case, answered: Answered, k: number) {
  const gold = goldOf(c);
  const abstained = answered.status === 'ok' && answered.answer.trim() === NO_ANSWER;
  const byMarker = new Map(
    answered.citations.map((cit) => [cit.n, answered.contexts.find((x) => x.chunkId === cit.chunkId)?.content ?? '']),
  );
  const scored = scoreCase(
    {
      retrieval: { retrieved: answered.contexts.map((x) => ({ documentId: x.documentId, page: x.page, chunkId: x.chunkId })), gold },
      answer: { answer: abstained ? '' : answered.answer, reference: c.expectedAnswer, keyFacts: c.keyFacts },
      citations: { answer: answered.answer, cited: byMarker, retrieved: answered.contexts.map((x) => x.content) },
    },
    { k },
  );
  const values: Record<string, number | null> = { ...scored.metrics };
  if (abstained) for (const name of CITATION_METRICS) values[name] = null;
  const failures = caseVerdict({
    status: answered.status,
    abstained,
    metrics: values,
    expects: { reference: Boolean(c.expectedAnswer), keyFacts: c.keyFacts.length > 0, gold: gold.length > 0 },
  });
  const retrieved: CaseResultOutput['retrieved'] = answered.contexts.map((x, i) => ({
    rank: i + 1,
    chunkId: x.chunkId,
    documentId: x.documentId,
    filename: x.filename,
    page: x.page,
    section: x.section,
    content: x.content,
    score: x.score,
    gold: isGoldChunk({ documentId: x.documentId, page: x.page }, gold),
  }));
  return { values, failures, abstained, retrieved, sentences: abstained ? [] : scored.sentences };
}

/** Stores one case's outcome with its usage and agent run, in one transaction fenced by the job. */
async function storeCase(
  ctx: TenantServiceContext,
  job: JobContext,
  run: { id: string; setup: Setup; snapshot: RunSnapshot },
  c: Case,
  filenames: Map<string, string>,
  answered: Answered,
) {
  await job.fence(ctx.db);
  const model = run.setup.model;
  const metered = await settleUsage(ctx, answered.reservation, {
    kind: 'evaluation',
    model: model.model,
    inputTokens: answered.inputTokens,
    outputTokens: answered.outputTokens,
    requests: answered.contexts.length > 0 ? 1 : 0,
    tokensEstimated: answered.tokensEstimated,
    failed: answered.status === 'error',
  });
  const judged = answered.judged ?? null;
  if (judged) {
    await settleUsage(ctx, judged.reservation, {
      kind: 'evaluation',
      model: model.model,
      inputTokens: judged.inputTokens,
      outputTokens: judged.outputTokens,
      requests: 1,
      tokensEstimated: judged.tokensEstimated,
      failed: Boolean(judged.judgement.error),
    });
  }
  const agentRun = await recordAgentRun(ctx.db, ctx.tenantId, {
    kind: 'evaluation',
    evaluationId: run.id,
    userId: ctx.userId,
    apiKeyId: usageSubject(ctx).apiKeyId,
    model: model.model,
    provider: model.provider,
    status: answered.status === 'error' ? 'failed' : 'succeeded',
    failure: answered.failure,
    latencyMs: answered.latencyMs,
    inputTokens: answered.inputTokens,
    outputTokens: answered.outputTokens,
    costUsd: metered.costUsd,
    retrievedChunkIds: answered.contexts.map((x) => x.chunkId),
    startedAt: answered.startedAt,
    finishedAt: new Date(),
  });
  // Money spent is recorded above even when the run was cancelled meanwhile; its results are not.
  const [live] = await ctx.db
    .select({ status: ragEvaluations.status })
    .from(ragEvaluations)
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, run.id)))
    .for('update');
  if (live?.status !== 'running') return 'stopped' as const;
  const scored = scoreAnswered(c, answered, run.snapshot.k);
  const [result] = await ctx.db
    .insert(ragEvalResults)
    .values({
      tenantId: ctx.tenantId,
      evaluationId: run.id,
      caseId: c.id,
      seq: c.seq ?? 0,
      query: c.question,
      expected: {
        expectedAnswer: c.expectedAnswer,
        keyFacts: c.keyFacts,
        goldDocuments: goldOf(c).map((g) => ({
          documentId: g.documentId,
          filename: filenames.get(g.documentId) ?? null,
          pages: g.pages ? [...g.pages] : null,
        })),
      },
      status: answered.status,
      error: answered.error,
      answer: answered.answer,
      abstained: scored.abstained,
      citations: answered.citations,
      retrievedChunkIds: answered.contexts.map((x) => x.chunkId),
      retrieved: scored.retrieved,
      sentences: scored.sentences,
      failures: scored.failures,
      inputTokens: answered.inputTokens,
      outputTokens: answered.outputTokens,
      agentRunId: agentRun.id,
    })
    .onConflictDoNothing()
    .returning({ id: ragEvalResults.id });
  if (!result) return 'duplicate' as const;
  const v = scored.values;
  await ctx.db.insert(ragMetrics).values({
    tenantId: ctx.tenantId,
    evaluationId: run.id,
    resultId: result.id,
    faithfulness: v.faithfulness ?? null,
    hallucination: v.hallucination ?? null,
    coverage: v.keyFactCoverage ?? null,
    contextRecall: v.recallAtK ?? null,
    latencyMs: answered.latencyMs,
    costUsd: metered.costUsd ?? '0',
    costUnknown: metered.costUsd === null && (answered.inputTokens > 0 || answered.outputTokens > 0),
    values: answered.status === 'ok' ? v : {},
    relevance: judged?.judgement.answerRelevance ?? null,
    judge: judged?.judgement ?? null,
  });
  await ctx.db
    .update(ragEvaluations)
    .set({
      progress: sql`jsonb_build_object('done', (${ragEvaluations.progress}->>'done')::int + 1, 'total', (${ragEvaluations.progress}->>'total')::int,
        'errors', (${ragEvaluations.progress}->>'errors')::int + ${answered.status === 'error' ? 1 : 0})`,
    })
    .where(and(eq(ragEvaluations.tenantId, ctx.tenantId), eq(ragEvaluations.id, run.id)));
  return 'stored' as const;
}

/**
 * `eval_run { evaluationId }`: runs every case of the dataset as it is now, in order, as the
 * person who started it. The snapshot of what produced the run is taken when it starts (and kept
 * when a worker that died is replaced: cases already stored are skipped, never scored twice).
 */
async function run(job: JobContext) {
  const parsed = payloadSchema.safeParse(job.job.payload);
  if (!parsed.success) throw new JobError('This evaluation job names no run.');
  const { evaluationId } = parsed.data;
  const tenantId = job.job.tenantId;
  const [row] = await withTenant(
    { tenantId },
    (tx) =>
      tx
        .select({
          status: ragEvaluations.status,
          createdBy: ragEvaluations.createdBy,
          config: ragEvaluations.config,
          datasetId: ragEvaluations.datasetId,
        })
        .from(ragEvaluations)
        .where(and(eq(ragEvaluations.tenantId, tenantId), eq(ragEvaluations.id, evaluationId))),
    job.db,
  );
  if (!row || (row.status !== 'pending' && row.status !== 'running')) return;
  const scope = await starterScope(job.db, tenantId, row.createdBy);
  const inTenant: InTenant = (fn) =>
    runInTenant(
      scope,
      {
        rootDb: job.db,
        meta: { ip: null, userAgent: 'evaluation run', correlationId: job.job.id },
        action: 'evaluation.run',
        mutation: false,
      },
      fn,
    );
  const collectionIds = row.config.collectionIds ?? [];

  const start = await inTenant(async (ctx) => {
    const setup = await resolveChatSetup(ctx.db, tenantId);
    // Model-judged metrics need a model provider; without one (it was removed since) the run goes on without them.
    const judge = row.config.judge && setup.model instanceof OpenAICompatibleModel ? setup.model : null;
    const [dataset] = await ctx.db
      .select({ version: ragEvalDatasets.version })
      .from(ragEvalDatasets)
      .where(and(eq(ragEvalDatasets.tenantId, tenantId), eq(ragEvalDatasets.id, row.datasetId)));
    const cases = await ctx.db
      .select()
      .from(ragEvalCases)
      .where(and(eq(ragEvalCases.tenantId, tenantId), eq(ragEvalCases.datasetId, row.datasetId)))
      .orderBy(asc(ragEvalCases.seq));
    const done = await ctx.db
      .select({ caseId: ragEvalResults.caseId })
      .from(ragEvalResults)
      .where(and(eq(ragEvalResults.tenantId, tenantId), eq(ragEvalResults.evaluationId, evaluationId)));
    const goldIds = [...new Set(cases.flatMap((c) => c.expectedDocumentIds))];
    const names =
      goldIds.length === 0
        ? []
        : await ctx.db
            .select({ id: documents.id, filename: documents.filename })
            .from(documents)
            .where(and(eq(documents.tenantId, tenantId), inArray(documents.id, goldIds)));
    // Reranking is named only when on, so runs without it compare with runs from before it existed.
    const { rerank = 'off', ...search } = setup.retrieval;
    const retrieval = { ...DEFAULT_RETRIEVAL, ...search, ...(rerank === 'off' ? {} : { rerank }) };
    const snapshot: RunSnapshot = row.config.snapshot ?? {
      datasetVersion: dataset!.version,
      caseCount: cases.length,
      model: setup.model.model,
      provider: setup.model.provider,
      embedder: (await activeEmbedder(ctx.db, tenantId)).modelName,
      retrieval,
      k: DEFAULT_RETRIEVAL_K,
      collectionIds,
      ...(await documentsFingerprint(ctx, collectionIds)),
      startedBy: { id: ctx.userId, name: ctx.actor.label },
      judge: judge ? { model: judge.model, provider: judge.provider } : null,
    };
    await job.fence(ctx.db);
    const [started] = await ctx.db
      .update(ragEvaluations)
      .set({
        status: 'running',
        startedAt: sql`coalesce(${ragEvaluations.startedAt}, now())`,
        config: { collectionIds, snapshot },
        progress: { done: done.length, total: cases.length, errors: 0 },
      })
      .where(
        and(
          eq(ragEvaluations.tenantId, tenantId),
          eq(ragEvaluations.id, evaluationId),
          inArray(ragEvaluations.status, ['pending', 'running']),
        ),
      )
      .returning({ id: ragEvaluations.id });
    if (!started) return null;
    const skip = new Set(done.map((d) => d.caseId));
    return {
      setup,
      judge,
      snapshot,
      todo: cases.filter((c) => !skip.has(c.id)),
      total: cases.length,
      done: done.length,
      filenames: new Map(names.map((n) => [n.id, n.filename])),
    };
  });
  if (!start) return;

  const runInfo = { id: evaluationId, setup: start.setup, snapshot: start.snapshot };
  let done = start.done;
  for (const c of start.todo) {
    job.signal.throwIfAborted();
    let answered: Answered;
    try {
      answered = await answerCase(inTenant, start.setup, collectionIds, c.question, job.signal);
      if (start.judge && answered.status === 'ok' && answered.contexts.length > 0 && answered.answer.trim() !== NO_ANSWER) {
        answered.judged = await judgeAnswer(inTenant, start.judge, c.question, answered.answer, answered.contexts, job.signal);
      }
    } catch (error) {
      if (error instanceof QuotaRefusedError) {
        await inTenant((ctx) => recordRefusal(ctx, error.limitName));
        throw new JobError(`Stopped after ${done} of ${start.total} cases: ${error.message}`);
      }
      throw error;
    }
    const outcome = await inTenant((ctx) => storeCase(ctx, job, runInfo, c, start.filenames, answered));
    // Cancelled while this case was being answered: nothing more to do.
    if (outcome === 'stopped') return;
    done++;
    await job.progress({
      stage: 'cases',
      percent: Math.round((100 * done) / Math.max(1, start.total)),
      message: `${done} of ${start.total} cases`,
    });
  }

  await inTenant(async (ctx) => {
    await job.fence(ctx.db);
    const summary = await summarizeRun(ctx.db, tenantId, evaluationId);
    const [finished] = await ctx.db
      .update(ragEvaluations)
      .set({ status: 'completed', finishedAt: new Date(), summary, error: null })
      .where(and(eq(ragEvaluations.tenantId, tenantId), eq(ragEvaluations.id, evaluationId), eq(ragEvaluations.status, 'running')))
      .returning({ id: ragEvaluations.id });
    if (!finished) return;
    await recordAudit(ctx, {
      action: 'evaluation.run.complete',
      resourceType: 'rag_evaluation',
      resourceId: evaluationId,
      payload: { cases: summary.cases, errors: summary.errors, passing: summary.passing },
    });
  });
}

/** Out of retries (or not retryable): the run fails with the reason, its cases so far summarised. */
async function onFinalFailure(db: Db, job: { tenantId: string; payload: Record<string, unknown> }, message: string) {
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) return;
  const { evaluationId } = parsed.data;
  await withTenant(
    { tenantId: job.tenantId },
    async (tx) => {
      const summary = await summarizeRun(tx, job.tenantId, evaluationId);
      await tx
        .update(ragEvaluations)
        .set({ status: 'failed', finishedAt: new Date(), error: message, summary })
        .where(
          and(
            eq(ragEvaluations.tenantId, job.tenantId),
            eq(ragEvaluations.id, evaluationId),
            inArray(ragEvaluations.status, ['pending', 'running']),
          ),
        );
    },
    db,
  );
}

export const evalRunHandler: JobHandler = { run, onFinalFailure };
