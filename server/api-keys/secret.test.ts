import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiKey, parseApiKey, secretMatches } from './secret';

describe('API key secrets', () => {
  it('generates keys that parse back and match only their own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^ao_[a-z2-9]{10}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(a.key)!;
    expect(parsed.prefix).toBe(a.prefix);
    expect(secretMatches(parsed.secret, a.hashedKey)).toBe(true);
    expect(secretMatches(parsed.secret, b.hashedKey)).toBe(false);
    expect(a.hashedKey).not.toContain(parsed.secret);
  });

  it('rejects malformed keys and headers', () => {
    expect(parseApiKey('ao_short_x')).toBeNull();
    expect(parseApiKey('')).toBeNull();
    expect(bearerToken('Bearer ao_x')).toBe('ao_x');
    expect(bearerToken('bearer   ao_y ')).toBe('ao_y');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
