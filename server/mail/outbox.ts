import 'server-only';
import { and, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { mailOutbox, tenants } from '@/db/schema';
import type { SystemServiceContext } from '@/server/auth/types';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import type { OutboxListInput } from './schema';

/** Every e-mail the console sent or kept, newest first, for superadmins (bodies hold live links). */
export async function listOutbox({ db }: SystemServiceContext, input: OutboxListInput) {
  const filters: SQL[] = [];
  if (input.search) {
    const pattern = likePattern(input.search);
    filters.push(or(ilike(mailOutbox.recipient, pattern), ilike(mailOutbox.subject, pattern), ilike(tenants.slug, pattern))!);
  }
  if (input.status) filters.push(eq(mailOutbox.status, input.status));
  const where = filters.length ? and(...filters) : undefined;
  const rows = await db
    .select({
      id: mailOutbox.id,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
      tenantId: tenants.id,
      tenantSlug: tenants.slug,
      tenantName: tenants.name,
      recipient: mailOutbox.recipient,
      kind: mailOutbox.kind,
      subject: mailOutbox.subject,
      status: mailOutbox.status,
      error: mailOutbox.error,
      textBody: mailOutbox.textBody,
    })
    .from(mailOutbox)
    .leftJoin(tenants, eq(tenants.id, mailOutbox.tenantId))
    .where(where)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(mailOutbox)
    .leftJoin(tenants, eq(tenants.id, mailOutbox.tenantId))
    .where(where);
  return {
    items: rows.map(({ tenantId, tenantSlug, tenantName, ...r }) => ({
      ...r,
      tenant: tenantId && tenantSlug && tenantName ? { id: tenantId, slug: tenantSlug, name: tenantName } : null,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
