import 'server-only';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { documents, gdprRequests, legalHolds, users } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { checkExtension, DUE_SOON_DAYS, dueDateFor, effectiveDue, urgencyOf } from '@/lib/gdpr-dates';
import { formatDateTime } from '@/lib/format';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { enqueueJob } from '@/server/jobs/queue';
import { pokeWorker } from '@/server/jobs/runtime';
import { sendMail } from '@/server/mail/deliver';
import { badRequest, conflict, forbidden, notFound } from '@/server/shared/errors';
import { beforeTimestamp, keysetPage, micros, type Keyset } from '@/server/shared/keyset';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { assertAnotherAdminRemains, assertOutranks, holdsAdmin } from '@/server/users/service';
import { isUnderLegalHold } from './retention/holds';
import {
  OPEN_STATUSES,
  type CreateGdprInput,
  type FileOwnInput,
  type GdprListInput,
  type GdprRequestView,
  type GdprStatus,
  type GdprSummary,
  type GdprType,
} from './schema';

/** A code e-mailed to the subject is good for this long, and for this many wrong tries. */
const CODE_TTL_MS = 30 * 60_000;
const MAX_CODE_ATTEMPTS = 5;

/** A request may be dated back (received by post last week), never ahead or further than this. */
const MAX_BACKDATE_DAYS = 31;

const TYPE_LABELS: Record<GdprType, string> = {
  access: 'access to personal data',
  portability: 'a portable copy of personal data',
  erasure: 'erasure of personal data',
  rectification: 'rectification of personal data',
  restriction: 'restriction of processing',
};

/** The work the system does itself once a request is approved; the others are done by people. */
const JOB_OF: Partial<Record<GdprType, 'gdpr_export' | 'gdpr_erasure'>> = {
  access: 'gdpr_export',
  portability: 'gdpr_export',
  erasure: 'gdpr_erasure',
};

const subjectUser = aliasedTable(users, 'subject_user');
const filer = aliasedTable(users, 'filer');
const decider = aliasedTable(users, 'decider');

const columns = {
  row: gdprRequests,
  subjectEmail: subjectUser.email,
  subjectName: subjectUser.fullName,
  filedByEmail: filer.email,
  decidedByEmail: decider.email,
};

function select(ctx: TenantServiceContext) {
  return ctx.db
    .select(columns)
    .from(gdprRequests)
    .leftJoin(subjectUser, and(eq(subjectUser.tenantId, gdprRequests.tenantId), eq(subjectUser.id, gdprRequests.subjectUserId)))
    .leftJoin(filer, and(eq(filer.tenantId, gdprRequests.tenantId), eq(filer.id, gdprRequests.filedBy)))
    .leftJoin(decider, and(eq(decider.tenantId, gdprRequests.tenantId), eq(decider.id, gdprRequests.decidedBy)));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
type RequestRow = typeof gdprRequests.$inferSelect;

function isOpen(status: GdprStatus) {
  return (OPEN_STATUSES as readonly GdprStatus[]).includes(status);
}

function view({ row, subjectEmail, subjectName, filedByEmail, decidedByEmail }: Row, now = new Date()): GdprRequestView {
  const due = effectiveDue(row);
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    subject: {
      userId: row.subjectUserId,
      email: subjectEmail ?? row.subjectEmail,
      name: subjectName || null,
      pseudonym: row.subjectPseudonym,
    },
    channel: row.channel,
    filedByEmail,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    extendedDueAt: row.extendedDueAt,
    effectiveDueAt: due,
    extensionReason: row.extensionReason,
    canExtend: isOpen(row.status) && !row.extendedDueAt && row.dueAt > now,
    urgency: isOpen(row.status) ? urgencyOf(due, now) : 'closed',
    identityVerifiedAt: row.identityVerifiedAt,
    verificationMethod: row.verificationMethod,
    codeSentUntil:
      row.verificationCodeHash && row.verificationCodeExpiresAt && row.verificationCodeExpiresAt > now
        ? row.verificationCodeExpiresAt
        : null,
    decidedByEmail,
    decidedAt: row.decidedAt,
    rejectionReason: row.rejectionReason,
    sharedDocuments: row.sharedDocuments,
    progress: row.progress ?? null,
    exportSizeBytes: row.exportSizeBytes,
    hasCertificate: row.certificate != null,
    error: row.error,
    notes: row.notes,
    completedAt: row.completedAt,
  };
}

