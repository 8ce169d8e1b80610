import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (tenants' model API keys): AES-256-GCM with a versioned key.
 * Keys come from ENCRYPTION_KEYS ("2:<base64 32 bytes>,1:<…>", the highest version encrypts,
 * every listed version decrypts), so keys can be rotated. Without it, version 1 is derived
 * from NEXTAUTH_SECRET with HKDF, which suits a single local install.
 */
function keys(): Map<number, Buffer> {
  const map = new Map<number, Buffer>();
  for (const entry of (process.env.ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [version, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!Number.isInteger(Number(version)) || key.length !== 32)
      throw new Error('ENCRYPTION_KEYS must be "<version>:<base64 of 32 bytes>", comma-separated.');
    map.set(Number(version), key);
  }
  if (map.size === 0) {
    const secret = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
    if (!secret) throw new Error('Set ENCRYPTION_KEYS or NEXTAUTH_SECRET to store secrets.');
    map.set(1, Buffer.from(hkdfSync('sha256', secret, 'agenticomni', 'secrets-v1', 32)));
  }
  return map;
}

export function encryptSecret(plain: string): { ciphertext: string; keyVersion: number } {
  const all = keys();
  const keyVersion = Math.max(...all.keys());
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', all.get(keyVersion)!, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { ciphertext: [iv, tag, body].map((b) => b.toString('base64url')).join('.'), keyVersion };
}

export function decryptSecret(ciphertext: string, keyVersion: number): string {
  const key = keys().get(keyVersion);
  if (!key) throw new Error(`Encryption key version ${keyVersion} is not configured.`);
  const [iv, tag, body] = ciphertext.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) throw new Error('Malformed secret.');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
