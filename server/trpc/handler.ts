import 'server-only';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_MAX_BATCH, TRPC_MAX_BODY_BYTES } from '@/lib/limits';
import { resolveRequest } from '@/server/auth/session';
import { createTRPCContext } from './init';
import { appRouter } from './root';
import { responseForError } from '@/server/http/errors';
import { withCappedBody } from '@/server/http/body';

/**
 * /api/trpc: the tRPC fetch adapter behind two bounds. A body is refused past 1 MB before more
 * is buffered, and a batch of more than 10 calls is refused (400) before any of them runs.
 */
export async function handleTrpc(req: Request): Promise<Response> {
  let request: Request;
  try {
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
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
}