const dueExpr = sql`coalesce(${gdprRequests.extendedDueAt}, ${gdprRequests.dueAt})`;
const openCondition = inArray(gdprRequests.status, [...OPEN_STATUSES]);

function dueCondition(due: 'overdue' | 'due_soon'): SQL {
  return due === 'overdue'
    ? sql`${openCondition} and ${dueExpr} < now()`
    : sql`${openCondition} and ${dueExpr} >= now() and ${dueExpr} <= now() + make_interval(days => ${DUE_SOON_DAYS})`;
}

export async function listRequests(ctx: TenantServiceContext, input: GdprListInput) {
  const where = and(
    eq(gdprRequests.tenantId, ctx.tenantId),
    input.status === 'open' ? openCondition : input.status ? eq(gdprRequests.status, input.status) : undefined,
    input.type ? eq(gdprRequests.type, input.type) : undefined,
    input.due ? dueCondition(input.due) : undefined,
    input.search
      ? or(
          ilike(subjectUser.email, likePattern(input.search)),
          ilike(gdprRequests.subjectEmail, likePattern(input.search)),
          ilike(subjectUser.fullName, likePattern(input.search)),
        )
      : undefined,
  );
  const direction = input.dir === 'asc' ? asc : desc;
  // Open requests first when sorting by due date: a closed one has no deadline left to meet.
  const order =
    input.sort === 'due'
      ? [sql`(${openCondition}) desc`, direction(dueExpr)]
      : input.sort === 'status'
        ? [direction(gdprRequests.status), asc(dueExpr)]
        : [direction(gdprRequests.receivedAt)];
  const rows = await select(ctx)
    .where(where)
    .orderBy(...order, desc(gdprRequests.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(gdprRequests)
    .leftJoin(subjectUser, and(eq(subjectUser.tenantId, gdprRequests.tenantId), eq(subjectUser.id, gdprRequests.subjectUserId)))
    .where(where);
  const now = new Date();
  return { items: rows.map((r) => view(r, now)), total, page: input.page, pageSize: input.pageSize };
}

/** One page of requests, newest filed first, after `after` (the public API's cursor); `open` or one status. */
export async function listRequestsPage(
  ctx: TenantServiceContext,
  input: { limit: number; after: Keyset | null; status?: GdprStatus | 'open'; type?: GdprType },
) {
  const rows = await ctx.db
    .select({ ...columns, sortKey: micros(gdprRequests.createdAt) })
    .from(gdprRequests)
    .leftJoin(subjectUser, and(eq(subjectUser.tenantId, gdprRequests.tenantId), eq(subjectUser.id, gdprRequests.subjectUserId)))
    .leftJoin(filer, and(eq(filer.tenantId, gdprRequests.tenantId), eq(filer.id, gdprRequests.filedBy)))
    .leftJoin(decider, and(eq(decider.tenantId, gdprRequests.tenantId), eq(decider.id, gdprRequests.decidedBy)))
    .where(
      and(
        eq(gdprRequests.tenantId, ctx.tenantId),
        input.status === 'open' ? openCondition : input.status ? eq(gdprRequests.status, input.status) : undefined,
        input.type ? eq(gdprRequests.type, input.type) : undefined,
        beforeTimestamp(gdprRequests.createdAt, gdprRequests.id, input.after),
      ),
    )
    .orderBy(desc(gdprRequests.createdAt), desc(gdprRequests.id))
    .limit(input.limit + 1);
  const now = new Date();
  const page = keysetPage(
    rows.map((r) => ({ id: r.row.id, sortKey: r.sortKey, view: view(r, now) })),
    input.limit,
    (r) => r.sortKey,
  );
  return { items: page.items.map((r) => r.view), next: page.next };
}

/** Open, overdue and due-soon counts (for the overview and the page's header). */
export async function summarizeRequests(ctx: Pick<TenantServiceContext, 'db' | 'tenantId'>): Promise<GdprSummary> {
  const [row] = await ctx.db
    .select({
      open: sql<number>`count(*) filter (where ${openCondition})::int`,
      overdue: sql<number>`count(*) filter (where ${dueCondition('overdue')})::int`,
      dueSoon: sql<number>`count(*) filter (where ${dueCondition('due_soon')})::int`,
    })
    .from(gdprRequests)
    .where(eq(gdprRequests.tenantId, ctx.tenantId));
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0, dueSoon: row?.dueSoon ?? 0 };
}

async function loadRow(ctx: TenantServiceContext, id: string): Promise<Row> {
  const [row] = await select(ctx).where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, id)));
  if (!row) notFound('Request');
  return row;
}

