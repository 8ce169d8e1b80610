import 'server-only';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { loadEncryptionKeys } from '@/server/ai/encryption-keys';

/** JSON with sorted keys, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export type HashedFields = {
  tenantId: string | null;
  actorId: string | null;
  actorType: string;
  actorLabel: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  status: string;
  ipAddress: string | null;
  userAgent: string | null;
  correlationId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/**
 * The first chain format: sha256(prev_hash || canonical entry). Anyone who can write the table
 * can recompute it, so it is only accepted for entries written before keyed hashes (below).
 */
export function legacyChainHash(prevHash: string | null, fields: HashedFields): string {
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(canonicalJson(fields))
    .digest('hex');
}

/** Keyed hashes read `h2.<key version>.<hex>`; the version names the ENCRYPTION_KEYS key. */
const KEYED = /^h2\.(\d+)\.([0-9a-f]{64})$/;

export const isKeyedHash = (hash: string) => KEYED.test(hash);

/**
 * The chain's HMAC key: HKDF of an ENCRYPTION_KEYS key under a label of its own, so it never
 * equals the key that encrypts secrets. Key versions stay listed after rotation, so older
 * entries keep verifying.
 */
function auditKey(version: number): Buffer {
  const material = loadEncryptionKeys().keys.get(version);
  if (!material) throw new Error(`The audit chain needs ENCRYPTION_KEYS version ${version}, which is not configured.`);
  return Buffer.from(hkdfSync('sha256', material, 'agenticomni', 'audit-chain-hmac-v2', 32));
}

function keyedHash(version: number, prevHash: string | null, fields: HashedFields): string {
  const mac = createHmac('sha256', auditKey(version))
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(canonicalJson(fields))
    .digest('hex');
  return `h2.${version}.${mac}`;
}

/**
 * HMAC-SHA256(key, prev_hash || canonical entry) under the current key: changing or removing
 * any entry breaks every later link, and without the server's key nobody can forge new links.
 */
export function chainHash(prevHash: string | null, fields: HashedFields): string {
  return keyedHash(loadEncryptionKeys().current, prevHash, fields);
}

/** Whether `stored` is this entry's hash: keyed with the key it names, or in the first format. */
export function hashMatches(stored: string, prevHash: string | null, fields: HashedFields): boolean {
  const keyed = KEYED.exec(stored);
  if (!keyed) return stored === legacyChainHash(prevHash, fields);
  if (!loadEncryptionKeys().keys.has(Number(keyed[1]))) return false;
  return stored === keyedHash(Number(keyed[1]), prevHash, fields);
}

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|hashed/i;

/** Payloads never carry secrets: values under secret-looking keys are replaced. */
export function redact(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      out[key] = redact(value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}
