import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { chatMessages, chatSessions, type Citation, type TenantRetrievalConfig } from '@/db/schema';
import { NO_ANSWER, type ChatContext, type ChatModel, type ChatTurn } from '@/server/ai/chat-model';
import { ProviderError, SYSTEM_PROMPT, workspaceInstructions } from '@/server/ai/openai';
import { modelFailure, recordAgentRun, type AgentFailure } from '@/server/agent-runs/record';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { countTokens } from '@/server/documents/chunk';
import { RERANK_POOL, rerank } from '@/server/retrieval/rerank';
import { DEFAULT_RETRIEVAL, retrieve } from '@/server/retrieval/search';
import {
  lowTokenBudget,
  QuotaRefusedError,
  recordRefusal,
  reserveTokens,
  settleUsage,
  type Reservation,
  type TokenBudget,
} from '@/server/usage/reserve';
import { usageSubject } from '@/server/usage/meter';
import { buildCitations } from './citations';
import { resolveChatSetup } from './model';
import { rewriteQuery } from './rewrite';
import { NEW_CHAT_TITLE, ownSession } from './sessions';
import type { AskInput } from './schema';

export type AnswerMessage = {
  id: string;
  content: string;
  citations: Citation[];
  model: string;
  provider: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  stopped: boolean;
};

export type AskEvent =
  | { type: 'started'; userMessageId: string; title: string }
  | { type: 'delta'; text: string }
  | { type: 'done'; message: AnswerMessage; budget?: TokenBudget }
  /** A refusal by a quota also names the limit and the seconds until it resets (as Retry-After would). */
  | { type: 'error'; message: string; code?: 'TOO_MANY_REQUESTS'; limit?: string; retryAfterSeconds?: number };

type InTenant = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) => Promise<T>;

const HISTORY_TURNS = 10;

/**
 * The passages an answer may use: hybrid retrieval under the caller's RLS, reordered when the
 * tenant turned reranking on (then more candidates are fetched and the top K kept after), minus
 * those that are not about the question. Chat and evaluation runs share it, so a run measures
 * what chat does. `model` is the tenant's chat model, which a `model` rerank asks.
 */
export async function retrieveContexts(
  ctx: TenantServiceContext,
  input: {
    query: string;
    collectionIds: string[];
    retrieval: TenantRetrievalConfig;
    model?: ChatModel;
    usageKind?: 'chat' | 'evaluation';
  },
): Promise<ChatContext[]> {
  const { rerank: mode = 'off', ...search } = input.retrieval;
  const topK = search.topK ?? DEFAULT_RETRIEVAL.topK;
  const pool = mode === 'off' ? topK : Math.max(topK, Math.min(RERANK_POOL, search.candidates ?? DEFAULT_RETRIEVAL.candidates));
  const { chunks: candidates, relevanceFloor } = await retrieve(ctx.db, {
    tenantId: ctx.tenantId,
    query: input.query,
    collectionIds: input.collectionIds,
    config: { ...search, topK: pool },
    // The question's embedding is the asker's: the API key's when one asks.
    subject: usageSubject(ctx),
  });
  const chunks = (await rerank(ctx, { mode, query: input.query, chunks: candidates, model: input.model, kind: input.usageKind })).slice(
    0,
    topK,
  );
  return (
    chunks
      // Below the embedder's floor, and without a full-text match, a passage is not about the question.
      .filter((c) => c.textMatch || (c.similarity ?? 0) >= relevanceFloor)
      .map((c, i) => ({
        n: i + 1,
        chunkId: c.chunkId,
        documentId: c.documentId,
        filename: c.filename,
        page: c.pageFrom,
        section: c.section,
        content: c.content,
        charStart: c.charStart,
        score: c.score,
        similarity: c.similarity,
        textMatch: c.textMatch,
      }))
  );
}

/**
 * The prompt tokens a call can bill at most: everything sent (system prompt, passages, history,
 * question), counted, with a margin for the tokenizer differing from ours and per-message framing.
 */
export function worstCasePromptTokens(
  question: string,
  history: ChatTurn[],
  contexts: ChatContext[],
  systemPrompt: string | null = null,
): number {
  const sent = [
    SYSTEM_PROMPT,
    ...(systemPrompt ? [workspaceInstructions(systemPrompt)] : []),
    ...contexts.map((c) => `[${c.n}] ${c.filename} ${c.section ?? ''}\n${c.content}`),
    ...history.map((t) => t.content),
    question,
  ];
  return Math.ceil(countTokens(sent.join('\n')) * 1.25) + 16 * (sent.length + 2);
}