/** Locks the request for the rest of the transaction, so two admins cannot move it at once. */
async function lockRow(ctx: TenantServiceContext, id: string): Promise<RequestRow> {
  const [row] = await ctx.db
    .select()
    .from(gdprRequests)
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, id)))
    .for('update');
  if (!row) notFound('Request');
  return row;
}

export async function getRequest(ctx: TenantServiceContext, { id }: { id: string }) {
  return view(await loadRow(ctx, id));
}

function audit(ctx: TenantServiceContext, verb: string, row: Pick<RequestRow, 'id' | 'type'>, payload: Record<string, unknown> = {}) {
  return recordAudit(ctx, {
    action: `gdpr.request.${verb}`,
    resourceType: 'gdpr_request',
    resourceId: row.id,
    payload: { type: row.type, ...payload },
  });
}

function checkReceivedAt(receivedAt: Date | undefined, now: Date): Date {
  if (!receivedAt) return now;
  if (receivedAt.getTime() > now.getTime() + 60_000) badRequest('The date received cannot be in the future.');
  if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000)
    badRequest(
      `The date received can be at most ${MAX_BACKDATE_DAYS} days ago; older requests are already overdue and must be answered now.`,
    );
  return receivedAt;
}

/** An admin records a request received from a person (by mail, phone, the support desk). */
export async function createRequest(ctx: TenantServiceContext, input: CreateGdprInput) {
  const now = new Date();
  const receivedAt = checkReceivedAt(input.receivedAt, now);
  let subjectUserId: string | null = null;
  let subjectEmail: string | null = null;
  if (input.subjectUserId) {
    const [user] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.subjectUserId)));
    if (!user) notFound('User');
    subjectUserId = user.id;
  } else {
    // An address that belongs to a user of the workspace is that user.
    const [user] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.email, input.subjectEmail!)));
    if (user) subjectUserId = user.id;
    else subjectEmail = input.subjectEmail!;
  }
  const [row] = await ctx.db
    .insert(gdprRequests)
    .values({
      tenantId: ctx.tenantId,
      type: input.type,
      subjectUserId,
      subjectEmail,
      channel: 'admin',
      filedBy: ctx.userId,
      receivedAt,
      dueAt: dueDateFor(receivedAt),
      notes: input.notes || null,
    })
    .returning();
  await audit(ctx, 'create', row!, { channel: 'admin', subjectUserId, dueAt: row!.dueAt.toISOString() });
  return getRequest(ctx, { id: row!.id });
}

function requireMember(ctx: TenantServiceContext): string {
  if (ctx.actor.type !== 'user' || !ctx.userId) forbidden('Only a member of the workspace, signed in as themself, can do this.');
  return ctx.userId;
}

/**
 * A user asks for a copy of their data or its erasure. They are signed in as themself, which is
 * the identity check: the request starts verified.
 */
export async function fileOwnRequest(ctx: TenantServiceContext, input: FileOwnInput) {
  const userId = requireMember(ctx);
  const [pending] = await ctx.db
    .select({ id: gdprRequests.id })
    .from(gdprRequests)
    .where(
      and(
        eq(gdprRequests.tenantId, ctx.tenantId),
        eq(gdprRequests.subjectUserId, userId),
        eq(gdprRequests.type, input.type),
        openCondition,
      ),
    )
    .limit(1);
  if (pending) conflict('You already have an open request of this kind; follow it below.');
  const now = new Date();
  const [row] = await ctx.db
    .insert(gdprRequests)
    .values({
      tenantId: ctx.tenantId,
      type: input.type,
      status: 'identity_verified',
      subjectUserId: userId,
      channel: 'self',
      filedBy: userId,
      receivedAt: now,
      dueAt: dueDateFor(now),
      identityVerifiedAt: now,
      verificationMethod: 'signed_in',
      notes: input.notes || null,
    })
    .returning();
  await audit(ctx, 'create', row!, { channel: 'self', dueAt: row!.dueAt.toISOString() });
  await audit(ctx, 'verify', row!, { method: 'signed_in' });
  return getRequest(ctx, { id: row!.id });
}

