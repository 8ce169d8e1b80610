import 'server-only';

/** One Server-Sent Event: its name and a JSON payload. */
export type SseEvent = { event: string; data: unknown };

/** A comment line every so often keeps proxies and load balancers from closing a quiet stream. */
export const SSE_HEARTBEAT_MS = 15_000;

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: compression (Next.js's own, a proxy's) would hold events back to fill a block.
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx buffers responses unless told not to.
  'x-accel-buffering': 'no',
};

export function formatSse({ event, data }: SseEvent): string {
  // JSON never contains a raw newline, so the payload is always one `data:` line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A `text/event-stream` response of `events`. `stop` is aborted when the client goes away (the
 * request's signal, or the body being cancelled), so the work producing the events can stop;
 * while nothing is sent for `heartbeatMs`, a comment line is.
 */
export function sseResponse(
  events: AsyncIterable<SseEvent>,
  options: { stop: AbortController; heartbeatMs?: number; status?: number; headers?: Record<string, string> },
): Response {
  const encoder = new TextEncoder();
  const { stop, heartbeatMs = SSE_HEARTBEAT_MS } = options;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastWrite = Date.now();
      const write = (text: string) => {
        if (stop.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
          lastWrite = Date.now();
        } catch {
          // The client went away between two events.
          stop.abort();
        }
      };
      heartbeat = setInterval(
        () => {
          if (Date.now() - lastWrite >= heartbeatMs) write(': keep-alive\n\n');
        },
        Math.max(10, Math.floor(heartbeatMs / 3)),
      );
      try {
        // Drained even after the client left: the producer sees `stop` and finishes its own work
        // (a stopped answer is still stored), which breaking out of the loop would cut short.
        for await (const event of events) write(formatSse(event));
      } finally {
        clearInterval(heartbeat);
        if (!stop.signal.aborted) controller.close();
      }
    },
    cancel() {
      clearInterval(heartbeat);
      stop.abort();
    },
  });
  return new Response(body, { status: options.status ?? 200, headers: { ...SSE_HEADERS, ...options.headers } });
}
