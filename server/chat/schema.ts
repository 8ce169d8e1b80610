import { z } from 'zod';
import { pageInput } from '@/server/shared/pagination';
import { nameInput } from '@/server/shared/schema';

/** The chat's contracts, shared by its router and its functions. */

export const citationOutput = z.object({
  n: z.number(),
  chunkId: z.uuid(),
  documentId: z.uuid(),
  filename: z.string(),
  page: z.number().nullable(),
  quote: z.string(),
  score: z.number(),
  charStart: z.number().optional(),
  charEnd: z.number().optional(),
});

export const sessionOutput = z.object({
  id: z.uuid(),
  title: z.string(),
  isArchived: z.boolean(),
  collectionIds: z.array(z.uuid()),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const sessionListInput = z.object({
  /** Archived chats are listed too (beside the others, not instead of them). */
  includeArchived: z.boolean().default(false),
  /** Words in a chat's title or in any of its messages. */
  search: z.string().trim().max(200, 'Keep the search under 200 characters.').optional(),
  ...pageInput,
});
export type SessionListInput = z.infer<typeof sessionListInput>;
export const sessionListItem = sessionOutput.extend({
  lastMessage: z.string().nullable(),
  /** With a search: the newest message that matches it, around the match. */
  matchedMessage: z.string().nullable(),
});

export const sessionDetailOutput = sessionOutput.extend({
  messages: z.array(
    z.object({
      id: z.uuid(),
      role: z.enum(['user', 'assistant', 'system', 'tool']),
      content: z.string(),
      citations: z.array(citationOutput),
      inputTokens: z.number(),
      outputTokens: z.number(),
      model: z.string().nullable(),
      provider: z.string().nullable(),
      latencyMs: z.number().nullable(),
      costUsd: z.number(),
      /** Stopped before it was complete: `content` is what had been said. */
      stopped: z.boolean(),
      createdAt: z.date(),
      rating: z.enum(['up', 'down']).nullable(),
      comment: z.string().nullable(),
    }),
  ),
});

/** A new chat over the chosen collections (none chosen: every collection the user can read). */
export const createSessionInput = z.object({
  collectionIds: z.array(z.uuid()).max(50).default([]),
  /** Unset: "New chat", which the first question replaces. */
  title: nameInput('Title', 200).optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionInput>;

export const updateSessionInput = z.object({
  id: z.uuid(),
  title: nameInput('Title', 200).optional(),
  isArchived: z.boolean().optional(),
  collectionIds: z.array(z.uuid()).max(50).optional(),
});
export type UpdateSessionInput = z.infer<typeof updateSessionInput>;

export const rateInput = z.object({ messageId: z.uuid(), rating: z.enum(['up', 'down']), comment: z.string().trim().max(2000).optional() });
export type RateInput = z.infer<typeof rateInput>;
export const rateOutput = z.object({ messageId: z.uuid(), rating: z.enum(['up', 'down']), comment: z.string().nullable() });

export const askInput = z.object({
  sessionId: z.uuid(),
  question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2,000 characters.'),
});
export type AskInput = z.infer<typeof askInput>;

/** One citation of an answer, by the answer's id and the citation's number. */
export const sourceInput = z.object({
  messageId: z.uuid('Not a valid message id.'),
  n: z.number().int('Not a citation number.').min(1, 'Not a citation number.').max(999, 'Not a citation number.'),
});
export type SourceInput = z.infer<typeof sourceInput>;

/**
 * What a citation points at, read now: the passage (null when its document was deleted, processed
 * again or is no longer readable by the person) and where the quoted sentence sits in it.
 */
export const sourceOutput = z.object({
  n: z.number(),
  documentId: z.uuid(),
  chunkId: z.uuid(),
  filename: z.string(),
  page: z.number().nullable(),
  quote: z.string(),
  chunk: z
    .object({
      content: z.string(),
      pageFrom: z.number().nullable(),
      pageTo: z.number().nullable(),
      section: z.string().nullable(),
      /** The quoted sentence in `content` (UTF-16 offsets), when it is still there. */
      quoteStart: z.number().nullable(),
      quoteEnd: z.number().nullable(),
    })
    .nullable(),
});
