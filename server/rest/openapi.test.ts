import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEndpoint, reply } from './endpoint';
import { buildOpenApiDocument, openApiResponse } from './openapi';
import { dateTime, idParam, pageOf, pageQuery } from './schema';

const thing = z.object({ id: z.uuid(), at: dateTime, size: z.number().int() }).meta({ id: 'Thing', description: 'A thing.' });
const event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('token'), text: z.string() }),
  z.object({ type: z.literal('done') }),
]);

const endpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/things',
    operationId: 'listThings',
    summary: 'List things',
    tags: ['Things'],
    scope: 'documents:read',
    query: z.object({ ...pageQuery, q: z.string().optional().meta({ description: 'Search.' }) }),
    responses: { 200: { description: 'A page.', schema: pageOf(thing) } },
    handler: async () => reply(200, { data: [], nextCursor: null }),
  }),
  defineEndpoint({
    method: 'POST',
    path: '/things/{id}/stream',
    operationId: 'streamThing',
    summary: 'Stream',
    tags: ['Things'],
    scope: 'chat:use',
    params: idParam,
    body: { kind: 'json', schema: z.object({ question: z.string() }) },
    idempotent: true,
    responses: {
      200: { description: 'Events.', contentType: 'text/event-stream', schema: event },
      201: { description: 'Replayed answer.', schema: thing },
    },
    errors: ['quota_exceeded'],
    handler: async () => new Response('', { headers: { 'content-type': 'text/event-stream' } }),
  }),
];

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument(endpoints, 'https://console.example.com');

  it('is OpenAPI 3.1 with its server at the request origin and a bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://console.example.com/api/v1' }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('shares named schemas as components and points at them, wire types for dates', () => {
    expect(doc.components.schemas.Thing).toMatchObject({
      type: 'object',
      description: 'A thing.',
      properties: { at: { type: 'string', format: 'date-time' }, size: { type: 'integer' } },
    });
    const ok = doc.paths['/things']!.get!.responses['200']!.content!['application/json'] as { schema: { properties: { data: unknown } } };
    expect(ok.schema.properties.data).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Thing' } });
    expect(JSON.stringify(doc)).not.toContain('$defs');
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('names the scope of each operation and lists its query parameters', () => {
    const op = doc.paths['/things']!.get!;
    expect(op['x-required-scope']).toBe('documents:read');
    expect(op.description).toContain('Required scope: `documents:read`');
    expect(op.parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ maximum: 100 }) }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
      { name: 'q', in: 'query', required: false, schema: { type: 'string' }, description: 'Search.' },
    ]);
  });

  it('documents each error status with its codes in the one shape, Retry-After on 429', () => {
    const responses = doc.paths['/things/{id}/stream']!.post!.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422', '429', '500']));
    const limited = responses['429']!;
    expect(limited.headers).toHaveProperty('Retry-After');
    expect(limited.description).toContain('`quota_exceeded`');
    expect(limited.content!['application/json']).toMatchObject({
      schema: {
        allOf: [{ $ref: '#/components/schemas/Error' }],
        properties: { error: { properties: { code: { enum: ['rate_limited', 'quota_exceeded'] } } } },
      },
    });
    expect(responses['409']!.description).toContain('idempotency_in_progress');
    expect(responses['422']!.description).toContain('idempotency_key_reused');
  });

  it('describes an event stream by the schema of each event and takes Idempotency-Key', () => {
    const op = doc.paths['/things/{id}/stream']!.post!;
    expect(op.responses['200']!.content!['text/event-stream']).toMatchObject({
      schema: { type: 'string' },
      'x-event-data': { oneOf: expect.any(Array) },
    });
    expect(op.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(op.responses['201']!.headers).toHaveProperty('Idempotent-Replayed');
    expect(op.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { type: 'object' } } } });
  });

  it('refuses two operations with one operationId', () => {
    expect(() => buildOpenApiDocument([endpoints[0]!, { ...endpoints[0]!, path: '/other' }], 'http://x')).toThrow(
      /listThings is used twice/,
    );
  });

  it('is served publicly and cacheable', async () => {
    const response = openApiResponse(
      new Request('http://localhost:3000/api/v1/openapi.json', { headers: { host: 'api.example.com' } }),
      endpoints,
    );
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(((await response.json()) as { servers: unknown }).servers).toEqual([{ url: 'http://api.example.com/api/v1' }]);
  });
});
