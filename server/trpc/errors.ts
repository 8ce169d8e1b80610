import 'server-only';
import { TRPCError } from '@trpc/server';
import { AppError, type AppErrorCode } from '@/server/shared/errors';

/** The one mapping from domain errors to tRPC codes (each AppError code is also a tRPC code). */
const TRPC_CODES: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  // tRPC has no 507; the sentence says what is full.
  INSUFFICIENT_STORAGE: 'PAYLOAD_TOO_LARGE',
};

/**
 * Any error as the TRPCError the client sees. An AppError thrown in a resolver reaches the
 * middlewares wrapped as an INTERNAL_SERVER_ERROR whose cause it is; it is unwrapped here.
 */
export function toTRPCError(error: unknown): TRPCError {
  const app =
    error instanceof AppError
      ? error
      : error instanceof TRPCError && error.code === 'INTERNAL_SERVER_ERROR' && error.cause instanceof AppError
        ? error.cause
        : null;
  if (app) return new TRPCError({ code: TRPC_CODES[app.code], message: app.message, cause: app });
  if (error instanceof TRPCError) return error;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
}