/** The requests about the signed-in user, whoever filed them. */
export async function listOwnRequests(ctx: TenantServiceContext) {
  const userId = requireMember(ctx);
  const rows = await select(ctx)
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.subjectUserId, userId)))
    .orderBy(desc(gdprRequests.receivedAt), desc(gdprRequests.id))
    .limit(50);
  const now = new Date();
  return rows.map((r) => view(r, now));
}

async function lockOwn(ctx: TenantServiceContext, id: string): Promise<RequestRow> {
  const userId = requireMember(ctx);
  const row = await lockRow(ctx, id);
  // Someone else's request answers as if it did not exist.
  if (row.subjectUserId !== userId) notFound('Request');
  return row;
}

function refuseUnless(row: RequestRow, allowed: GdprStatus[], doing: string) {
  if (!allowed.includes(row.status)) conflict(`This request is ${row.status.replace('_', ' ')}; it cannot be ${doing} now.`);
}

/** The subject confirms, while signed in, that a request an admin filed about them is theirs. */
export async function confirmOwnRequest(ctx: TenantServiceContext, { id }: { id: string }) {
  const row = await lockOwn(ctx, id);
  refuseUnless(row, ['received'], 'confirmed');
  await markVerified(ctx, row, 'signed_in');
  return getRequest(ctx, { id });
}

/** The subject withdraws their request before work on it started. */
export async function cancelOwnRequest(ctx: TenantServiceContext, { id }: { id: string }) {
  const row = await lockOwn(ctx, id);
  refuseUnless(row, ['received', 'identity_verified', 'approved'], 'cancelled');
  await setStatus(ctx, row, 'cancelled', { completedAt: new Date() });
  await audit(ctx, 'cancel', row, { by: 'subject' });
  return getRequest(ctx, { id });
}

async function setStatus(ctx: TenantServiceContext, row: RequestRow, status: GdprStatus, extra: Partial<RequestRow> = {}) {
  await ctx.db
    .update(gdprRequests)
    .set({ status, ...extra })
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, row.id)));
}

async function markVerified(ctx: TenantServiceContext, row: RequestRow, method: 'signed_in' | 'email_code') {
  await setStatus(ctx, row, 'identity_verified', {
    identityVerifiedAt: new Date(),
    verificationMethod: method,
    verificationCodeHash: null,
    verificationCodeExpiresAt: null,
    verificationAttempts: 0,
  });
  await audit(ctx, 'verify', row, { method });
}

function codeHash(requestId: string, code: string) {
  return createHash('sha256').update(`${requestId}:${code}`).digest('hex');
}

/** Where a code for this request goes: the user's address, or the one the request gives. */
async function subjectAddress(ctx: TenantServiceContext, row: RequestRow): Promise<string> {
  if (row.subjectUserId) {
    const [user] = await ctx.db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, row.subjectUserId)));
    if (user) return user.email;
  }
  if (row.subjectEmail) return row.subjectEmail;
  badRequest('This request has no e-mail address to send a code to.');
}

/**
 * E-mails a 6-digit code to the subject's address. The subject reads it back to the admin (by
 * reply, on the phone), who enters it: the person who wrote in controls that mailbox. Only the
 * code's hash is kept; a new code replaces the previous one.
 */
export async function sendVerificationCode(ctx: TenantServiceContext, { id }: { id: string }) {
  const row = await lockRow(ctx, id);
  refuseUnless(row, ['received'], 'verified');
  const to = await subjectAddress(ctx, row);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  await ctx.db
    .update(gdprRequests)
    .set({ verificationCodeHash: codeHash(row.id, code), verificationCodeExpiresAt: expiresAt, verificationAttempts: 0 })
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, row.id)));
  const text = [
    `We received a request for ${TYPE_LABELS[row.type]} about this e-mail address in the workspace "${ctx.tenantSlug}".`,
    `To confirm it comes from you, give this code to the person handling it: ${code}`,
    `The code is valid until ${formatDateTime(expiresAt)} (UTC). If you did not ask for this, ignore this message and tell the workspace.`,
  ].join('\n\n');
  sendMail(ctx, {
    tenantId: ctx.tenantId,
    kind: 'gdpr_verification',
    to,
    subject: 'Confirm your data protection request',
    text,
    html: text
      .split('\n\n')
      .map((p) => `<p>${p.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`)
      .join(''),
  });
  await audit(ctx, 'send_code', row, { expiresAt: expiresAt.toISOString() });
  return { id: row.id, to, expiresAt };
}

