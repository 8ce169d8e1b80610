import 'server-only';
import type { RestContext } from './endpoint';
import { toRestError } from './errors';

/** Sends one event: its name and JSON data. */
export type SendEvent = (event: string, data: unknown) => void;

/** What a finished stream leaves behind for an Idempotency-Key replay: the whole answer as JSON. */
export type StreamResult = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A `text/event-stream` response for a handler that streams (an answer as it is written). `produce`
 * sends events and returns the final JSON; with an Idempotency-Key claimed, that JSON is what a
 * repeat of the request gets (as `application/json`), and a stream that failed releases the key so
 * the request can be retried. A failure mid-stream is sent as an `error` event in the API's error
 * shape, then the stream ends. The stream stops producing when the client goes away (`signal`).
 */
export function eventStreamResponse(
  ctx: Pick<RestContext, 'idempotency'>,
  produce: (send: SendEvent, signal: AbortSignal) => Promise<StreamResult>,
  options: { signal?: AbortSignal; what?: string } = {},
): Response {
  const encoder = new TextEncoder();
  const aborted = new AbortController();
  options.signal?.addEventListener('abort', () => aborted.abort(), { once: true });
  // False once the client went away or the stream ended: nothing more may be enqueued.
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send: SendEvent = (event, data) => {
        if (!open) return;
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      try {
        const result = await produce(send, aborted.signal);
        await ctx.idempotency?.complete({ status: result.status, body: result.body, headers: result.headers ?? {} });
      } catch (error) {
        await ctx.idempotency?.release().catch(() => {});
        const rest = toRestError(error, options.what ?? 'event stream');
        send('error', { error: { code: rest.code, message: rest.message, details: rest.details ?? null } });
      } finally {
        if (open) controller.close();
        open = false;
      }
    },
    cancel() {
      open = false;
      aborted.abort();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}
