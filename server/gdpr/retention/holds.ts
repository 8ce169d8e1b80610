import 'server-only';
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '@/db/client';
import { documents, legalHolds, users } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { AppError, badRequest, conflict, notFound, uniquely } from '@/server/shared/errors';
import type { CreateLegalHoldInput, LegalHold, LegalHoldListInput } from './schema';

/**
 * Whether a user's data or a document is under an active legal hold, for anything that deletes
 * (retention, erasure). Pass both to ask about a document uploaded by a user: true when either
 * is held. Works in a tenant transaction (under RLS) and on the privileged connection alike.
 */
export async function isUnderLegalHold(
  tx: Tx | Db,
  tenantId: string,
  target: { userId?: string | null; documentId?: string | null },
): Promise<boolean> {
  const which: SQL[] = [];
  if (target.userId) which.push(and(eq(legalHolds.targetType, 'user'), eq(legalHolds.targetId, target.userId))!);
  if (target.documentId) which.push(and(eq(legalHolds.targetType, 'document'), eq(legalHolds.targetId, target.documentId))!);
  if (which.length === 0) return false;
  const [row] = await tx
    .select({ id: legalHolds.id })
    .from(legalHolds)
    .where(and(eq(legalHolds.tenantId, tenantId), isNull(legalHolds.releasedAt), or(...which)))
    .limit(1);
  return Boolean(row);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user or document a hold names, by id, e-mail or file name, within the tenant. */
async function resolveTarget(ctx: TenantServiceContext, input: CreateLegalHoldInput): Promise<{ id: string; label: string }> {
  const target = input.target.trim();
  if (input.targetType === 'user') {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, fullName: users.fullName })
      .from(users)
      .where(
        and(eq(users.tenantId, ctx.tenantId), UUID.test(target) ? eq(users.id, target) : sql`lower(${users.email}) = lower(${target})`),
      );
    if (!user) throw new AppError('NOT_FOUND', 'No user of this workspace has that id or e-mail address.');
    return { id: user.id, label: user.email };
  }
  // A hold must reach restricted documents too: whoever places it may not be able to open them.
  const found = await withRestrictedVisible(ctx.db, () =>
    ctx.db
      .select({ id: documents.id, filename: documents.filename })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), UUID.test(target) ? eq(documents.id, target) : eq(documents.filename, target)))
      .limit(2),
  );
  if (found.length === 0) throw new AppError('NOT_FOUND', 'No document of this workspace has that id or file name.');
  if (found.length > 1) badRequest(`More than one document is named ${target}. Use the document's id (shown on its page) instead.`);
  return { id: found[0]!.id, label: found[0]!.filename };
}

const creator = alias(users, 'hold_creator');
const releaser = alias(users, 'hold_releaser');
const heldUser = alias(users, 'held_user');

export async function listLegalHolds(ctx: TenantServiceContext, input: LegalHoldListInput): Promise<LegalHold[]> {
  return withRestrictedVisible(ctx.db, async () => {
    const rows = await ctx.db
      .select({
        id: legalHolds.id,
        targetType: legalHolds.targetType,
        targetId: legalHolds.targetId,
        userEmail: heldUser.email,
        userName: heldUser.fullName,
        filename: documents.filename,
        reason: legalHolds.reason,
        createdAt: legalHolds.createdAt,
        createdBy: creator.email,
        releasedAt: legalHolds.releasedAt,
        releasedBy: releaser.email,
      })
      .from(legalHolds)
      .leftJoin(
        heldUser,
        and(eq(legalHolds.targetType, 'user'), eq(heldUser.tenantId, legalHolds.tenantId), eq(heldUser.id, legalHolds.targetId)),
      )
      .leftJoin(
        documents,
        and(eq(legalHolds.targetType, 'document'), eq(documents.tenantId, legalHolds.tenantId), eq(documents.id, legalHolds.targetId)),
      )
      .leftJoin(creator, eq(creator.id, legalHolds.createdBy))
      .leftJoin(releaser, eq(releaser.id, legalHolds.releasedBy))
      .where(and(eq(legalHolds.tenantId, ctx.tenantId), input.includeReleased ? undefined : isNull(legalHolds.releasedAt)))
      .orderBy(desc(legalHolds.createdAt));
    return rows.map(({ userEmail, userName, filename, ...row }) => ({
      ...row,
      targetLabel: row.targetType === 'user' ? (userEmail ? (userName ? `${userName} <${userEmail}>` : userEmail) : null) : filename,
    }));
  });
}

export async function createLegalHold(ctx: TenantServiceContext, input: CreateLegalHoldInput): Promise<{ id: string }> {
  const target = await resolveTarget(ctx, input);
  const alreadyHeld = `${target.label} is already under a legal hold. Release that hold first to place a new one.`;
  if (await isUnderLegalHold(ctx.db, ctx.tenantId, input.targetType === 'user' ? { userId: target.id } : { documentId: target.id })) {
    conflict(alreadyHeld);
  }
  const [hold] = await uniquely(
    () =>
      ctx.db
        .insert(legalHolds)
        .values({ tenantId: ctx.tenantId, targetType: input.targetType, targetId: target.id, reason: input.reason, createdBy: ctx.userId })
        .returning({ id: legalHolds.id }),
    alreadyHeld,
  );
  // The reason is the admin's free text and may name people: the log keeps the ids only.
  await recordAudit(ctx, {
    action: 'legal_hold.create',
    resourceType: 'legal_hold',
    resourceId: hold!.id,
    payload: { targetType: input.targetType, targetId: target.id },
  });
  return { id: hold!.id };
}

export async function releaseLegalHold(ctx: TenantServiceContext, { id }: { id: string }): Promise<{ id: string }> {
  const [hold] = await ctx.db
    .select({ targetType: legalHolds.targetType, targetId: legalHolds.targetId, releasedAt: legalHolds.releasedAt })
    .from(legalHolds)
    .where(and(eq(legalHolds.tenantId, ctx.tenantId), eq(legalHolds.id, id)));
  if (!hold) notFound('Legal hold');
  if (hold.releasedAt) conflict('This legal hold was already released.');
  await ctx.db
    .update(legalHolds)
    .set({ releasedAt: new Date(), releasedBy: ctx.userId })
    .where(and(eq(legalHolds.tenantId, ctx.tenantId), eq(legalHolds.id, id)));
  await recordAudit(ctx, {
    action: 'legal_hold.release',
    resourceType: 'legal_hold',
    resourceId: id,
    payload: { targetType: hold.targetType, targetId: hold.targetId },
  });
  return { id };
}
