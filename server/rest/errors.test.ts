import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, RateLimitedError } from '@/server/shared/errors';
import { IngestionsRefusedError, StorageFullError } from '@/server/usage/quota';
import { QuotaRefusedError } from '@/server/usage/reserve';
import { REST_ERRORS, restErrorResponse, toRestError, validationFailed } from './errors';

describe('error mapping', () => {
  it.each([
    [new AppError('NOT_FOUND', 'Document was not found.'), 404, 'not_found', {}],
    [new AppError('FORBIDDEN', 'Read-only.'), 403, 'forbidden', {}],
    [new AppError('CONFLICT', 'Taken.'), 409, 'conflict', {}],
    [new AppError('BAD_REQUEST', 'No.'), 400, 'bad_request', {}],
    [new AppError('PAYLOAD_TOO_LARGE', 'Big.'), 413, 'payload_too_large', {}],
    [new AppError('UNSUPPORTED_MEDIA_TYPE', 'EXE.'), 415, 'unsupported_media_type', {}],
    [new RateLimitedError('Slow down.', 12), 429, 'rate_limited', { 'retry-after': '12' }],
    [new IngestionsRefusedError('No uploads left today.', 3600), 429, 'quota_exceeded', { 'retry-after': '3600' }],
    [new QuotaRefusedError('No tokens left.', 60, 'tokens_per_day'), 429, 'quota_exceeded', { 'retry-after': '60' }],
    [new StorageFullError('Full.'), 507, 'storage_quota_exceeded', {}],
  ])('maps %s to %i %s', (error, status, code, headers) => {
    const rest = toRestError(error, 'test');
    expect([rest.status, rest.code]).toEqual([status, code]);
    expect(rest.message).toBe(error.message);
    expect(rest.headers).toEqual(headers);
  });

  it('answers anything else as a 500 that says nothing of the cause', async () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      const response = restErrorResponse(toRestError(new Error('password=hunter2 in the SQL'), 'test'));
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('internal_error');
      expect(JSON.stringify(body)).not.toContain('hunter2');
    } finally {
      console.error = quiet;
    }
  });

  it('puts every zod issue in details with a dotted path', () => {
    const parsed = z.object({ name: z.string().min(1, 'Name is required.'), tags: z.array(z.string()) }).safeParse({ name: '', tags: [1] });
    const error = validationFailed(parsed.error!, 'body');
    expect(error.status).toBe(400);
    expect(error.details).toEqual({
      issues: [
        { path: 'body.name', message: 'Name is required.' },
        { path: 'body.tags.0', message: expect.any(String) },
      ],
    });
    expect(error.message).toBe('body.name: Name is required. (and 1 more)');
  });

  it('sends the one shape with its status and headers', async () => {
    const response = restErrorResponse(toRestError(new RateLimitedError('Slow down.', 5), 'test'));
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: { code: 'rate_limited', message: 'Slow down.', details: null } });
  });

  it('has snake_case codes only, each with a status and a description', () => {
    for (const [code, spec] of Object.entries(REST_ERRORS)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });
});
