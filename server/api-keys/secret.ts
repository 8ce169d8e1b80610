import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A key is `ao_<prefix>_<secret>`: the prefix (10 chars) finds the row and is shown in lists, the
 * secret (32 random bytes) is only ever stored as its SHA-256. Keys are random, not passwords, so
 * a fast hash is enough and keeps per-request checks cheap.
 */
export function generateApiKey(): { key: string; prefix: string; hashedKey: string } {
  const bytes = randomBytes(10);
  const prefix = Array.from(bytes, (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { key: `ao_${prefix}_${secret}`, prefix, hashedKey: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = /^ao_([a-z2-9]{10})_([A-Za-z0-9_-]{43})$/.exec(key.trim());
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, hashedKey: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(hashedKey, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The key in an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match ? match[1]! : null;
}
