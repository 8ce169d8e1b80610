import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { authenticateApiKey } from '@/server/api-keys/authenticate';
import { bearerToken } from '@/server/api-keys/secret';
import { principalOf, requirePermission, requireTenantScope, runInTenant } from '@/server/auth/boundary';
import { requestMetaOf } from '@/server/auth/request-meta';
import type { Principal } from '@/server/auth/types';
import { withCappedBody } from '@/server/http/body';
import { requireWithinRequestLimit } from '@/server/rate-limit/requests';
import { AppError } from '@/server/shared/errors';
import { permissionPhrase } from '@/lib/permissions';
import type { Endpoint, RestContext } from './endpoint';
import { RestError, restErrorResponse, toRestError, validationFailed } from './errors';
import { claimIdempotencyKey, idempotencyKeyOf, replayResponse, requestHash, type IdempotencyClaim } from './idempotency';
import { openApiResponse, requestOrigin } from './openapi';
import { restEndpoints } from './registry';

/** Where the public API lives; paths of the registry are relative to it. */
export const API_BASE = '/api/v1';

/** JSON bodies larger than this are refused before they are read whole. */
export const MAX_JSON_BYTES = 1024 * 1024;

export type RestOptions = {
  /** The privileged client; tests pass the database of their own file. */
  rootDb?: Db;
  /** The operations served; the registry's by default. */
  endpoints?: readonly Endpoint[];
};

type Route = { endpoint: Endpoint; pattern: RegExp; names: string[] };

