import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from './secrets';

const original = process.env.ENCRYPTION_KEYS;
afterEach(() => {
  process.env.ENCRYPTION_KEYS = original;
});

describe('secrets', () => {
  it('round-trips, never stores the plain text, and detects tampering', () => {
    const { ciphertext, keyVersion } = encryptSecret('sk-test-123');
    expect(ciphertext).not.toContain('sk-test');
    expect(decryptSecret(ciphertext, keyVersion)).toBe('sk-test-123');
    const parts = ciphertext.split('.');
    const tampered = [parts[0], parts[1], Buffer.from('xxxxxxxxxxx').toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, keyVersion)).toThrow();
  });

  it('encrypts with the newest key version and still decrypts older ones', () => {
    const k1 = randomBytes(32).toString('base64');
    const k2 = randomBytes(32).toString('base64');
    process.env.ENCRYPTION_KEYS = `1:${k1}`;
    const old = encryptSecret('old-key');
    process.env.ENCRYPTION_KEYS = `2:${k2},1:${k1}`;
    const fresh = encryptSecret('new-key');
    expect(fresh.keyVersion).toBe(2);
    expect(decryptSecret(old.ciphertext, old.keyVersion)).toBe('old-key');
    expect(decryptSecret(fresh.ciphertext, 2)).toBe('new-key');
  });
});
