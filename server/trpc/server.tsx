import 'server-only';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache, type ReactNode } from 'react';
import { getSessionResolution } from '@/server/auth/session';
import { createTRPCContext } from './init';
import { makeQueryClient } from '@/lib/query-client';
import { appRouter, createCaller } from './root';

/** One query client per server request. */
export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => createTRPCContext({ headers: new Headers(await headers()), resolveSession: getSessionResolution }));

/** For server components: `prefetch(trpc.x.list.queryOptions())` then render inside HydrateClient. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/** For server components that need a value itself (not a cache entry): the same procedures, same checks. */
export const serverCaller = cache(() => createCaller(createContext));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
