import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { resolveRequest } from '@/server/auth/session';
import { createTRPCContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createTRPCContext({
        headers: req.headers,
        resolveSession: () => resolveRequest(req.headers, new URL(req.url).pathname),
        setCookie: (cookie) => resHeaders.append('set-cookie', cookie),
      }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });

export { handler as GET, handler as POST };