/** Thrown inside the preparing transaction so it rolls back (no question is stored) when refused. */
class Refused extends Error {
  constructor(readonly refusal: QuotaRefusedError) {
    super(refusal.message);
  }
}

/**
 * One question, answered as a stream of events. Every database step is its own short
 * transaction (the stream itself holds none): record the question, retrieve under RLS, stream
 * the model's answer, then store the answer with its citations, tokens and latency and count
 * the usage, together. A question the documents cannot answer gets the no-answer reply without
 * asking the model to guess.
 */
export async function* askQuestion(inTenant: InTenant, input: AskInput, signal?: AbortSignal): AsyncGenerator<AskEvent> {
  const started = performance.now();
  const startedAt = new Date();
  const question = input.question.trim();
  const prep = await inTenant(async (ctx) => {
    const session = await ownSession(ctx, input.sessionId);
    const recent = await ctx.db
      .select({ id: chatMessages.id, role: chatMessages.role, content: chatMessages.content })
      .from(chatMessages)
      .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.sessionId, session.id)))
      .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
      .limit(HISTORY_TURNS);
    const last = recent[0];
    // Retrying an unanswered question reuses it instead of asking twice.
    const reuse = last?.role === 'user' && last.content === question ? last : null;
    const history: ChatTurn[] = recent
      .slice(reuse ? 1 : 0)
      .reverse()
      .filter((m): m is typeof m & { role: 'user' | 'assistant' } => m.role === 'user' || m.role === 'assistant')
      .map((m) => ({ role: m.role, content: m.content }));
    const userMessageId =
      reuse?.id ??
      (
        await ctx.db
          .insert(chatMessages)
          .values({ tenantId: ctx.tenantId, sessionId: session.id, role: 'user', content: question })
          .returning({ id: chatMessages.id })
      )[0]!.id;
    const title = session.title === NEW_CHAT_TITLE ? question.replace(/\s+/g, ' ').slice(0, 80) : session.title;
    await ctx.db
      .update(chatSessions)
      .set({ title })
      .where(and(eq(chatSessions.tenantId, ctx.tenantId), eq(chatSessions.id, session.id)));
    const setup = await resolveChatSetup(ctx.db, ctx.tenantId);
    const searchQuery = rewriteQuery(question, history);
    const contexts = await retrieveContexts(ctx, {
      query: searchQuery,
      collectionIds: session.collectionIds,
      retrieval: setup.retrieval,
      model: setup.model,
    });
    let reservation: Reservation | null;
    try {
      reservation = await reserveTokens(ctx, {
        model: setup.model.model,
        inputTokens: worstCasePromptTokens(question, history, contexts, setup.systemPrompt),
        outputTokens: setup.maxTokens,
      });
    } catch (error) {
      if (error instanceof QuotaRefusedError) throw new Refused(error);
      throw error;
    }
    return { userMessageId, title, history, model: setup.model, contexts, searchQuery, reservation } as const;
  }).catch(async (error: unknown) => {
    if (!(error instanceof Refused)) throw error;
    // The question was rolled back with the reservation; the refusal itself is counted.
    await inTenant((ctx) => recordRefusal(ctx, error.refusal.limitName));
    const { message, limitName, retryAfterSeconds } = error.refusal;
    return { refused: { type: 'error', message, code: 'TOO_MANY_REQUESTS', limit: limitName, retryAfterSeconds } } as const;
  });
  if ('refused' in prep) {
    yield prep.refused;
    return;
  }
  yield { type: 'started', userMessageId: prep.userMessageId, title: prep.title };

  const model: ChatModel = prep.model;
  let text = '';
  let usage = { inputTokens: 0, outputTokens: 0 };
  let stopped = false;
  let reported = false;
  try {
    if (prep.contexts.length === 0) {
      text = NO_ANSWER;
      yield { type: 'delta', text };
    } else {
      for await (const event of model.answer({
        question,
        searchQuery: prep.searchQuery,
        history: prep.history,
        contexts: prep.contexts,
        signal,
      })) {
        if (event.type === 'delta') {
          text += event.text;
          yield event;
        } else {
          usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
          reported = true;
        }
      }
    }
  } catch (error) {
    if (signal?.aborted) {
      stopped = true;
    } else {
      const message = error instanceof ProviderError ? error.userMessage : 'The answer failed on our side. Try again.';
      if (!(error instanceof ProviderError)) console.error('chat answer failed', error);
      await releaseFailed(
        inTenant,
        prep.reservation,
        model,
        text ? { ...billedEstimate(question, prep.contexts, text), estimated: true } : null,
        { ...runOf(input.sessionId, prep.contexts, started, startedAt), failure: modelFailure(error) },
      );
      yield { type: 'error', message };
      return;
    }
  }
  if (stopped && !text.trim()) {
    await releaseFailed(
      inTenant,
      prep.reservation,
      model,
      reported ? { ...usage, estimated: false } : null,
      runOf(input.sessionId, prep.contexts, started, startedAt),
    );
    return;
  }
  // A stopped or usage-less stream still costs what was sent and said.
  const tokensEstimated = usage.inputTokens === 0 && usage.outputTokens === 0;
  if (tokensEstimated) usage = billedEstimate(question, prep.contexts, text);
  const { text: content, citations } = buildCitations(text, prep.contexts);
  const latencyMs = Math.round(performance.now() - started);
  const { message, budget } = await inTenant(async (ctx) => {
    const metered = await settleUsage(ctx, prep.reservation, {
      kind: 'chat',
      model: model.model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      requests: 1,
      tokensEstimated,
    });
    const [row] = await ctx.db
      .insert(chatMessages)
      .values({
        tenantId: ctx.tenantId,
        sessionId: input.sessionId,
        role: 'assistant',
        content,
        stopped,
        citations,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        model: model.model,
        provider: model.provider,
        latencyMs,
        // Unpriced models are unknown, not free; the message keeps 0 and the usage event says "unpriced".
        costUsd: metered.costUsd ?? '0',
      })
      .returning({ id: chatMessages.id });
    await ctx.db
      .update(chatSessions)
      .set({ updatedAt: new Date() })
      .where(and(eq(chatSessions.tenantId, ctx.tenantId), eq(chatSessions.id, input.sessionId)));
    await recordAgentRun(ctx.db, ctx.tenantId, {
      ...runOf(input.sessionId, prep.contexts, started, startedAt),
      kind: 'chat',
      userId: ctx.userId,
      apiKeyId: usageSubject(ctx).apiKeyId,
      messageId: row!.id,
      model: model.model,
      provider: model.provider,
      status: stopped ? 'stopped' : 'succeeded',
      latencyMs,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: metered.costUsd,
    });
    await recordAudit(ctx, {
      action: 'chat.answer',
      resourceType: 'chat_message',
      resourceId: row!.id,
      payload: { sessionId: input.sessionId, citations: citations.length, model: model.model, stopped },
    });
    return { message: row!, budget: await lowTokenBudget(ctx) };
  });
  yield {
    type: 'done',
    message: { id: message.id, content, citations, model: model.model, provider: model.provider, latencyMs, stopped, ...usage },
    ...(budget ? { budget } : {}),
  };
}

