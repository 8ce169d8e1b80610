import 'server-only';
import { createCallerFactory, createTRPCRouter } from './init';
import { sessionRouter } from './routers/session';

/** Every router of the console; one file per domain under routers/. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
