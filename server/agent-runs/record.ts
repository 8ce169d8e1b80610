import 'server-only';
import type { Tx } from '@/db/client';
import { agentFailures, agentRuns, type AGENT_FAILURE_STAGES, type AGENT_RUN_KINDS, type AGENT_RUN_STATUSES } from '@/db/schema';
import { ProviderError } from '@/server/ai/openai';

export type AgentFailure = {
  stage: (typeof AGENT_FAILURE_STAGES)[number];
  /** Short and stable: `http_503`, `timeout`, `unreachable`, `internal`… */
  errorCode: string;
  /** A sentence safe to show a tenant admin: never a provider's body or a stack. */
  message: string;
  retryable: boolean;
};

export type AgentRunInput = {
  kind: (typeof AGENT_RUN_KINDS)[number];
  userId: string | null;
  apiKeyId: string | null;
  sessionId?: string | null;
  messageId?: string | null;
  evaluationId?: string | null;
  model: string;
  provider: string;
  status: (typeof AGENT_RUN_STATUSES)[number];
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when the model has no price. */
  costUsd: string | null;
  retrievedChunkIds: string[];
  startedAt: Date;
  finishedAt: Date;
  /** Required exactly when status is 'failed'. */
  failure?: AgentFailure;
};

const MAX_MESSAGE = 500;

/**
 * Records one finished answer (a chat answer or an evaluation case) and its failure, in the
 * caller's transaction, so the run is kept exactly when what it describes is (the stored answer,
 * the usage settled): a rolled-back answer leaves no run.
 */
export async function recordAgentRun(tx: Tx, tenantId: string, input: AgentRunInput): Promise<{ id: string }> {
  if ((input.status === 'failed') !== Boolean(input.failure)) {
    throw new Error(`A ${input.status} run ${input.failure ? 'cannot have' : 'needs'} a failure.`);
  }
  const finishedAt = input.finishedAt < input.startedAt ? input.startedAt : input.finishedAt;
  const [run] = await tx
    .insert(agentRuns)
    .values({
      tenantId,
      kind: input.kind,
      userId: input.userId,
      apiKeyId: input.apiKeyId,
      sessionId: input.sessionId ?? null,
      messageId: input.messageId ?? null,
      evaluationId: input.evaluationId ?? null,
      model: input.model,
      provider: input.provider,
      status: input.status,
      latencyMs: Math.max(0, Math.round(input.latencyMs)),
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      costUsd: input.costUsd,
      retrievedChunkIds: input.retrievedChunkIds,
      startedAt: input.startedAt,
      finishedAt,
    })
    .returning({ id: agentRuns.id });
  if (input.failure) {
    await tx.insert(agentFailures).values({
      tenantId,
      runId: run!.id,
      stage: input.failure.stage,
      errorCode: input.failure.errorCode,
      message: input.failure.message.slice(0, MAX_MESSAGE),
      retryable: input.failure.retryable,
    });
  }
  return run!;
}

/**
 * What a failed model call was, and whether asking again may succeed: timeouts, broken
 * connections, rate limits and 5xx are passing; other 4xx, redirects and a refused address are
 * not. An error of our own is recorded without its text (it may name internals) and as not
 * retryable, since nothing says it will go away.
 */
export function modelFailure(error: unknown): AgentFailure {
  if (!(error instanceof ProviderError)) {
    return { stage: 'model', errorCode: 'internal', message: 'The answer failed on our side.', retryable: false };
  }
  const { code, status, userMessage } = error;
  if (code === 'http' && status !== undefined) {
    const retryable = status >= 500 || status === 429 || status === 408;
    return { stage: 'model', errorCode: `http_${status}`, message: userMessage, retryable };
  }
  const retryable = code === 'timeout' || code === 'unreachable' || code === 'broken_off' || code === 'stream_error';
  return { stage: 'model', errorCode: code, message: userMessage, retryable };
}