/** What a call that started answering billed, estimated: what was sent and what was said. */
export function billedEstimate(question: string, contexts: ChatContext[], text: string) {
  return { inputTokens: countTokens([question, ...contexts.map((c) => c.content)].join('\n')), outputTokens: countTokens(text) };
}

/** The parts of a chat run known before it is stored: where, which passages, and when. */
function runOf(sessionId: string, contexts: ChatContext[], started: number, startedAt: Date) {
  return {
    sessionId,
    retrievedChunkIds: contexts.map((c) => c.chunkId),
    startedAt,
    finishedAt: new Date(),
    latencyMs: performance.now() - started,
  };
}

type UnansweredRun = ReturnType<typeof runOf> & { failure?: AgentFailure };

/**
 * A call that failed or was stopped before saying anything: its reservation is returned, the
 * request is recorded (with the tokens the provider billed: those it reported, or an estimate once
 * the answer had started; else none), and so is the run, failed with its failure or else stopped,
 * in one transaction.
 */
async function releaseFailed(
  inTenant: InTenant,
  reservation: Reservation | null,
  model: ChatModel,
  billed: { inputTokens: number; outputTokens: number; estimated: boolean } | null,
  run: UnansweredRun,
) {
  await inTenant(async (ctx) => {
    const inputTokens = billed?.inputTokens ?? 0;
    const outputTokens = billed?.outputTokens ?? 0;
    const metered = await settleUsage(ctx, reservation, {
      kind: 'chat',
      model: model.model,
      requests: 1,
      inputTokens,
      outputTokens,
      tokensEstimated: billed?.estimated ?? false,
      failed: Boolean(run.failure),
    });
    await recordAgentRun(ctx.db, ctx.tenantId, {
      ...run,
      kind: 'chat',
      userId: ctx.userId,
      apiKeyId: usageSubject(ctx).apiKeyId,
      model: model.model,
      provider: model.provider,
      status: run.failure ? 'failed' : 'stopped',
      inputTokens,
      outputTokens,
      costUsd: metered.costUsd,
    });
  });
}
