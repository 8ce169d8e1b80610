import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditPseudonym,
  canonicalJson,
  chainHash,
  hashMatches,
  legacyChainHash,
  pseudonymisedChainHash,
  pseudonymisedHashMatches,
  redact,
  splitPayload,
  type HashedFields,
} from './hash';

const keys = process.env.ENCRYPTION_KEYS;
afterEach(() => {
  if (keys === undefined) delete process.env.ENCRYPTION_KEYS;
  else process.env.ENCRYPTION_KEYS = keys;
});

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
    expect(h).toMatch(/^h2\.\d+\.[0-9a-f]{64}$/);
    expect(chainHash(null, { ...entry, payload: { a: { c: 3, d: 2 }, b: 1 } })).toBe(h);
    expect(chainHash(h, entry)).not.toBe(h);
    expect(chainHash(null, { ...entry, status: 'denied' })).not.toBe(h);
  });
});

describe('keyed chain hashes', () => {
  it('need the server’s key: the unkeyed hash of the same entry does not pass, another key’s neither', () => {
    const k5 = randomBytes(32).toString('base64');
    const k6 = randomBytes(32).toString('base64');
    process.env.ENCRYPTION_KEYS = `5:${k5}`;
    const keyed = chainHash('prev', entry);
    expect(keyed.startsWith('h2.5.')).toBe(true);
    expect(hashMatches(keyed, 'prev', entry)).toBe(true);
    expect(hashMatches(keyed, 'other', entry)).toBe(false);
    // Someone with the table but not the key: the old algorithm, or their own key under the same version.
    expect(keyed).not.toContain(legacyChainHash('prev', entry));
    process.env.ENCRYPTION_KEYS = `5:${k6}`;
    expect(hashMatches(keyed, 'prev', entry)).toBe(false);
    // After rotation the old key's entries still verify, and new ones use the new key.
    process.env.ENCRYPTION_KEYS = `6:${k6},5:${k5}`;
    expect(hashMatches(keyed, 'prev', entry)).toBe(true);
    expect(chainHash('prev', entry).startsWith('h2.6.')).toBe(true);
    // An entry in the first, unkeyed format verifies as such (the chain's rules decide where it may stand).
    expect(hashMatches(legacyChainHash('prev', entry), 'prev', entry)).toBe(true);
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

describe('pseudonymised chain hashes (h3)', () => {
  const withPseudonym = { ...entry, actorId: '00000000-0000-4000-8000-0000000000aa', actorPseudonym: 'ps2_abc' };

  it('cover the pseudonym and a digest of the personal part, so removing that part keeps the entry verifiable', () => {
    const { hash, personalDigest } = pseudonymisedChainHash('prev', { ...withPseudonym, payload: { email: 'a@b.test', role: 'x' } });
    expect(hash).toMatch(/^h3\.\d+\.[0-9a-f]{64}$/);
    const stored = { ...withPseudonym, payload: { email: 'a@b.test', role: 'x' }, personalDigest, personalErased: false };
    expect(pseudonymisedHashMatches(hash, 'prev', stored)).toBe(true);
    // Personal values cannot be changed while present …
    expect(pseudonymisedHashMatches(hash, 'prev', { ...stored, ipAddress: '10.0.0.1' })).toBe(false);
    expect(pseudonymisedHashMatches(hash, 'prev', { ...stored, payload: { email: 'c@d.test', role: 'x' } })).toBe(false);
    // … nor anything else, the pseudonym included.
    expect(pseudonymisedHashMatches(hash, 'prev', { ...stored, payload: { email: 'a@b.test', role: 'y' } })).toBe(false);
    expect(pseudonymisedHashMatches(hash, 'prev', { ...stored, actorPseudonym: 'ps2_other' })).toBe(false);
    // Erased: the personal part must be gone entirely, and the rest still matches.
    const erased = { ...stored, actorLabel: null, ipAddress: null, userAgent: null, payload: { role: 'x' }, personalErased: true };
    expect(pseudonymisedHashMatches(hash, 'prev', erased)).toBe(true);
    expect(pseudonymisedHashMatches(hash, 'prev', { ...erased, ipAddress: '10.0.0.1' })).toBe(false);
  });

  it('split personal payload fields at any depth', () => {
    expect(splitPayload({ email: 'a@b.test', roleIds: ['r'], before: { fullName: 'A B', status: 'active' } })).toEqual({
      shared: { roleIds: ['r'], before: { status: 'active' } },
      personal: { email: 'a@b.test', before: { fullName: 'A B' } },
    });
  });

  it('give a person one stable pseudonym per tenant, which needs the server’s key', () => {
    const p = auditPseudonym('t1', { userId: 'u1' });
    expect(p).toBe(auditPseudonym('t1', { userId: 'u1' }));
    expect(p).not.toBe(auditPseudonym('t2', { userId: 'u1' }));
    expect(auditPseudonym('t1', { email: 'A@B.test ' })).toBe(auditPseudonym('t1', { email: 'a@b.test' }));
    // A newer key that starts encrypting does not change pseudonyms (the oldest key derives them).
    const current = process.env.ENCRYPTION_KEYS!;
    process.env.ENCRYPTION_KEYS = `9:${randomBytes(32).toString('base64')},${current}`;
    expect(auditPseudonym('t1', { userId: 'u1' })).toBe(p);
  });
});
