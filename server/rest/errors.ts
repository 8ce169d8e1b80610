import 'server-only';
import type { z } from 'zod';
import { AppError, RateLimitedError, type AppErrorCode } from '@/server/shared/errors';
import { StorageFullError, IngestionsRefusedError } from '@/server/usage/quota';
import { QuotaRefusedError } from '@/server/usage/reserve';

/**
 * The public API's error codes: stable, snake_case, each with one HTTP status. Clients branch on
 * `code`; `message` is a sentence for people and may change. The OpenAPI document lists them.
 */
export const REST_ERRORS = {
  bad_request: { status: 400, description: 'The request cannot be served as sent (a rule of the resource refused it).' },
  validation_failed: { status: 400, description: 'The path, query or body did not match the schema; `details` lists each issue.' },
  invalid_json: { status: 400, description: 'The body is not valid JSON.' },
  invalid_cursor: { status: 400, description: 'The `cursor` was not one this API returned (or was altered).' },
  invalid_idempotency_key: { status: 400, description: 'The Idempotency-Key header is empty, too long or not printable ASCII.' },
  unauthorized: { status: 401, description: 'No API key, or a key that is unknown, revoked or expired, or whose creator was deactivated.' },
  insufficient_scope: { status: 403, description: 'The API key lacks the scope this operation needs; `details.requiredScope` names it.' },
  forbidden: { status: 403, description: 'The key may use this operation but not on this resource (for example read-only access to it).' },
  not_found: {
    status: 404,
    description: 'No such resource for this key: unknown, deleted, of another workspace, or not visible to the key.',
  },
  method_not_allowed: { status: 405, description: 'The path exists but not with this method; `Allow` lists the methods it has.' },
  conflict: { status: 409, description: 'The resource is in a state that refuses the change (a duplicate name, work in progress).' },
  duplicate_document: {
    status: 409,
    description: 'The collection already holds this file (same SHA-256); `details.existing` names it. Send `onDuplicate`.',
  },
  idempotency_in_progress: {
    status: 409,
    description: 'A request with this Idempotency-Key is still being processed; retry after `Retry-After` seconds.',
  },
  payload_too_large: { status: 413, description: 'The body or file is larger than the limit.' },
  unsupported_media_type: {
    status: 415,
    description: 'The content type of the request, or the type of the uploaded file, is not accepted.',
  },
  idempotency_key_reused: {
    status: 422,
    description: 'The Idempotency-Key was used before with a different request (method, path or body).',
  },
  rate_limited: { status: 429, description: 'Too many requests per minute for this key or workspace; wait `Retry-After` seconds.' },
  quota_exceeded: {
    status: 429,
    description: 'A usage quota (uploads per day, tokens per day, cost per month) is used up until `Retry-After`.',
  },
  internal_error: { status: 500, description: 'Something failed on our side; nothing was changed. Retry later.' },
  storage_quota_exceeded: { status: 507, description: "The workspace's storage quota cannot hold the file." },
} as const satisfies Record<string, { status: number; description: string }>;

export type RestErrorCode = keyof typeof REST_ERRORS;
export const REST_ERROR_CODES = Object.keys(REST_ERRORS) as [RestErrorCode, ...RestErrorCode[]];

/** An error of the public API with its code; `details` is part of the contract for that code. */
export class RestError extends Error {
  override name = 'RestError';
  constructor(
    readonly code: RestErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  get status(): number {
    return REST_ERRORS[this.code].status;
  }
}

/** The codes of the domain's AppError as the public API names them. */
const APP_CODES: Record<AppErrorCode, RestErrorCode> = {
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  TOO_MANY_REQUESTS: 'rate_limited',
  INSUFFICIENT_STORAGE: 'storage_quota_exceeded',
};

/** zod issues as `details`: where (a dotted path, '' for the whole) and what is wrong. */
export function issuesOf(error: z.ZodError, prefix?: 'path' | 'query' | 'body' | 'form'): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function validationFailed(error: z.ZodError, where: 'path' | 'query' | 'body' | 'form'): RestError {
  const issues = issuesOf(error, where);
  const first = issues[0];
  const message = first ? `${first.path}: ${first.message}` : `The ${where} is not valid.`;
  return new RestError('validation_failed', issues.length > 1 ? `${message} (and ${issues.length - 1} more)` : message, { issues });
}

/** Any error as a RestError: the domain's refusals by their code, anything else a 500 that leaks nothing. */
export function toRestError(error: unknown, what: string): RestError {
  if (error instanceof RestError) return error;
  if (error instanceof QuotaRefusedError || error instanceof IngestionsRefusedError) {
    return new RestError('quota_exceeded', error.message, { limit: error.limitName }, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (error instanceof StorageFullError) return new RestError('storage_quota_exceeded', error.message, { limit: error.limitName });
  if (error instanceof RateLimitedError) {
    return new RestError('rate_limited', error.message, null, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (error instanceof AppError) return new RestError(APP_CODES[error.code], error.message);
  console.error(`${what} failed`, error);
  return new RestError('internal_error', 'Something went wrong on our side; nothing was changed. Try again in a moment.');
}

/** The one error shape: `{ "error": { code, message, details } }`, with its status and headers. */
export function restErrorResponse(error: RestError, headers?: Record<string, string>): Response {
  return Response.json(
    { error: { code: error.code, message: error.message, details: error.details ?? null } },
    { status: error.status, headers: { 'cache-control': 'no-store', ...error.headers, ...headers } },
  );
}