/** The admin enters the code the subject read back; five wrong tries spend it. */
export async function verifyWithCode(ctx: TenantServiceContext, input: { id: string; code: string }) {
  const row = await lockRow(ctx, input.id);
  refuseUnless(row, ['received'], 'verified');
  if (!row.verificationCodeHash || !row.verificationCodeExpiresAt) badRequest('No code was sent for this request yet. Send one first.');
  if (row.verificationCodeExpiresAt <= new Date()) badRequest('The code has expired. Send a new one.');
  if (row.verificationAttempts >= MAX_CODE_ATTEMPTS) badRequest('Too many wrong codes. Send a new one.');
  const expected = Buffer.from(row.verificationCodeHash, 'hex');
  const given = Buffer.from(codeHash(row.id, input.code), 'hex');
  if (!timingSafeEqual(expected, given)) {
    const attempts = row.verificationAttempts + 1;
    await ctx.db
      .update(gdprRequests)
      .set({ verificationAttempts: attempts })
      .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, row.id)));
    await audit(ctx, 'verify', row, { method: 'email_code', status: 'wrong_code', attempts });
    const left = MAX_CODE_ATTEMPTS - attempts;
    return {
      verified: false as const,
      message:
        left > 0
          ? `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left.`
          : 'That code is not right, and no tries are left. Send a new one.',
    };
  }
  await markVerified(ctx, row, 'email_code');
  return { verified: true as const, message: 'Identity verified.' };
}

/**
 * Approves a verified request. Access, portability and erasure start their background work at
 * once; rectification and restriction are done by people, who then mark the request completed.
 * Erasing a user needs that user's power, and never removes the last admin.
 */
export async function approveRequest(ctx: TenantServiceContext, input: { id: string; sharedDocuments?: 'delete' | 'keep' }) {
  const row = await lockRow(ctx, input.id);
  const retry = row.status === 'approved' && row.error != null && JOB_OF[row.type] != null;
  if (!retry) {
    if (row.status === 'received') conflict('Verify the person’s identity before approving the request.');
    refuseUnless(row, ['identity_verified'], 'approved');
  }
  if (row.type === 'erasure') {
    if (!input.sharedDocuments && !row.sharedDocuments)
      badRequest('Choose what becomes of the documents this person uploaded to shared collections: delete them or keep them.');
    if (row.subjectUserId) {
      if (row.subjectUserId === ctx.userId) badRequest('You cannot approve the erasure of your own account; ask another admin.');
      const [target] = await ctx.db
        .select({ id: users.id, email: users.email, status: users.status })
        .from(users)
        .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, row.subjectUserId)));
      if (target) {
        await assertOutranks(ctx, target);
        if (target.status === 'active' && (await holdsAdmin(ctx, target.id)).holds) await assertAnotherAdminRemains(ctx, target.id);
      }
      await refuseHeldErasure(ctx, row.subjectUserId);
    }
  }
  const job = JOB_OF[row.type];
  await setStatus(ctx, row, job ? 'processing' : 'approved', {
    decidedBy: ctx.userId,
    decidedAt: new Date(),
    error: null,
    progress: job ? { step: 'queued', done: 0, total: 1 } : null,
    ...(row.type === 'erasure' ? { sharedDocuments: input.sharedDocuments ?? row.sharedDocuments } : {}),
  });
  if (job) {
    await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: job, payload: { requestId: row.id }, maxRetries: 2 });
    ctx.afterCommit(pokeWorker);
  }
  await audit(
    ctx,
    retry ? 'retry' : 'approve',
    row,
    row.type === 'erasure' ? { sharedDocuments: input.sharedDocuments ?? row.sharedDocuments } : {},
  );
  return getRequest(ctx, { id: row.id });
}

