import 'server-only';
import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_MAX_BATCH, TRPC_MAX_BODY_BYTES } from '@/lib/limits';
import { resolveRequest } from '@/server/auth/session';
import { createTRPCContext } from './init';
import { appRouter } from './root';
import { responseForError } from '@/server/http/errors';
import { withCappedBody } from '@/server/http/body';
import { assertSameOrigin } from '@/server/http/origin';
import { RateLimitedError } from '@/server/shared/errors';

/** The longest wait any call of the response was told to observe, for `Retry-After`. */
function retryAfterOf(errors: readonly TRPCError[]): number | null {
  const waits = errors.map((error) => (error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : 0));
  const longest = Math.max(0, ...waits);
  return longest > 0 ? longest : null;
}

/**
 * /api/trpc: the tRPC fetch adapter behind three checks. A mutation (POST) from another site is
 * refused (403) before anything is read, a body is refused past 1 MB before more is buffered,
 * and a batch of more than 10 calls is refused (400) before any of them runs. A call refused by
 * the rate limit answers 429 with `Retry-After`.
 */
export async function handleTrpc(req: Request): Promise<Response> {
  let request: Request;
  try {
    assertSameOrigin(req);
    request = await withCappedBody(req, TRPC_MAX_BODY_BYTES);
  } catch (error) {
    return responseForError(error, 'tRPC request');
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH,
    createContext: ({ resHeaders }) =>
      createTRPCContext({
        headers: request.headers,
        resolveSession: () => resolveRequest(request.headers, new URL(request.url).pathname),
        setCookie: (cookie) => resHeaders.append('set-cookie', cookie),
      }),
    responseMeta({ errors }) {
      const retryAfter = retryAfterOf(errors);
      return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {};
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
}
