import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditPseudonym } from '@/server/audit/hash';

/**
 * Whom an erasure is for. The e-mail addresses and name are read from the database at the start
 * of each attempt and held in memory only: nothing of them is written anywhere by the erasure.
 */
export type ErasureSubject = {
  requestId: string;
  tenantId: string;
  kind: 'user' | 'email';
  userId: string | null;
  emails: string[];
  name: string | null;
  pseudonym: string;
  sharedDocuments: 'delete' | 'keep';
};

export type ErasureRequestRow = {
  id: string;
  tenant_id: string;
  type: string;
  status: string;
  subject_user_id: string | null;
  subject_email: string | null;
  subject_pseudonym: string | null;
  shared_documents: 'delete' | 'keep' | null;
};

export async function loadRequest(tx: Tx, requestId: string): Promise<ErasureRequestRow | undefined> {
  const [row] = await tx.execute<ErasureRequestRow>(sql`
    select id, tenant_id, type, status, subject_user_id, subject_email, subject_pseudonym, shared_documents
    from gdpr_requests where id = ${requestId}`);
  return row;
}

/**
 * The subject of a request: its user, or, for someone known only by an e-mail address, the user
 * of the workspace with that address if there is one (what names the address includes their
 * account), else the address alone.
 */
export async function resolveSubject(tx: Tx, request: ErasureRequestRow): Promise<ErasureSubject> {
  const email = request.subject_email?.trim().toLowerCase() || null;
  const [user] = await tx.execute<{ id: string; email: string; full_name: string }>(
    request.subject_user_id
      ? sql`select id, email, full_name from users where tenant_id = ${request.tenant_id} and id = ${request.subject_user_id}`
      : sql`select id, email, full_name from users where tenant_id = ${request.tenant_id} and email = ${email ?? ''}`,
  );
  const emails = [...new Set([user?.email, email].filter((e): e is string => Boolean(e)))];
  const userId = user?.id ?? null;
  return {
    requestId: request.id,
    tenantId: request.tenant_id,
    kind: userId ? 'user' : 'email',
    userId,
    emails,
    name: user?.full_name.trim() || null,
    pseudonym: request.subject_pseudonym ?? auditPseudonym(request.tenant_id, userId ? { userId } : { email: email ?? request.id }),
    sharedDocuments: request.shared_documents ?? 'delete',
  };
}

/** `array[...]::uuid[]` of ids (an empty array is fine). */
export const uuidArray = (ids: readonly string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

export const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** ILIKE patterns that find any of the subject's addresses inside a text. */
export const emailPatterns = (s: ErasureSubject) => textArray(s.emails.map((e) => `%${e.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));

/** A case-insensitive regular expression for the subject's full name as a whole phrase, or null. */
export function nameRegex(s: ErasureSubject): string | null {
  if (!s.name || s.name.length < 3) return null;
  return `\\m${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\M`;
}

/** Whether `column` (any type, read as text) mentions the subject: an address, or the full name. */
export function mentions(s: ErasureSubject, column: SQL): SQL {
  const name = nameRegex(s);
  return name
    ? sql`((${column})::text ilike any(${emailPatterns(s)}) or (${column})::text ~* ${name})`
    : sql`((${column})::text ilike any(${emailPatterns(s)}))`;
}

/** Rows affected by a data-changing statement (`… returning 1`). */
export async function affected(tx: Tx, statement: SQL): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`with changed as (${statement} returning 1) select count(*)::int as n from changed`);
  return row?.n ?? 0;
}
