import { createHash } from 'node:crypto';

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

/** sha256(prev_hash || canonical entry): changing or removing any entry breaks every later link. */
export function chainHash(prevHash: string | null, fields: HashedFields): string {
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(canonicalJson(fields))
    .digest('hex');
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
