import 'server-only';
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '@/db/private-files';

/**
 * The server's keys for data at rest: tenants' secrets (AES-256-GCM, secrets.ts) and, through
 * HKDF with a label of its own, the audit chain's HMAC (server/audit/hash.ts).
 *
 * ENCRYPTION_KEYS is "<version>:<base64 of 32 bytes>", comma-separated: the first encrypts, all
 * decrypt, so a key is rotated by putting a new one first and keeping the old ones listed.
 * Production with an external database must set it, apart from NEXTAUTH_SECRET; the launcher
 * generates one into `.data/` for the embedded database. Version 1, when not listed, is the
 * key earlier versions derived from NEXTAUTH_SECRET, kept for decrypting what it encrypted.
 */
export type EncryptionKeys = { current: number; keys: Map<number, Buffer> };

const FORMAT = 'ENCRYPTION_KEYS must be "<version>:<base64 of 32 bytes>", comma-separated (the first encrypts).';
export const KEY_FILE = 'encryption-keys';

export function parseEncryptionKeys(value: string): EncryptionKeys {
  const keys = new Map<number, Buffer>();
  let current: number | undefined;
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [version, material, ...rest] = entry.split(':');
    const n = Number(version);
    const key = Buffer.from(material ?? '', 'base64');
    if (rest.length > 0 || !/^\d+$/.test(version ?? '') || n < 1 || key.length !== 32) throw new Error(FORMAT);
    if (keys.has(n)) throw new Error(`ENCRYPTION_KEYS lists version ${n} twice.`);
    keys.set(n, key);
    current ??= n;
  }
  if (current === undefined) throw new Error(FORMAT);
  return { current, keys };
}

/** The version 1 key of earlier releases: HKDF of the session secret. */
function legacySessionDerivedKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'agenticomni', 'secrets-v1', 32));
}

function productionWithExternalDb(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' && Boolean(env.DATABASE_URL) && env.EMBEDDED_DB !== '1';
}

const MISSING =
  'Set ENCRYPTION_KEYS before running in production against an external database: "1:<base64 of 32 random bytes>" ' +
  '(e.g. `echo "1:$(openssl rand -base64 32)"`), a key of its own, not NEXTAUTH_SECRET. It encrypts tenants’ model keys and keys the audit chain.';

/** The keys of this process, from its environment (see above). */
export function loadEncryptionKeys(env: NodeJS.ProcessEnv = process.env): EncryptionKeys {
  const sessionSecret = env.NEXTAUTH_SECRET || env.AUTH_SECRET;
  if (!env.ENCRYPTION_KEYS?.trim()) {
    if (productionWithExternalDb(env)) throw new Error(MISSING);
    // Outside the launcher (tests, scripts): the earlier derivation, as the only key.
    if (!sessionSecret) throw new Error('Set ENCRYPTION_KEYS (or, outside production, NEXTAUTH_SECRET) to store secrets.');
    return { current: 1, keys: new Map([[1, legacySessionDerivedKey(sessionSecret)]]) };
  }
  const parsed = parseEncryptionKeys(env.ENCRYPTION_KEYS);
  if (!parsed.keys.has(1) && sessionSecret) parsed.keys.set(1, legacySessionDerivedKey(sessionSecret));
  return parsed;
}

/**
 * For the launcher: the ENCRYPTION_KEYS value to run with. Configured: checked (format, and not
 * the session secret). Missing in production with an external database: refused. Otherwise the
 * key kept in `<dataDir>/encryption-keys` (0600), generated on first start as version 2, so
 * what version 1 (derived from the session secret) encrypted still decrypts.
 */
export function encryptionKeysForStart(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.ENCRYPTION_KEYS?.trim();
  if (configured) {
    const { keys } = parseEncryptionKeys(configured);
    const sessionSecret = env.NEXTAUTH_SECRET || env.AUTH_SECRET;
    if (sessionSecret && configured.split(',').some((entry) => entry.trim().split(':')[1] === sessionSecret)) {
      throw new Error('ENCRYPTION_KEYS must not reuse NEXTAUTH_SECRET: give it a key of its own.');
    }
    if (keys.size === 0) throw new Error(FORMAT);
    return configured;
  }
  if (productionWithExternalDb(env)) throw new Error(MISSING);
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    ensurePrivateDir(dataDir);
    writeFileSync(file, `2:${randomBytes(32).toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  }
  const stored = readFileSync(file, 'utf8').trim();
  parseEncryptionKeys(stored);
  return stored;
}
