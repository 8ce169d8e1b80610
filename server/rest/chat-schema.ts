import { z } from 'zod';
import type { Citation } from '@/db/schema';
import { dateTime, errorSchema } from './schema';

/** The chat resources as the public API shows them; their fields are named for integrators. */

const CITATION_EXAMPLE = {
  n: 1,
  documentId: '5b0c1f9e-2f4a-4c1e-9d3b-7a8e6f5d4c3b',
  documentName: 'travel-policy.pdf',
  page: 3,
  quote: 'Hotel stays are capped at 180 euros per night.',
  chunkId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  score: 0.0328,
};

export const citationSchema = z
  .object({
    n: z.number().int().meta({ description: 'The marker `[n]` in the answer’s text.' }),
    documentId: z.uuid(),
    documentName: z.string().meta({ description: 'The document’s file name when it was cited.' }),
    page: z.number().int().nullable().meta({ description: 'The page the passage is on (PDF, slides); null for formats without pages.' }),
    quote: z.string().meta({ description: 'The sentence of the passage that supports the claim.' }),
    chunkId: z.uuid().meta({ description: 'The passage (chunk) of the document that was retrieved.' }),
    score: z.number().meta({ description: 'Retrieval score of the passage (higher is more relevant).' }),
  })
  .meta({
    id: 'Citation',
    description: 'A source of an answer: a passage of a document the key could read when it asked.',
    examples: [CITATION_EXAMPLE],
  });

export const chatSessionSchema = z
  .object({
    id: z.uuid(),
    title: z.string().meta({ description: '"New chat" until the first question names it (unless a title was given).' }),
    collectionIds: z.array(z.uuid()).meta({ description: 'The collections it answers from; empty: every collection the key can read.' }),
    isArchived: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'ChatSession',
    description: 'A conversation: its questions and answers are its messages.',
    examples: [
      {
        id: '036dc05e-c32c-4402-aad9-cfc0ab7169f9',
        title: 'How much can a hotel stay cost per night?',
        collectionIds: [],
        isArchived: false,
        createdAt: '2026-12-02T19:55:29.000Z',
        updatedAt: '2026-12-02T19:55:30.000Z',
      },
    ],
  });

export const chatMessageSchema = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    role: z.enum(['user', 'assistant', 'system', 'tool']).meta({ description: '`user`: a question; `assistant`: an answer.' }),
    content: z.string().meta({ description: 'The text; an answer marks each claim with `[n]`, the `n` of its citation.' }),
    citations: z.array(citationSchema),
    model: z.string().nullable().meta({ description: 'The model that answered; null for questions.' }),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    latencyMs: z.number().int().nullable(),
    stopped: z
      .boolean()
      .meta({ description: 'The answer was stopped before it was complete (the client went away); `content` is what had been said.' }),
    createdAt: dateTime,
  })
  .meta({
    id: 'ChatMessage',
    description: 'A question or an answer. Messages never change once stored.',
    examples: [
      {
        id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
        sessionId: '036dc05e-c32c-4402-aad9-cfc0ab7169f9',
        role: 'assistant',
        content: 'Hotel stays are capped at 180 euros per night [1].',
        citations: [CITATION_EXAMPLE],
        model: 'extractive-v1',
        inputTokens: 412,
        outputTokens: 14,
        latencyMs: 87,
        stopped: false,
        createdAt: '2026-12-02T19:55:30.000Z',
      },
    ],
  });

/** The `data` of each Server-Sent Event of a streamed answer; the `event:` line names which. */
export const chatStreamEventSchema = z
  .union([
    z.object({ questionId: z.uuid(), sessionId: z.uuid() }).meta({ title: 'started' }),
    z.object({ text: z.string() }).meta({ title: 'token' }),
    citationSchema,
    chatMessageSchema,
    errorSchema,
  ])
  .meta({
    id: 'ChatStreamEvent',
    description:
      '`started`: `{questionId, sessionId}`, the question is stored. `token`: `{text}`, the next piece of the answer. `citation`: a Citation, one per source, before `done`. `done`: the stored ChatMessage; the stream ends. `error`: an Error; the stream ends.',
  });

type StoredMessage = {
  id: string;
  sessionId: string;
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
  citations: Citation[];
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number | null;
  stopped: boolean;
  createdAt: Date;
};

export function restCitation(c: Citation): z.output<typeof citationSchema> {
  return { n: c.n, documentId: c.documentId, documentName: c.filename, page: c.page, quote: c.quote, chunkId: c.chunkId, score: c.score };
}

/** A stored message as the API shows it (decoded side: dates are Dates). */
export function restMessage(m: StoredMessage): z.output<typeof chatMessageSchema> {
  return {
    id: m.id,
    sessionId: m.sessionId,
    role: m.role,
    content: m.content,
    citations: m.citations.map(restCitation),
    model: m.model,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    latencyMs: m.latencyMs,
    stopped: m.stopped,
    createdAt: m.createdAt,
  };
}
