import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, needsReencryption, SecretDecryptionError } from './secrets';

const original = process.env.ENCRYPTION_KEYS;
afterEach(() => {
  if (original === undefined) delete process.env.ENCRYPTION_KEYS;
  else process.env.ENCRYPTION_KEYS = original;
});

const key = () => randomBytes(32).toString('base64');
const A = { tenantId: '00000000-0000-4000-8000-00000000000a', field: 'tenant_llm_config.api_key' };
const B = { tenantId: '00000000-0000-4000-8000-00000000000b', field: 'tenant_llm_config.api_key' };

describe('secrets', () => {
  it('round-trips, never stores the plain text, names its key, and detects tampering', () => {
    process.env.ENCRYPTION_KEYS = `3:${key()}`;
    const { ciphertext, keyVersion } = encryptSecret('sk-test-123', A);
    expect(ciphertext).not.toContain('sk-test');
    expect(ciphertext.startsWith('v2.3.')).toBe(true);
    expect(keyVersion).toBe(3);
    expect(decryptSecret(ciphertext, keyVersion, A)).toBe('sk-test-123');
    const parts = ciphertext.split('.');
    const tampered = [...parts.slice(0, 4), Buffer.from('xxxxxxxxxxx').toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, keyVersion, A)).toThrow(SecretDecryptionError);
  });

  it('refuses a ciphertext copied to another tenant or another field, with a clear error', () => {
    process.env.ENCRYPTION_KEYS = `1:${key()}`;
    const { ciphertext, keyVersion } = encryptSecret('sk-of-tenant-a', A);
    expect(() => decryptSecret(ciphertext, keyVersion, B)).toThrow(/written for another workspace or field, or altered/);
    expect(() => decryptSecret(ciphertext, keyVersion, { ...A, field: 'other.secret' })).toThrow(SecretDecryptionError);
    expect(decryptSecret(ciphertext, keyVersion, A)).toBe('sk-of-tenant-a');
  });

  it('encrypts with the first listed key and decrypts with any listed one (rotation)', () => {
    const k1 = key();
    const k2 = key();
    process.env.ENCRYPTION_KEYS = `3:${k1}`;
    const old = encryptSecret('old-key', A);
    process.env.ENCRYPTION_KEYS = `4:${k2},3:${k1}`;
    expect(needsReencryption(old.ciphertext)).toBe(true);
    const fresh = encryptSecret('new-key', A);
    expect(fresh.keyVersion).toBe(4);
    expect(needsReencryption(fresh.ciphertext)).toBe(false);
    expect(decryptSecret(old.ciphertext, old.keyVersion, A)).toBe('old-key');
    expect(decryptSecret(fresh.ciphertext, 4, A)).toBe('new-key');
    // The first listed encrypts, whatever its number.
    process.env.ENCRYPTION_KEYS = `3:${k1},4:${k2}`;
    expect(encryptSecret('x', A).keyVersion).toBe(3);
    // A retired key that is no longer listed cannot decrypt.
    process.env.ENCRYPTION_KEYS = `4:${k2}`;
    expect(() => decryptSecret(old.ciphertext, old.keyVersion, A)).toThrow(/version 3 is not configured/);
  });

  it('still decrypts the earlier format (no associated data, version in the row) and marks it for re-encryption', () => {
    const k1 = randomBytes(32);
    process.env.ENCRYPTION_KEYS = `1:${k1.toString('base64')}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k1, iv);
    const body = Buffer.concat([cipher.update('sk-legacy', 'utf8'), cipher.final()]);
    const legacy = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
    expect(decryptSecret(legacy, 1, A)).toBe('sk-legacy');
    expect(needsReencryption(legacy)).toBe(true);
  });

  it('still decrypts what the session-derived version 1 encrypted when ENCRYPTION_KEYS lists only newer keys', () => {
    const derived = Buffer.from(hkdfSync('sha256', process.env.NEXTAUTH_SECRET!, 'agenticomni', 'secrets-v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derived, iv);
    const body = Buffer.concat([cipher.update('sk-before-keys', 'utf8'), cipher.final()]);
    const legacy = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
    process.env.ENCRYPTION_KEYS = `2:${key()}`;
    expect(decryptSecret(legacy, 1, A)).toBe('sk-before-keys');
    expect(encryptSecret('x', A).keyVersion).toBe(2);
  });
});
