import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, redact, type HashedFields } from './hash';

const entry: HashedFields = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  actorId: null,
  actorType: 'user',
  actorLabel: 'a@b.test',
  action: 'auth.sign_in',
  resourceType: null,
  resourceId: null,
  status: 'success',
  ipAddress: '127.0.0.1',
  userAgent: null,
  correlationId: null,
  payload: { b: 1, a: { d: 2, c: 3 } },
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
  });
});

describe('chainHash', () => {
  it('is deterministic and depends on the previous hash and every field', () => {
    const h = chainHash(null, entry);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(null, { ...entry, payload: { a: { c: 3, d: 2 }, b: 1 } })).toBe(h);
    expect(chainHash(h, entry)).not.toBe(h);
    expect(chainHash(null, { ...entry, status: 'denied' })).not.toBe(h);
  });
});

describe('redact', () => {
  it('replaces secret-looking values, also nested', () => {
    expect(redact({ email: 'x', password: 'p', nested: { apiKey: 'k', keep: 1 } })).toEqual({
      email: 'x',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', keep: 1 },
    });
  });
});