function compile(endpoints: readonly Endpoint[]): Route[] {
  return endpoints.map((endpoint) => {
    const names: string[] = [];
    const source = endpoint.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
        names.push(param[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { endpoint, pattern: new RegExp(`^${source}$`), names };
  });
}

const compiled = new WeakMap<readonly Endpoint[], Route[]>();

function routesOf(endpoints: readonly Endpoint[]): Route[] {
  let routes = compiled.get(endpoints);
  if (!routes) {
    routes = compile(endpoints);
    compiled.set(endpoints, routes);
  }
  return routes;
}

/** The operation for a method and path, or what to answer when there is none (404, or 405 with `Allow`). */
function match(endpoints: readonly Endpoint[], method: string, path: string) {
  const allowed: string[] = [];
  for (const route of routesOf(endpoints)) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    if (route.endpoint.method !== method) {
      allowed.push(route.endpoint.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = safeDecode(found[i + 1]!);
    });
    return { endpoint: route.endpoint, params };
  }
  if (allowed.length) {
    throw new RestError('method_not_allowed', `${path} does not accept ${method}; it accepts ${allowed.join(', ')}.`, null, {
      allow: allowed.join(', '),
    });
  }
  throw new RestError(
    'not_found',
    `There is no operation at ${API_BASE}${path}. The OpenAPI document at ${API_BASE}/openapi.json lists them.`,
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseWith<S extends z.ZodType | undefined>(schema: S, value: unknown, where: 'path' | 'query' | 'body' | 'form') {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error, where);
  return parsed.data;
}

/** Query parameters as an object; a repeated name becomes an array. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

type ReadBody = { value: unknown; fingerprint: unknown };

async function readJsonBody(req: Request, maxBytes: number): Promise<ReadBody> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new RestError('unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json.');
  }
  const bounded = await withCappedBody(req, maxBytes);
  const text = await bounded.text();
  if (!text.trim()) return { value: undefined, fingerprint: null };
  try {
    const value: unknown = JSON.parse(text);
    return { value, fingerprint: value };
  } catch {
    throw new RestError('invalid_json', 'The body is not valid JSON.');
  }
}

async function readMultipartBody(req: Request, maxBytes: number, tooLarge?: (max: number) => string): Promise<ReadBody> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new RestError('unsupported_media_type', 'Send the body as multipart/form-data (a form with the file in the field `file`).');
  }
  const bounded = await withCappedBody(req, maxBytes).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE' && tooLarge)
      throw new RestError('payload_too_large', tooLarge(maxBytes));
    throw error;
  });
  let form: FormData;
  try {
    form = await bounded.formData();
  } catch {
    throw new RestError('bad_request', 'The body is not a valid multipart form.');
  }
  const value: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  const fingerprint: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const entries = form.getAll(name);
    value[name] = entries.length === 1 ? entries[0]! : entries;
    // A file counts by its name, type and bytes: the same upload sent again hashes the same.
    const prints = await Promise.all(
      entries.map(async (entry) =>
        typeof entry === 'string'
          ? entry
          : {
              file: entry.name,
              type: entry.type,
              sha256: createHash('sha256')
                .update(new Uint8Array(await entry.arrayBuffer()))
                .digest('hex'),
            },
      ),
    );
    fingerprint[name] = prints.length === 1 ? prints[0] : prints;
  }
  return { value, fingerprint };
}

/**
 * Serves one request of the public API: the OpenAPI document, or an operation of the registry
 * behind the tenant boundary — Bearer API key only (no cookies, so no cross-site requests to
 * defend against), the workspace's request rate limit, the operation's scope (a refusal audited),
 * then path, query and body validated, the Idempotency-Key claimed, the handler run in tenant
 * transactions under RLS, and its reply encoded with the schema the document shows.
 */
export async function handleRestRequest(req: Request, options: RestOptions = {}): Promise<Response> {
  const url = new URL(req.url);
  const path = url.pathname.startsWith(API_BASE) ? url.pathname.slice(API_BASE.length) || '/' : url.pathname;
  const endpoints = options.endpoints ?? restEndpoints;
  if (path === '/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) return openApiResponse(req, endpoints);
  let action = 'api.request';
  try {
    const { endpoint, params: rawParams } = match(endpoints, req.method, path);
    action = endpoint.action ?? `api.${endpoint.operationId}`;
    return await serve(req, url, endpoint, rawParams, action, options.rootDb ?? getDb());
  } catch (error) {
    return restErrorResponse(toRestError(error, action));
  }
}

async function serve(req: Request, url: URL, endpoint: Endpoint, rawParams: Record<string, string>, action: string, rootDb: Db) {
  const meta = requestMetaOf(req.headers);
  const token = bearerToken(req.headers.get('authorization'));
  if (!token) {
    throw new RestError('unauthorized', 'Send an API key in the Authorization header: "Authorization: Bearer ao_…".', null, {
      'www-authenticate': 'Bearer',
    });
  }
  let principal: Principal;
  try {
    principal = principalOf(await authenticateApiKey(rootDb, token, { ...meta, path: url.pathname }));
  } catch (error) {
    if (error instanceof AppError)
      throw new RestError('unauthorized', error.message, null, { 'www-authenticate': 'Bearer error="invalid_token"' });
    throw error;
  }
  if (principal.kind !== 'api_key') throw new RestError('unauthorized', 'The public API takes API keys only.');
  await requireWithinRequestLimit(principal, { rootDb });
  const scope = requireTenantScope(principal);
  const base = { rootDb, meta, action };
  try {
    await requirePermission(scope, [endpoint.scope], base);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') {
      throw new RestError(
        'insufficient_scope',
        `This API key lacks the ${endpoint.scope} scope (${permissionPhrase(endpoint.scope)}), which ${endpoint.method} ${API_BASE}${endpoint.path} needs.`,
        { requiredScope: endpoint.scope },
        { 'www-authenticate': `Bearer error="insufficient_scope", scope="${endpoint.scope}"` },
      );
    }
    throw error;
  }
  const run: RestContext['run'] = (fn, runOptions) => runInTenant(scope, { ...base, mutation: false, ...runOptions }, fn);
  const params = parseWith(endpoint.params, rawParams, 'path');
  const query = parseWith(endpoint.query, queryObject(url.searchParams), 'query');
  const ctx: RestContext = { scope, meta, apiKeyId: principal.id, origin: requestOrigin(req), run, idempotency: null };

  // Read only after the key and its scope passed: a refused request costs no body.
  const spec = endpoint.body;
  let read: ReadBody = { value: undefined, fingerprint: null };
  if (spec?.kind === 'json') read = await readJsonBody(req, spec.maxBytes ?? MAX_JSON_BYTES);
  else if (spec?.kind === 'multipart') read = await readMultipartBody(req, await spec.maxBytes(ctx), spec.tooLarge);
  const body = spec ? parseWith(spec.schema, read.value, spec.kind === 'json' ? 'body' : 'form') : undefined;

  let claim: IdempotencyClaim | null = null;
  const key = endpoint.idempotent ? idempotencyKeyOf(req.headers) : null;
  if (key) {
    const hash = requestHash({ query: queryObject(url.searchParams), body: read.fingerprint });
    const claimed = await claimIdempotencyKey(run, principal.id, { key, method: req.method, path: url.pathname, requestHash: hash });
    if (claimed.kind === 'replay') return endpoint.replay?.(claimed.response, req) ?? replayResponse(claimed.response);
    claim = claimed.claim;
    ctx.idempotency = claim;
  }

  let result: Awaited<ReturnType<Endpoint['handler']>>;
  try {
    result = await endpoint.handler({ req, params, query, body, ctx });
  } catch (error) {
    await claim?.release();
    throw error;
  }
  // A handler's own Response (a stream) settles its claim itself.
  if (result instanceof Response) return result;
  const encoded = encodeReply(endpoint, result);
  if (claim) {
    if (encoded.status < 400) await claim.complete(encoded);
    else await claim.release();
  }
  return encoded.body === null && !endpoint.responses[encoded.status]?.schema
    ? new Response(null, { status: encoded.status, headers: { 'cache-control': 'no-store', ...encoded.headers } })
    : Response.json(encoded.body, { status: encoded.status, headers: { 'cache-control': 'no-store', ...encoded.headers } });
}

/** The reply's body through its status's schema (Dates become RFC 3339 strings; undocumented fields dropped). */
function encodeReply(endpoint: Endpoint, reply: { status: number; body: unknown; headers?: Record<string, string> }) {
  const spec = endpoint.responses[reply.status];
  if (!spec) throw new Error(`${endpoint.operationId} answered ${reply.status}, which its definition does not document`);
  const body = spec.schema ? z.encode(spec.schema, reply.body) : null;
  return { status: reply.status, body, headers: reply.headers ?? {} };
}
