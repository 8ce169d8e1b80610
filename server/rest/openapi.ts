import 'server-only';
import { z } from 'zod';
import { PERMISSION_INFO } from '@/lib/permissions';
import { errorCodesOf, type Endpoint } from './endpoint';
import { REST_ERRORS, type RestErrorCode } from './errors';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency';
import { errorSchema } from './schema';

/**
 * The OpenAPI 3.1 document of the public API, generated from the registry: every operation's
 * path, query, body and responses come from the zod schemas the dispatcher validates and encodes
 * with (their wire side, `io: 'input'`), schemas with a `meta({ id })` become shared components,
 * and the errors each operation may answer are listed under their statuses in the one error shape.
 */

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  [extra: string]: unknown;
};
export type OpenApiOperation = {
  operationId: string;
  'x-required-scope': string;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema; description?: string }>;
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, JsonSchema> }>;
  [extra: string]: unknown;
};

/** Collects the `$defs` of each converted schema into components, pointing their refs there. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'throw',
      reused: 'inline',
      // zod leaves out the examples of a schema whose wire side differs (a timestamp codec);
      // ours are written in wire form, so they hold on that side.
      override: ({ zodSchema, jsonSchema }) => {
        const examples = z.globalRegistry.get(zodSchema)?.examples;
        if (examples && !jsonSchema.examples) jsonSchema.examples = examples as unknown[];
      },
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const local = relink(def);
      const known = this.schemas[id];
      if (known && JSON.stringify(known) !== JSON.stringify(local)) throw new Error(`Two different schemas are named ${id}`);
      this.schemas[id] = local;
    }
    return relink(rest);
  }
}

function relink<T>(value: T): T {
  if (Array.isArray(value)) return value.map(relink) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : relink(v),
      ]),
    ) as T;
  }
  return value;
}

/** The properties of an object schema as parameters (`in` path or query). */
function parametersOf(components: Components, schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = components.convert(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

const RETRY_AFTER = { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } };

function errorResponses(endpoint: Endpoint): OpenApiOperation['responses'] {
  const byStatus = new Map<number, RestErrorCode[]>();
  for (const code of errorCodesOf(endpoint)) {
    const status = REST_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: OpenApiOperation['responses'] = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: Record<string, unknown> = {};
    if (codes.some((c) => REST_ERRORS[c].status === 429 || c === 'idempotency_in_progress')) headers['Retry-After'] = RETRY_AFTER;
    if (status === 401 || codes.includes('insufficient_scope')) {
      headers['WWW-Authenticate'] = { description: 'The Bearer challenge (RFC 6750).', schema: { type: 'string' } };
    }
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\`: ${REST_ERRORS[c].description}`).join('\n\n'),
      ...(Object.keys(headers).length ? { headers } : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [{ $ref: '#/components/schemas/Error' }],
            properties: { error: { properties: { code: { enum: codes } } } },
          },
          example: { error: { code: codes[0], message: REST_ERRORS[codes[0]!].description, details: null } },
        },
      },
    };
  }
  return out;
}

function operationOf(components: Components, endpoint: Endpoint): OpenApiOperation {
  const parameters: NonNullable<OpenApiOperation['parameters']> = [
    ...parametersOf(components, endpoint.params, 'path'),
    ...parametersOf(components, endpoint.query, 'query'),
  ];
  if (endpoint.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
      description: `A key of your choice (a UUID) that makes a retry safe: the same key with the same request within ${IDEMPOTENCY_TTL_HOURS} hours returns the first response (with \`Idempotent-Replayed: true\`) instead of doing it again.`,
    });
  }
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, spec] of Object.entries(endpoint.responses)) {
    const headers: Record<string, unknown> = {};
    for (const [name, header] of Object.entries(spec.headers ?? {}))
      headers[name] = { description: header.description, schema: header.schema ?? { type: 'string' } };
    if (endpoint.idempotent && Number(status) < 400) {
      headers['Idempotent-Replayed'] = {
        description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
        schema: { type: 'string', enum: ['true'] },
      };
    }
    const contentType = spec.contentType ?? 'application/json';
    let content: Record<string, JsonSchema> | undefined;
    if (spec.schema && contentType === 'application/json') content = { [contentType]: { schema: components.convert(spec.schema) } };
    else if (spec.schema) {
      // A stream: the schema is that of each event's JSON `data` (OpenAPI 3.1 cannot say "a sequence of").
      content = { [contentType]: { schema: { type: 'string' }, 'x-event-data': components.convert(spec.schema) } };
    } else if (spec.contentType) content = { [contentType]: { schema: { type: 'string' } } };
    responses[status] = {
      description: spec.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(content ? { content } : {}),
    };
  }
  Object.assign(responses, Object.fromEntries(Object.entries(errorResponses(endpoint)).filter(([status]) => !(status in responses))));

  const body = endpoint.body;
  const scopeNote = `Required scope: \`${endpoint.scope}\` (${PERMISSION_INFO[endpoint.scope].label}).`;
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: [endpoint.description, scopeNote].filter(Boolean).join('\n\n'),
    tags: endpoint.tags,
    'x-required-scope': endpoint.scope,
    security: [{ apiKey: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(body.description ? { description: body.description } : {}),
            content: {
              [body.kind === 'json' ? 'application/json' : 'multipart/form-data']: { schema: components.convert(body.schema) },
            },
          },
        }
      : {}),
    responses,
  };
}

