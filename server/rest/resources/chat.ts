import 'server-only';
import { z } from 'zod';
import { listMessagesAfter, listSessionsAfter } from '@/server/chat/history';
import { askInput, createSessionInput } from '@/server/chat/schema';
import { createSession, ownSession } from '@/server/chat/sessions';
import { answerQuestion, replayAnswer } from '../chat-ask';
import { chatMessageSchema, chatSessionSchema, chatStreamEventSchema, restMessage } from '../chat-schema';
import { decodeCursor, pageBody } from '../cursor';
import { defineEndpoint, jsonBody, reply } from '../endpoint';
import { idParam, pageOf, pageQuery } from '../schema';

const TAGS: [string] = ['Chat'];

/** 16 KB is ample for a question of at most 2,000 characters; more is refused before it is read. */
const QUESTION_MAX_BYTES = 16 * 1024;

const questionBody = askInput
  .omit({ sessionId: true })
  .meta({ id: 'Question', examples: [{ question: 'How many vacation days do new employees get?' }] });

export const chatEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/chat/sessions',
    operationId: 'createChatSession',
    summary: 'Start a chat',
    description:
      'A chat belongs to the key’s creator (it shows in their console). `collectionIds` limits what it answers from; empty or omitted, every collection the key can read.',
    tags: TAGS,
    scope: 'chat:use',
    body: jsonBody(createSessionInput),
    responses: {
      201: {
        description: 'Created.',
        schema: chatSessionSchema,
        headers: { Location: { description: 'The URL of the new chat.' } },
      },
    },
    errors: ['not_found'],
    handler: async ({ body, ctx }) => {
      const session = await ctx.run((s) => createSession(s, body), { mutation: true });
      return reply(201, session, { location: `${ctx.origin}/api/v1/chat/sessions/${session.id}` });
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/chat/sessions',
    operationId: 'listChatSessions',
    summary: 'List chats',
    description: 'The chats of the key’s creator, newest first (archived ones included).',
    tags: TAGS,
    scope: 'chat:use',
    query: z.object(pageQuery),
    responses: { 200: { description: 'A page of chats.', schema: pageOf(chatSessionSchema) } },
    handler: async ({ query, ctx }) => {
      const page = await ctx.run((s) => listSessionsAfter(s, { limit: query.limit, after: decodeCursor(query.cursor) }));
      return reply(200, pageBody(page));
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/chat/sessions/{id}',
    operationId: 'getChatSession',
    summary: 'Get a chat',
    tags: TAGS,
    scope: 'chat:use',
    params: idParam,
    responses: { 200: { description: 'The chat.', schema: chatSessionSchema } },
    handler: async ({ params, ctx }) => reply(200, await ctx.run((s) => ownSession(s, params.id))),
  }),
  defineEndpoint({
    method: 'POST',
    path: '/chat/sessions/{id}/questions',
    operationId: 'askQuestion',
    summary: 'Ask a question',
    description: `Answers from the documents the key can read, every claim cited. Two ways to receive the answer:

- **JSON** (default): the request waits, then **201** with the answer message and its citations.
- **Server-Sent Events**: send \`Accept: text/event-stream\` and get **200** with a stream of events as the answer is written: \`started\` (\`{questionId, sessionId}\`), \`token\` (\`{text}\`, in order), one \`citation\` per source, then \`done\` (the stored answer message, as the JSON reply). A failure after the stream started is an \`error\` event (\`{error: {code, message, details}}\`) and the stream ends. Comment lines (\`: keep-alive\`) are sent while the answer is being prepared. Closing the connection stops the answer; what was said is kept, marked \`stopped\`.

A refusal before anything is answered (unknown chat, a used-up token quota) is a plain JSON error in both cases. With \`Idempotency-Key\`, a retry returns the stored answer (as JSON, or as a short stream of \`token\`, \`citation\` and \`done\`).`,
    tags: TAGS,
    scope: 'chat:use',
    params: idParam,
    body: jsonBody(questionBody, { maxBytes: QUESTION_MAX_BYTES }),
    idempotent: true,
    replay: replayAnswer,
    responses: {
      200: {
        description: 'With `Accept: text/event-stream`: the answer as Server-Sent Events; the schema is that of each event’s `data`.',
        contentType: 'text/event-stream',
        schema: chatStreamEventSchema,
      },
      201: { description: 'The answer, stored, with its citations.', schema: chatMessageSchema },
    },
    errors: ['quota_exceeded', 'answer_failed'],
    handler: ({ req, params, body, ctx }) => answerQuestion({ req, ctx, sessionId: params.id, question: body.question }),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/chat/sessions/{id}/messages',
    operationId: 'listChatMessages',
    summary: 'List a chat’s messages',
    description: 'Questions and answers, oldest first; each answer with the citations it was given.',
    tags: TAGS,
    scope: 'chat:use',
    params: idParam,
    query: z.object(pageQuery),
    responses: { 200: { description: 'A page of messages.', schema: pageOf(chatMessageSchema) } },
    handler: async ({ params, query, ctx }) => {
      const page = await ctx.run((s) =>
        listMessagesAfter(s, { sessionId: params.id, limit: query.limit, after: decodeCursor(query.cursor) }),
      );
      return reply(200, pageBody({ items: page.items.map(restMessage), next: page.next }));
    },
  }),
];
