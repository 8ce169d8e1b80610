import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { loadEncryptionKeys } from './encryption-keys';

/**
 * Secrets at rest (tenants' model API keys): AES-256-GCM under the first ENCRYPTION_KEYS key
 * (encryption-keys.ts). Each ciphertext names its key and is bound to the tenant and field it
 * was written for (associated data `tenant:<id>|field:<name>`), so one copied into another
 * tenant's row or another column does not decrypt.
 *
 * Format: `v2.<key version>.<iv>.<tag>.<body>` (base64url parts). The earlier format,
 * `<iv>.<tag>.<body>` with the version in the row and no associated data, still decrypts;
 * `needsReencryption` tells the writer to replace it on the next save.
 */
export type SecretContext = { tenantId: string; field: string };

/** The fields that hold secrets, named in the associated data. */
export const SECRET_FIELDS = {
  llmApiKey: 'tenant_llm_config.api_key',
  embedderApiKey: 'embeddings_registry.api_key',
  ssoClientSecret: 'tenant_sso.client_secret',
} as const;

const PREFIX = 'v2';

export class SecretDecryptionError extends Error {}

const aad = ({ tenantId, field }: SecretContext) => Buffer.from(`tenant:${tenantId}|field:${field}`, 'utf8');

export function encryptSecret(plain: string, context: SecretContext): { ciphertext: string; keyVersion: number } {
  const { current, keys } = loadEncryptionKeys();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { ciphertext: [PREFIX, String(current), ...[iv, tag, body].map((b) => b.toString('base64url'))].join('.'), keyVersion: current };
}

export function decryptSecret(ciphertext: string, keyVersion: number, context: SecretContext): string {
  const parts = ciphertext.split('.');
  const current = parts[0] === PREFIX;
  if (current ? parts.length !== 5 : parts.length !== 3) throw new SecretDecryptionError('The stored secret is malformed.');
  const version = current ? Number(parts[1]) : keyVersion;
  const key = loadEncryptionKeys().keys.get(version);
  if (!key) throw new SecretDecryptionError(`Encryption key version ${version} is not configured (ENCRYPTION_KEYS).`);
  const [iv, tag, body] = parts.slice(current ? 2 : 0).map((p) => Buffer.from(p, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv!);
    if (current) decipher.setAAD(aad(context));
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError(
      `The stored secret (${context.field}) does not decrypt for this workspace: it was written for another workspace or field, or altered.`,
    );
  }
}

/** True for a ciphertext in the earlier format or under a key that is no longer the first. */
export function needsReencryption(ciphertext: string): boolean {
  const [prefix, version] = ciphertext.split('.');
  return prefix !== PREFIX || Number(version) !== loadEncryptionKeys().current;
}
