import 'server-only';
import { pgErrorCode } from '@/db/errors';

/**
 * What went wrong, in terms of the domain: a small set of codes, each mapped once to a tRPC code
 * (server/trpc/errors.ts) and once to an HTTP status (server/http/errors.ts). Domain code throws
 * these and knows nothing of its transport. `message` is a sentence safe to show to people.
 */
export const APP_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  /** The workspace's storage quota is full: refused on writes only. */
  'INSUFFICIENT_STORAGE',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Refusals (the request was wrong or not allowed), as opposed to failures on our side. */
export const REFUSAL_CODES: ReadonlySet<AppErrorCode> = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);

export function notFound(what: string): never {
  throw new AppError('NOT_FOUND', `${what} was not found.`);
}

export function forbidden(message: string): never {
  throw new AppError('FORBIDDEN', message);
}

export function badRequest(message: string): never {
  throw new AppError('BAD_REQUEST', message);
}

export function conflict(message: string): never {
  throw new AppError('CONFLICT', message);
}

/** Runs `fn`, turning a unique-constraint violation into a CONFLICT with `message`. */
export async function uniquely<T>(fn: () => Promise<T>, message: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (pgErrorCode(error) === '23505') conflict(message);
    throw error;
  }
}

/** Row-level security refused a write the checks let through: a refusal, not a crash. */
export function fromRlsRefusal(error: unknown): unknown {
  if (!isAppError(error) && pgErrorCode(error) === '42501') {
    return new AppError('FORBIDDEN', 'You are not allowed to change that.', { cause: error });
  }
  return error;
}

/** TOO_MANY_REQUESTS with the seconds to wait, which each transport sends as `Retry-After`. */
export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message);
  }
}