/**
 * Art. 17(3)(e): data kept for legal claims is not erased. A legal hold on the person, or on a
 * document they uploaded, stops the erasure until it is released (or the request is rejected).
 */
async function refuseHeldErasure(ctx: TenantServiceContext, userId: string) {
  if (await isUnderLegalHold(ctx.db, ctx.tenantId, { userId }))
    conflict(
      'This person is under a legal hold: their data cannot be erased until the hold is released (Settings → Legal holds), or reject the request giving the hold as the reason.',
    );
  const [held] = await withRestrictedVisible(ctx.db, () =>
    ctx.db
      .select({ n: count() })
      .from(legalHolds)
      .innerJoin(documents, and(eq(documents.tenantId, legalHolds.tenantId), eq(documents.id, legalHolds.targetId)))
      .where(
        and(
          eq(legalHolds.tenantId, ctx.tenantId),
          eq(legalHolds.targetType, 'document'),
          isNull(legalHolds.releasedAt),
          eq(documents.uploadedBy, userId),
        ),
      ),
  );
  if ((held?.n ?? 0) > 0)
    conflict(
      `${held!.n === 1 ? 'A document' : `${held!.n} documents`} this person uploaded ${held!.n === 1 ? 'is' : 'are'} under a legal hold: release the hold (Settings → Legal holds) before erasing, or reject the request giving the hold as the reason.`,
    );
}

export async function rejectRequest(ctx: TenantServiceContext, input: { id: string; reason: string }) {
  const row = await lockRow(ctx, input.id);
  refuseUnless(row, ['received', 'identity_verified', 'approved'], 'rejected');
  await setStatus(ctx, row, 'rejected', {
    rejectionReason: input.reason,
    decidedBy: ctx.userId,
    decidedAt: new Date(),
    completedAt: new Date(),
  });
  await audit(ctx, 'reject', row, { reason: input.reason });
  return getRequest(ctx, { id: row.id });
}

export async function cancelRequest(ctx: TenantServiceContext, { id }: { id: string }) {
  const row = await lockRow(ctx, id);
  refuseUnless(row, ['received', 'identity_verified', 'approved'], 'cancelled');
  await setStatus(ctx, row, 'cancelled', { completedAt: new Date() });
  await audit(ctx, 'cancel', row, { by: 'admin' });
  return getRequest(ctx, { id });
}

/** Art. 12(3): once, before the original due date, by one or two months, with the reason. */
export async function extendRequest(ctx: TenantServiceContext, input: { id: string; months: 1 | 2; reason: string }) {
  const row = await lockRow(ctx, input.id);
  if (!isOpen(row.status)) conflict('Only an open request can be extended.');
  const check = checkExtension(row, input.months);
  if (!check.ok) badRequest(check.reason);
  await ctx.db
    .update(gdprRequests)
    .set({ extendedDueAt: check.extendedDueAt, extensionReason: input.reason, extendedAt: new Date() })
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, row.id)));
  await audit(ctx, 'extend', row, { months: input.months, reason: input.reason, dueAt: check.extendedDueAt.toISOString() });
  return getRequest(ctx, { id: row.id });
}

/** Rectification and restriction are done by people; they record what they did here. */
export async function completeRequest(ctx: TenantServiceContext, input: { id: string; notes: string }) {
  const row = await lockRow(ctx, input.id);
  if (JOB_OF[row.type]) conflict('This request completes by itself once its background work is done.');
  refuseUnless(row, ['approved'], 'completed');
  const notes = row.notes ? `${row.notes}\n\n${input.notes}` : input.notes;
  await setStatus(ctx, row, 'completed', { completedAt: new Date(), notes });
  await audit(ctx, 'completed', row, { by: 'admin' });
  return getRequest(ctx, { id: row.id });
}

/** Users the admin can pick as a request's subject (search by e-mail or name). */
export async function searchSubjects(ctx: TenantServiceContext, { search }: { search: string }) {
  const pattern = likePattern(search);
  return ctx.db
    .select({ id: users.id, email: users.email, name: users.fullName })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), or(ilike(users.email, pattern), ilike(users.fullName, pattern))))
    .orderBy(asc(users.email))
    .limit(10);
}
