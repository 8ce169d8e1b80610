import 'server-only';
import { z } from 'zod';
import { askQuestion, type AskEvent } from '@/server/chat/ask';
import { getMessage } from '@/server/chat/history';
import type { RestContext } from './endpoint';
import { RestError } from './errors';
import { REPLAYED_HEADER, type StoredResponse } from './idempotency';
import { chatMessageSchema, restMessage } from './chat-schema';
import { eventStreamResponse } from './sse';

/** Whether the client asked for the answer as Server-Sent Events (`Accept: text/event-stream`). */
export function wantsEventStream(req: Request): boolean {
  return /\btext\/event-stream\b/i.test(req.headers.get('accept') ?? '');
}

/** An error event of askQuestion as the API names it: a quota refusal (429, before anything) or a model failure (502). */
function refusalOf(event: Extract<AskEvent, { type: 'error' }>): RestError {
  if (event.code === 'TOO_MANY_REQUESTS') {
    return new RestError(
      'quota_exceeded',
      event.message,
      { limit: event.limit ?? null },
      event.retryAfterSeconds ? { 'retry-after': String(event.retryAfterSeconds) } : {},
    );
  }
  return new RestError('answer_failed', event.message);
}

const stoppedAnswer = () => new RestError('answer_failed', 'The answer was stopped before it was complete.');

/**
 * POST /chat/sessions/{id}/questions: askQuestion (the console's own chat, same retrieval under
 * the key's RLS, same quotas) as one JSON reply or as Server-Sent Events. The first event is
 * awaited before answering, so an unknown chat or a used-up quota is a plain 404/429 either way.
 * The stream stops the answer when the client goes away (the request's signal); the answer said
 * so far is kept, marked stopped, and its Idempotency-Key released (a retry asks again).
 */
export async function answerQuestion({
  req,
  ctx,
  sessionId,
  question,
}: {
  req: Request;
  ctx: RestContext;
  sessionId: string;
  question: string;
}): Promise<{ status: 201; body: z.output<typeof chatMessageSchema> } | Response> {
  const stop = new AbortController();
  const onClientGone = () => stop.abort();
  if (req.signal.aborted) stop.abort();
  else req.signal.addEventListener('abort', onClientGone, { once: true });
  const events = askQuestion((fn) => ctx.run(fn), { sessionId, question }, stop.signal);
  const stored = async (id: string) => {
    const row = await ctx.run((s) => getMessage(s, { sessionId, messageId: id }));
    if (!row) throw new Error(`the answer ${id} was not found right after it was stored`);
    return restMessage(row);
  };

  let first: IteratorResult<AskEvent>;
  try {
    first = await events.next();
  } catch (error) {
    req.signal.removeEventListener('abort', onClientGone);
    throw error;
  }
  if (!first.done && first.value.type === 'error') {
    req.signal.removeEventListener('abort', onClientGone);
    throw refusalOf(first.value);
  }

  if (!wantsEventStream(req)) {
    try {
      let event = first;
      while (!event.done) {
        if (event.value.type === 'error') throw refusalOf(event.value);
        if (event.value.type === 'done') {
          if (event.value.message.stopped) throw stoppedAnswer();
          return { status: 201, body: await stored(event.value.message.id) };
        }
        event = await events.next();
      }
      throw stoppedAnswer();
    } finally {
      req.signal.removeEventListener('abort', onClientGone);
    }
  }

  return eventStreamResponse(
    ctx,
    async (send, signal) => {
      // The client went away (request signal or body cancelled): the model stops; the loop below
      // still drains the answer so what was said is stored, marked stopped, as in the console.
      if (signal.aborted) stop.abort();
      else signal.addEventListener('abort', () => stop.abort(), { once: true });
      try {
        for (let event = first; !event.done; event = await events.next()) {
          const e = event.value;
          if (e.type === 'started') send('started', { questionId: e.userMessageId, sessionId });
          else if (e.type === 'delta') send('token', { text: e.text });
          else if (e.type === 'error') throw refusalOf(e);
          else {
            const message = await stored(e.message.id);
            for (const citation of message.citations) send('citation', citation);
            const wire = z.encode(chatMessageSchema, message);
            send('done', wire);
            // A stopped answer is not one to replay: its key is released and a retry asks again.
            if (message.stopped) throw stoppedAnswer();
            return { status: 201, body: wire };
          }
        }
        throw stoppedAnswer();
      } finally {
        req.signal.removeEventListener('abort', onClientGone);
      }
    },
    { signal: req.signal, what: 'api.askQuestion' },
  );
}

/**
 * A repeated Idempotency-Key of a question: the stored answer, as JSON (the dispatcher's
 * default) or, when the client asks for events, as a short stream of the whole text, its
 * citations and `done`.
 */
export function replayAnswer(stored: StoredResponse, req: Request): Response | null {
  if (!wantsEventStream(req) || !chatMessageSchema.safeParse(stored.body).success) return null;
  const message = stored.body as z.input<typeof chatMessageSchema>;
  return eventStreamResponse(
    { idempotency: null },
    async (send) => {
      send('token', { text: message.content });
      for (const citation of message.citations) send('citation', citation);
      send('done', message);
      return { status: stored.status, body: message };
    },
    { headers: { [REPLAYED_HEADER]: 'true' } },
  );
}
