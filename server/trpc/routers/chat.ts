import { z } from 'zod';
import { askQuestion, type AskEvent } from '@/server/chat/ask';
import { createSession, deleteSession, getSession, listSessions, rateMessage, updateSession } from '@/server/chat/sessions';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure, streamProcedure } from '../init';
import { idInput, nameInput } from '@/server/shared/schema';

const citation = z.object({
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

const session = z.object({
  id: z.uuid(),
  title: z.string(),
  isArchived: z.boolean(),
  collectionIds: z.array(z.uuid()),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const use = permissionProcedure('chat:use');

export const chatRouter = createTRPCRouter({
  list: use
    .input(z.object({ archived: z.boolean().default(false), search: z.string().trim().max(200).optional(), ...pageInput }))
    .output(pageOf(session.extend({ lastMessage: z.string().nullable() })))
    .query(({ ctx, input }) => listSessions(ctx.service, input)),

  get: use
    .input(idInput)
    .output(
      session.extend({
        messages: z.array(
          z.object({
            id: z.uuid(),
            role: z.enum(['user', 'assistant', 'system', 'tool']),
            content: z.string(),
            citations: z.array(citation),
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
      }),
    )
    .query(({ ctx, input }) => getSession(ctx.service, input.id)),

  /** A new chat over the chosen collections (none chosen: every collection the user can read). */
  create: use
    .input(z.object({ collectionIds: z.array(z.uuid()).max(50).default([]) }))
    .output(session.passthrough())
    .mutation(({ ctx, input }) => createSession(ctx.service, input)),

  update: use
    .input(
      z.object({
        id: z.uuid(),
        title: nameInput('Title', 200).optional(),
        isArchived: z.boolean().optional(),
        collectionIds: z.array(z.uuid()).max(50).optional(),
      }),
    )
    .output(session.passthrough())
    .mutation(({ ctx, input }) => updateSession(ctx.service, input)),

  delete: use.input(idInput).output(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => deleteSession(ctx.service, input)),

  rate: use
    .input(z.object({ messageId: z.uuid(), rating: z.enum(['up', 'down']), comment: z.string().trim().max(2000).optional() }))
    .output(z.object({ messageId: z.uuid(), rating: z.enum(['up', 'down']), comment: z.string().nullable() }))
    .mutation(({ ctx, input }) => rateMessage(ctx.service, input)),

  /**
   * Asks a question and streams the answer (server-sent events): `started`, then `delta`s, then
   * `done` with the stored message and its citations, or `error` with a sentence. Closing the
   * stream stops the answer; what was said so far is kept, marked as stopped.
   */
  onAnswer: streamProcedure('chat:use')
    .input(z.object({ sessionId: z.uuid(), question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2,000 characters.') }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<AskEvent> {
      yield* askQuestion(ctx.inTenant, input, signal);
    }),
});
