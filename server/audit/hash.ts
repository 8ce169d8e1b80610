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
/** Pseudonymised entries (issue 12) read `h3.<key version>.<hex>`: see {@link pseudonymisedChainHash}. */
const PSEUDONYMISED = /^h3\.(\d+)\.([0-9a-f]{64})$/;

export const isKeyedHash = (hash: string) => KEYED.test(hash) || PSEUDONYMISED.test(hash);
export const isPseudonymisedHash = (hash: string) => PSEUDONYMISED.test(hash);

/**
 * The chain's HMAC key: HKDF of an ENCRYPTION_KEYS key under a label of its own, so it never
 * equals the key that encrypts secrets. Key versions stay listed after rotation, so older
 * entries keep verifying.
 */
function auditKey(version: number, label = 'audit-chain-hmac-v2'): Buffer {
  const material = loadEncryptionKeys().keys.get(version);
  if (!material) throw new Error(`The audit chain needs ENCRYPTION_KEYS version ${version}, which is not configured.`);
  return Buffer.from(hkdfSync('sha256', material, 'agenticomni', label, 32));
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

/**
 * Payload fields that name a person: kept on the entry while the person is not erased, but
 * covered by the chain only through the entry's personal digest, so an erasure can remove them.
 * `account` is the sign-in throttle's digest of the typed e-mail; chat titles come from what a
 * person asked, and file names often name people.
 */
const PERSONAL_KEY = /^(e-?mail|emails|admin_?email|subject_?email|recipients?|full_?name|display_?name|account|title|filename)$/i;

type Json = Record<string, unknown>;

/** Splits a payload into what the chain covers directly and the personal fields, at any depth. */
export function splitPayload(payload: Json): { shared: Json; personal: Json } {
  const shared: Json = {};
  const personal: Json = {};
  for (const [key, value] of Object.entries(payload)) {
    if (PERSONAL_KEY.test(key)) personal[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const inner = splitPayload(value as Json);
      shared[key] = inner.shared;
      if (Object.keys(inner.personal).length > 0) personal[key] = inner.personal;
    } else shared[key] = value;
  }
  return { shared, personal };
}

/** What an erasure can remove from an entry without breaking the chain. */
export type PersonalPart = { actorLabel: string | null; ipAddress: string | null; userAgent: string | null; payload: Json };

export const personalPartOf = (fields: HashedFields): PersonalPart => ({
  actorLabel: fields.actorLabel,
  ipAddress: fields.ipAddress,
  userAgent: fields.userAgent,
  payload: splitPayload(fields.payload).personal,
});

export const isEmptyPersonalPart = (p: PersonalPart) =>
  p.actorLabel === null && p.ipAddress === null && p.userAgent === null && Object.keys(p.payload).length === 0;

/** Keyed digest of an entry's personal part (hex), under the key version of the entry's hash. */
export function personalDigest(version: number, personal: PersonalPart): string {
  return createHmac('sha256', auditKey(version, 'audit-personal-digest-v1')).update(canonicalJson(personal)).digest('hex');
}

/** The oldest configured key: pseudonyms must not change when a newer key starts encrypting. */
function pseudonymKeyVersion(): number {
  return Math.min(...loadEncryptionKeys().keys.keys());
}

/**
 * A person's pseudonym in one tenant: HMAC of the user id (or, for someone who is only an
 * e-mail address, of that address) under a key derived from ENCRYPTION_KEYS. Stable for as long
 * as the oldest key stays listed (rotation keeps old keys); without the key nobody can compute
 * it from an id or an address.
 */
export function auditPseudonym(tenantId: string, subject: { userId: string } | { email: string }): string {
  const version = pseudonymKeyVersion();
  const what = 'userId' in subject ? `user:${subject.userId}` : `email:${subject.email.trim().toLowerCase()}`;
  const mac = createHmac('sha256', auditKey(version, 'audit-pseudonym-v1')).update(`${tenantId}\n${what}`).digest('hex');
  return `ps${version}_${mac.slice(0, 32)}`;
}

/** The h3 content: the entry without its personal part, plus the pseudonym and the personal digest. */
export type PseudonymisedFields = Omit<HashedFields, 'actorLabel' | 'ipAddress' | 'userAgent'> & {
  actorPseudonym: string | null;
  personalDigest: string;
};

function sharedFields(f: HashedFields & { actorPseudonym: string | null }, digest: string): PseudonymisedFields {
  return {
    tenantId: f.tenantId,
    actorId: f.actorId,
    actorType: f.actorType,
    action: f.action,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    status: f.status,
    correlationId: f.correlationId,
    payload: f.payload,
    createdAt: f.createdAt,
    actorPseudonym: f.actorPseudonym,
    personalDigest: digest,
  };
}

function pseudonymisedHash(version: number, prevHash: string | null, fields: PseudonymisedFields): string {
  const mac = createHmac('sha256', auditKey(version))
    .update(prevHash ?? 'genesis')
    .update('\nh3\n')
    .update(canonicalJson({ ...fields, payload: splitPayload(fields.payload).shared }))
    .digest('hex');
  return `h3.${version}.${mac}`;
}

/**
 * The chain format of entries written since pseudonyms (issue 12): HMAC(prev_hash, entry with
 * the pseudonym instead of the actor label, address and user agent, personal payload fields
 * left out, and the keyed digest of those). Returns the digest to store beside the hash.
 */
export function pseudonymisedChainHash(
  prevHash: string | null,
  fields: HashedFields & { actorPseudonym: string | null },
): { hash: string; personalDigest: string } {
  const version = loadEncryptionKeys().current;
  const digest = personalDigest(version, personalPartOf(fields));
  return { hash: pseudonymisedHash(version, prevHash, sharedFields(fields, digest)), personalDigest: digest };
}

/**
 * Whether an h3 hash matches: the chain over the stored digest, and, unless an erasure removed
 * the personal part (then it must be gone entirely), the digest over the stored personal part.
 */
export function pseudonymisedHashMatches(
  stored: string,
  prevHash: string | null,
  fields: HashedFields & { actorPseudonym: string | null; personalDigest: string | null; personalErased: boolean },
): boolean {
  const m = PSEUDONYMISED.exec(stored);
  if (!m || !fields.personalDigest) return false;
  const version = Number(m[1]);
  if (!loadEncryptionKeys().keys.has(version)) return false;
  const personal = personalPartOf(fields);
  if (fields.personalErased ? !isEmptyPersonalPart(personal) : personalDigest(version, personal) !== fields.personalDigest) return false;
  return stored === pseudonymisedHash(version, prevHash, sharedFields(fields, fields.personalDigest));
}

/**
 * What an erasure attests of an entry written before pseudonyms once its personal fields are
 * removed: a digest of everything that remains, so the attested entry cannot be altered later.
 */
export function scrubbedLegacyDigest(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
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
