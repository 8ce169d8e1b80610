import { z } from 'zod';
import { askQuestion } from '@/server/chat/ask';
import {
  askInput,
  createSessionInput,
  rateInput,
  rateOutput,
  sessionDetailOutput,
  sessionListInput,
  sessionListItem,
  sessionOutput,
  sourceInput,
  sourceOutput,
  updateSessionInput,
} from '@/server/chat/schema';
import { citationSource } from '@/server/chat/sources';
import { createSession, deleteSession, getSession, listSessions, rateMessage, updateSession } from '@/server/chat/sessions';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure, streamProcedure } from '../init';

const use = permissionProcedure('chat:use');

export const chatRouter = createTRPCRouter({
  list: use
    .input(sessionListInput)
    .output(pageOf(sessionListItem))
    .query(({ ctx, input }) => listSessions(ctx.service, input)),

  get: use
    .input(idInput)
    .output(sessionDetailOutput)
    .query(({ ctx, input }) => getSession(ctx.service, input)),

  /** A new chat over the chosen collections (none chosen: every collection the user can read). */
  create: use
    .input(createSessionInput)
    .output(sessionOutput.passthrough())
    .mutation(({ ctx, input }) => createSession(ctx.service, input)),

  update: use
    .input(updateSessionInput)
    .output(sessionOutput.passthrough())
    .mutation(({ ctx, input }) => updateSession(ctx.service, input)),

  delete: use
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteSession(ctx.service, input)),

  /** A citation of the person's own answer with its passage, for the source panel beside the chat. */
  source: use
    .input(sourceInput)
    .output(sourceOutput)
    .query(({ ctx, input }) => citationSource(ctx.service, input)),

  rate: use
    .input(rateInput)
    .output(rateOutput)
    .mutation(({ ctx, input }) => rateMessage(ctx.service, input)),

  /**
   * Asks a question and streams the answer (server-sent events): `started`, then `delta`s, then
   * `done` with the stored message and its citations, or `error` with a sentence. Closing the
   * stream stops the answer; what was said so far is kept, marked as stopped.
   */
  onAnswer: streamProcedure('chat:use')
    .input(askInput)
    .subscription(({ ctx, input, signal }) => askQuestion(ctx.inTenant, input, signal)),
});
