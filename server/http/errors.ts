import 'server-only';
import { AppError, RateLimitedError, type AppErrorCode } from '@/server/shared/errors';

/** The one mapping from domain errors to HTTP statuses, for route handlers. */
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INSUFFICIENT_STORAGE: 507,
};

/** `{ error: sentence }` with the status, as every route handler answers a refusal. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: message }, { status, headers });
}

/**
 * Any error as a response: an AppError with its sentence (a rate limit with `Retry-After`),
 * anything else as a 500 that leaks nothing.
 */
export function responseForError(error: unknown, what: string): Response {
  if (error instanceof RateLimitedError) {
    return errorResponse(429, error.message, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (error instanceof AppError) return errorResponse(HTTP_STATUS[error.code], error.message);
  console.error(`${what} failed`, error);
  return errorResponse(500, 'Something went wrong on our side. Try again in a moment.');
}
