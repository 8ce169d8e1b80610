import 'server-only';
import type { RestContext } from './endpoint';
import { toRestError } from './errors';

/** Sends one event: its name and JSON data. */
export type SendEvent = (event: string, data: unknown) => void;

/** While nothing is sent for this long, a comment line is, so proxies do not close a quiet stream. */
export const HEARTBEAT_MS = 15_000;

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
  options: { signal?: AbortSignal; what?: string; heartbeatMs?: number; headers?: Record<string, string> } = {},
): Response {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const encoder = new TextEncoder();
  const aborted = new AbortController();
  options.signal?.addEventListener('abort', () => aborted.abort(), { once: true });
  // False once the client went away or the stream ended: nothing more may be enqueued.
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastWrite = Date.now();
      const write = (text: string) => {
        if (!open) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const send: SendEvent = (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      heartbeat = setInterval(
        () => {
          if (Date.now() - lastWrite >= heartbeatMs) write(': keep-alive\n\n');
        },
        Math.max(10, Math.floor(heartbeatMs / 3)),
      );
      try {
        const result = await produce(send, aborted.signal);
        await ctx.idempotency?.complete({ status: result.status, body: result.body, headers: result.headers ?? {} });
      } catch (error) {
        await ctx.idempotency?.release().catch(() => {});
        const rest = toRestError(error, options.what ?? 'event stream');
        send('error', { error: { code: rest.code, message: rest.message, details: rest.details ?? null } });
      } finally {
        clearInterval(heartbeat);
        if (open) controller.close();
        open = false;
      }
    },
    cancel() {
      clearInterval(heartbeat);
      open = false;
      aborted.abort();
    },
  });
  return new Response(stream, {
    status: 200,
    // no-transform: compression (Next.js's own, a proxy's) would hold events back to fill a block;
    // nginx buffers unless told not to.
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
      ...options.headers,
    },
  });
}
