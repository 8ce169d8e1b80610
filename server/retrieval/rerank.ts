import 'server-only';
import type { RerankMode } from '@/db/schema';
import { OpenAICompatibleModel } from '@/server/ai/openai';
import type { ChatModel } from '@/server/ai/chat-model';
import { contentWords } from '@/server/ai/text';
import type { TenantServiceContext } from '@/server/auth/types';
import { countTokens } from '@/server/documents/chunk';
import { reserveTokens, settleUsage } from '@/server/usage/reserve';
import type { RetrievedChunk } from './search';

/** How many of the fused candidates a rerank looks at (retrieval asks for this many, then keeps top K). */
export const RERANK_POOL = 20;
/** What the model sees of each passage: enough to judge it, not the whole chunk. */
const PASSAGE_CHARS = 700;
const MODEL_MAX_TOKENS = 100;
/** A rerank is an optimisation: a slow model must not hold the question (and its transaction) long. */
const MODEL_TIMEOUT_MS = 15_000;

/** BM25's usual constants: term frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/** Each value over the largest, so the parts of the mix weigh alike (0 when all are 0). */
function normalised(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? v / max : 0));
}

/** BM25 of the query over the candidates, with document frequencies taken within the candidates. */
export function bm25Scores(query: string, texts: string[]): number[] {
  const terms = [...new Set(contentWords(query))];
  const docs = texts.map((t) => contentWords(t));
  const average = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const df = new Map(terms.map((term) => [term, docs.filter((d) => d.includes(term)).length]));
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
    return terms.reduce((score, term) => {
      const f = tf.get(term) ?? 0;
      if (f === 0) return score;
      const idf = Math.log(1 + (docs.length - df.get(term)! + 0.5) / (df.get(term)! + 0.5));
      return score + (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / Math.max(1, average)));
    }, 0);
  });
}

/**
 * The candidates reordered by a mix of what the words say and what the vectors say: BM25 of the
 * question over each chunk (0.45), the cosine similarity retrieval returned (0.4) and the fused
 * rank it came with (0.15), each normalised over the candidates. Stable for ties.
 */
export function mixRerank(query: string, chunks: RetrievedChunk[]): RetrievedChunk[] {
  const lexical = normalised(
    bm25Scores(
      query,
      chunks.map((c) => c.content),
    ),
  );
  const semantic = normalised(chunks.map((c) => Math.max(0, c.similarity ?? 0)));
  const fused = normalised(chunks.map((c) => c.score));
  return chunks
    .map((chunk, i) => ({ chunk, i, mix: 0.45 * lexical[i]! + 0.4 * semantic[i]! + 0.15 * fused[i]! }))
    .sort((a, b) => b.mix - a.mix || a.i - b.i)
    .map((x) => x.chunk);
}

/** The messages asking a model to order passages: numbered, trimmed, with a strict reply format. */
export function rerankMessages(query: string, chunks: RetrievedChunk[]) {
  const passages = chunks.map((c, i) => `[${i + 1}] ${c.content.replace(/\s+/g, ' ').slice(0, PASSAGE_CHARS)}`).join('\n\n');
  return [
    {
      role: 'system',
      content:
        'You rank passages by how well they answer a question. Reply with a JSON array of the passage numbers, ' +
        'most useful first, for example [3, 1, 2]. Leave out passages that do not help. Reply with the array only.',
    },
    { role: 'user', content: `Question: ${query}\n\nPassages:\n\n${passages}` },
  ];
}

/**
 * The model's order as indexes into the candidates: the first JSON array of numbers in the reply,
 * numbers outside the list or repeated ignored, and the candidates it left out after those it
 * ranked, in their fused order. Null when the reply holds no usable order.
 */
export function parseOrder(reply: string, count: number): number[] | null {
  const match = /\[[\d\s,]*\]/.exec(reply);
  if (!match) return null;
  let numbers: unknown;
  try {
    numbers = JSON.parse(match[0]);
  } catch {
    return null;
  }
  if (!Array.isArray(numbers)) return null;
  const order: number[] = [];
  for (const n of numbers) {
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= count && !order.includes(n - 1)) order.push(n - 1);
  }
  if (order.length === 0) return null;
  for (let i = 0; i < count; i++) if (!order.includes(i)) order.push(i);
  return order;
}

/**
 * Asks the tenant's model to order the candidates: one call at temperature 0 through its guarded
 * egress, reserved against the quotas and metered like any other call. Any failure (quota, network,
 * timeout, an unusable reply) keeps the fused order: a rerank never costs the question its answer.
 */
export async function modelRerank(
  ctx: TenantServiceContext,
  model: OpenAICompatibleModel,
  query: string,
  chunks: RetrievedChunk[],
  kind: 'chat' | 'evaluation',
): Promise<RetrievedChunk[]> {
  const messages = rerankMessages(query, chunks);
  const prompt = countTokens(messages.map((m) => m.content).join('\n'));
  let reservation;
  try {
    reservation = await reserveTokens(ctx, {
      model: model.model,
      inputTokens: Math.ceil(prompt * 1.25) + 32,
      outputTokens: MODEL_MAX_TOKENS,
    });
  } catch {
    // Refused by a quota: the question itself will meet the same limit and say so.
    return chunks;
  }
  let text = '';
  let usage: { inputTokens: number; outputTokens: number } | null = null;
  try {
    for await (const event of model.chat(messages, AbortSignal.timeout(MODEL_TIMEOUT_MS), {
      temperature: 0,
      maxTokens: MODEL_MAX_TOKENS,
    })) {
      if (event.type === 'delta') text += event.text;
      else usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
    }
  } catch (error) {
    console.warn('rerank by the model failed; the fused order stands:', error instanceof Error ? error.message : String(error));
    // Billed as far as it got: what was sent once it began answering, else nothing.
    await settleUsage(ctx, reservation, {
      kind,
      model: model.model,
      requests: 1,
      inputTokens: text ? prompt : 0,
      outputTokens: countTokens(text),
      tokensEstimated: Boolean(text),
      failed: true,
    });
    return chunks;
  }
  await settleUsage(ctx, reservation, {
    kind,
    model: model.model,
    requests: 1,
    inputTokens: usage?.inputTokens ?? prompt,
    outputTokens: usage?.outputTokens ?? countTokens(text),
    tokensEstimated: !usage,
  });
  const order = parseOrder(text, chunks.length);
  return order ? order.map((i) => chunks[i]!) : chunks;
}

/**
 * The candidates in the order the tenant's rerank setting asks for. `model` falls back to the
 * score mix when the workspace has no OpenAI-compatible model (the offline answerer cannot rank).
 */
export async function rerank(
  ctx: TenantServiceContext,
  input: { mode: RerankMode; query: string; chunks: RetrievedChunk[]; model?: ChatModel; kind?: 'chat' | 'evaluation' },
): Promise<RetrievedChunk[]> {
  if (input.mode === 'off' || input.chunks.length < 2) return input.chunks;
  if (input.mode === 'model' && input.model instanceof OpenAICompatibleModel) {
    return modelRerank(ctx, input.model, input.query, input.chunks, input.kind ?? 'chat');
  }
  return mixRerank(input.query, input.chunks);
}
