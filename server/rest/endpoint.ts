import 'server-only';
import type { z } from 'zod';
import type { Permission } from '@/db/schema';
import type { TenantRunOptions } from '@/server/auth/boundary';
import type { TenantScopeOf } from '@/server/auth/scope';
import type { RequestMeta, TenantServiceContext } from '@/server/auth/types';
import type { RestErrorCode } from './errors';
import type { IdempotencyClaim } from './idempotency';

/**
 * One definition per operation of the public API: the route dispatcher (server/rest/handle.ts),
 * the OpenAPI document (server/rest/openapi.ts) and the contract test all read it, so what is
 * documented is what runs. Define with `defineEndpoint(...)` and add it to server/rest/registry.ts.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A response of an operation as the document describes it. */
export type ResponseSpec = {
  description: string;
  /** The body: JSON (the default content type) validated and encoded with this schema. Omit for no body (204). */
  schema?: z.ZodType;
  /**
   * Another content type, for a handler that returns its own `Response` (a stream):
   * `text/event-stream` with `schema` describing one event's data, say.
   */
  contentType?: string;
  /** Response headers worth documenting (`Location`). */
  headers?: Record<string, { description: string; schema?: { type: string; format?: string } }>;
};

export type Responses = { [status: number]: ResponseSpec };

/** The request body: JSON (at most `maxBytes`, default 1 MB) or a multipart form. */
export type BodySpec =
  | { kind: 'json'; schema: z.ZodType; maxBytes?: number; description?: string }
  | {
      kind: 'multipart';
      /** The form's fields (a file is `z.file()`); repeated fields arrive as arrays. */
      schema: z.ZodType;
      /** The largest body accepted, known only once the workspace is (its upload limit). */
      maxBytes: (ctx: RestContext) => Promise<number>;
      /** The sentence for a body over the limit. */
      tooLarge?: (maxBytes: number) => string;
      description?: string;
    };

export type RestContext = {
  scope: TenantScopeOf;
  meta: RequestMeta;
  /** The calling API key's id (idempotency, usage). */
  apiKeyId: string;
  /** `https://host` of the request, for links (`Location`). */
  origin: string;
  /** One tenant transaction under RLS, with audit and post-commit work, as tRPC procedures get. */
  run: <T>(fn: (ctx: TenantServiceContext) => Promise<T>, options?: Pick<TenantRunOptions, 'mutation' | 'failurePayload'>) => Promise<T>;
  /**
   * The claimed Idempotency-Key of an `idempotent` operation called with one. A handler that
   * returns a JSON reply need not touch it (the dispatcher stores the reply); a handler that
   * returns its own `Response` (a stream) calls `complete` with the JSON to replay (the final
   * answer) once done, or `release` when it failed.
   */
  idempotency: IdempotencyClaim | null;
};

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

type BodyOf<B> = B extends { schema: infer S } ? Infer<S> : undefined;

/** What a handler answers: a status the definition documents and its body (decoded values: Dates). */
export type Reply<R extends Responses> = {
  [K in keyof R & number]: {
    status: K;
    body: R[K]['schema'] extends z.ZodType ? z.output<R[K]['schema']> : null;
    headers?: Record<string, string>;
  };
}[keyof R & number];

export type HandlerInput<P, Q, B> = {
  req: Request;
  params: Infer<P>;
  query: Infer<Q>;
  body: BodyOf<B>;
  ctx: RestContext;
};

export type EndpointDefinition<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends BodySpec | undefined,
  R extends Responses,
> = {
  method: HttpMethod;
  /** OpenAPI style, relative to /api/v1: `/documents/{id}/chunks`. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  tags: [string, ...string[]];
  /** The API key scope (a permission) the operation needs; checked and a refusal audited by the tenant boundary. */
  scope: Permission;
  params?: P;
  query?: Q;
  body?: B;
  responses: R;
  /** Error codes this operation may answer beyond those every operation has (see `commonErrors`). */
  errors?: RestErrorCode[];
  /** Accepts `Idempotency-Key`: a repeat with the same key gets the first response. */
  idempotent?: boolean;
  /** The audit log's name for it; default `api.<operationId>`. */
  action?: string;
  handler: (input: HandlerInput<P, Q, B>) => Promise<NoInfer<Reply<R>> | Response>;
};

/** The registry's view of an endpoint: the same definition with its type parameters erased. */
export type Endpoint = {
  method: HttpMethod;
  path: `/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  tags: [string, ...string[]];
  scope: Permission;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: BodySpec;
  responses: Responses;
  errors?: RestErrorCode[];
  idempotent?: boolean;
  action?: string;
  handler: (
    input: HandlerInput<z.ZodType | undefined, z.ZodType | undefined, BodySpec | undefined>,
  ) => Promise<{ status: number; body: unknown; headers?: Record<string, string> } | Response>;
};

/** Types the handler by its schemas and returns the definition for the registry. */
export function defineEndpoint<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends BodySpec | undefined = undefined,
  R extends Responses = Responses,
>(definition: EndpointDefinition<P, Q, B, R>): Endpoint {
  return definition as unknown as Endpoint;
}

/** Error codes any operation may answer, from its shape: the dispatcher produces these itself. */
export function commonErrors(endpoint: Endpoint): RestErrorCode[] {
  const codes: RestErrorCode[] = ['unauthorized', 'insufficient_scope', 'rate_limited', 'internal_error'];
  if (endpoint.params || endpoint.query || endpoint.body) codes.push('validation_failed');
  if (endpoint.params) codes.push('not_found');
  if (endpoint.query && 'shape' in endpoint.query && (endpoint.query as z.ZodObject).shape.cursor) codes.push('invalid_cursor');
  if (endpoint.body) codes.push('payload_too_large', 'unsupported_media_type');
  if (endpoint.body?.kind === 'json') codes.push('invalid_json');
  if (endpoint.idempotent) codes.push('invalid_idempotency_key', 'idempotency_in_progress', 'idempotency_key_reused');
  return codes;
}

/** Every error code the operation may answer, each once. */
export function errorCodesOf(endpoint: Endpoint): RestErrorCode[] {
  return [...new Set([...commonErrors(endpoint), ...(endpoint.errors ?? [])])];
}

/**
 * A handler's JSON answer: `return reply(200, page)`. The status stays a literal, so the compiler
 * checks the body against that status's schema.
 */
export function reply<const S extends number, T>(status: S, body: T, headers?: Record<string, string>) {
  return { status, body, headers };
}

/** A JSON request body (at most `maxBytes`, default 1 MB). */
export function jsonBody<S extends z.ZodType>(schema: S, options: { maxBytes?: number; description?: string } = {}) {
  return { kind: 'json' as const, schema, ...options };
}

/** A multipart form body; its size limit is known once the workspace is. */
export function multipartBody<S extends z.ZodType>(
  schema: S,
  options: { maxBytes: (ctx: RestContext) => Promise<number>; tooLarge?: (maxBytes: number) => string; description?: string },
) {
  return { kind: 'multipart' as const, schema, ...options };
}