const DESCRIPTION = `The public REST API of AgenticOmni Console: documents, collections, chat, usage and privacy (GDPR) requests of one workspace.

**Authentication.** Every operation takes an API key as \`Authorization: Bearer ao_…\`. An admin creates keys in the console (Users & roles → API keys, \`/t/<workspace>/users/api-keys\`) and chooses their scopes; a key acts in its workspace with those scopes, never more than its creator holds now. Each operation names the scope it needs (\`x-required-scope\`); without it the answer is 403 \`insufficient_scope\`. Row-level security applies: a key sees what its creator may see, and anything else (another workspace's id, a restricted document) is 404 exactly like an unknown id.

**Format.** JSON in and out (uploads are \`multipart/form-data\`), timestamps in RFC 3339, ids are UUIDs. Errors always have the shape \`{"error": {"code", "message", "details"}}\`; \`code\` is stable (listed below), \`message\` is a sentence for people.

**Lists** are newest first and paged by cursor: \`?limit=\` (1–100, default 20) and \`?cursor=\` the \`nextCursor\` of the previous page (null on the last one). Pages stay stable while items are added.

**Retries.** Uploads and questions accept \`Idempotency-Key\`: the same key with the same request within ${IDEMPOTENCY_TTL_HOURS} hours returns the first response (\`Idempotent-Replayed: true\`); with a different request it is 422, and while the first is still running 409. A failed request can be retried with its key.

**Limits.** The workspace's requests per minute (an API key may use half of them), uploads per day, storage and tokens apply as in the console; past one, 429 (or 507 for storage) with \`Retry-After\`.

**Error codes**

| code | status | meaning |
| --- | --- | --- |
${Object.entries(REST_ERRORS)
  .map(([code, { status, description }]) => `| \`${code}\` | ${status} | ${description.replace(/\|/g, '\\|')} |`)
  .join('\n')}`;

const built = new WeakMap<readonly Endpoint[], Omit<OpenApiDocument, 'servers'>>();

/** The document for `endpoints`, its server at `origin` + /api/v1. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], origin: string): OpenApiDocument {
  let doc = built.get(endpoints);
  if (!doc) {
    const components = new Components();
    components.convert(errorSchema);
    const paths: OpenApiDocument['paths'] = {};
    for (const endpoint of endpoints) {
      const item = (paths[endpoint.path] ??= {});
      const method = endpoint.method.toLowerCase();
      if (item[method]) throw new Error(`${endpoint.method} ${endpoint.path} is defined twice`);
      item[method] = operationOf(components, endpoint);
    }
    const ids = endpoints.map((e) => e.operationId);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new Error(`The operationId ${twice} is used twice`);
    doc = {
      openapi: '3.1.0',
      info: { title: 'AgenticOmni Console API', version: '1.0.0', description: DESCRIPTION },
      jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
      security: [{ apiKey: [] }],
      tags: [...new Set(endpoints.flatMap((e) => e.tags))].map((name) => ({ name })),
      paths,
      components: {
        schemas: components.schemas,
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'ao_<prefix>_<secret>',
            description: 'An API key of the workspace, created in the console; its scopes are permissions.',
          },
        },
      },
    };
    built.set(endpoints, doc);
  }
  return { ...doc, servers: [{ url: `${origin}/api/v1` }] } as OpenApiDocument;
}

/** `http(s)://host` as the client addressed us (links, the document's server). */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get('host');
  return host ? `${url.protocol}//${host}` : url.origin;
}

/** GET /api/v1/openapi.json: public (no key), cacheable. */
export function openApiResponse(req: Request, endpoints: readonly Endpoint[]): Response {
  return Response.json(buildOpenApiDocument(endpoints, requestOrigin(req)), {
    headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  });
}
