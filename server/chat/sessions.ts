import 'server-only';
import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { chatMessages, chatSessions, collections, messageFeedback } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest, notFound } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import type { CreateSessionInput, RateInput, SessionListInput, UpdateSessionInput } from './schema';

export const NEW_CHAT_TITLE = 'New chat';

export function requireUser(ctx: TenantServiceContext): string {
  if (!ctx.userId) badRequest('Chats belong to a workspace user; sign in with your own account to chat.');
  return ctx.userId;
}

/** A session of the current user; anyone else's (same tenant or not) is "not found". */
export async function ownSession(ctx: TenantServiceContext, id: string) {
  const userId = requireUser(ctx);
  const [row] = await ctx.db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.tenantId, ctx.tenantId), eq(chatSessions.id, id), eq(chatSessions.userId, userId)));
  if (!row) notFound('Chat');
  return row;
}

/** The newest user or assistant message of the session whose text matches `pattern`. */
function matchingMessage(pattern: string) {
  return sql`(select m.content from chat_messages m
    where m.tenant_id = chat_sessions.tenant_id and m.session_id = chat_sessions.id
      and m.role in ('user', 'assistant') and m.content ilike ${pattern}
    order by m.created_at desc limit 1)`;
}

/** ~160 characters of `text` around the first occurrence of `term`. */
export function snippetAround(text: string, term: string, size = 160): string {
  const at = text.toLowerCase().indexOf(term.toLowerCase());
  if (at < 0 || text.length <= size) return text.slice(0, size);
  const start = Math.max(0, Math.min(at - Math.floor((size - term.length) / 2), text.length - size));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + size).trim()}${start + size < text.length ? '…' : ''}`;
}

export async function listSessions(ctx: TenantServiceContext, input: SessionListInput) {
  const userId = requireUser(ctx);
  const term = input.search?.trim() || null;
  const pattern = term ? likePattern(term) : null;
  const where = and(
    eq(chatSessions.tenantId, ctx.tenantId),
    eq(chatSessions.userId, userId),
    input.includeArchived ? undefined : eq(chatSessions.isArchived, false),
    pattern ? or(ilike(chatSessions.title, pattern), sql`exists ${matchingMessage(pattern)}`) : undefined,
  );
  const items = await ctx.db
    .select({
      id: chatSessions.id,
      title: chatSessions.title,
      isArchived: chatSessions.isArchived,
      collectionIds: chatSessions.collectionIds,
      createdAt: chatSessions.createdAt,
      updatedAt: chatSessions.updatedAt,
      lastMessage: sql<
        string | null
      >`(select left(m.content, 160) from chat_messages m where m.tenant_id = chat_sessions.tenant_id and m.session_id = chat_sessions.id order by m.created_at desc limit 1)`,
      matched: pattern ? sql<string | null>`${matchingMessage(pattern)}` : sql<null>`null`,
    })
    .from(chatSessions)
    .where(where)
    .orderBy(desc(chatSessions.updatedAt), desc(chatSessions.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(chatSessions).where(where);
  return {
    items: items.map(({ matched, ...item }) => ({ ...item, matchedMessage: matched && term ? snippetAround(matched, term) : null })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** Only collections this user can see (RLS) may scope a chat; an empty list means all of them. */
async function checkCollections(ctx: TenantServiceContext, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = await ctx.db
    .select({ id: collections.id })
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), inArray(collections.id, unique)));
  if (found.length !== unique.length) notFound('Collection');
  return unique;
}

export async function createSession(ctx: TenantServiceContext, input: CreateSessionInput) {
  const userId = requireUser(ctx);
  const collectionIds = await checkCollections(ctx, input.collectionIds);
  const [row] = await ctx.db
    .insert(chatSessions)
    .values({ tenantId: ctx.tenantId, userId, collectionIds, title: input.title ?? NEW_CHAT_TITLE })
    .returning();
  await recordAudit(ctx, { action: 'chat.create', resourceType: 'chat_session', resourceId: row!.id, payload: { collectionIds } });
  return row!;
}

export async function updateSession(ctx: TenantServiceContext, input: UpdateSessionInput) {
  await ownSession(ctx, input.id);
  const patch: Partial<typeof chatSessions.$inferInsert> = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.isArchived !== undefined) patch.isArchived = input.isArchived;
  if (input.collectionIds !== undefined) patch.collectionIds = await checkCollections(ctx, input.collectionIds);
  const [row] = await ctx.db
    .update(chatSessions)
    .set(patch)
    .where(and(eq(chatSessions.tenantId, ctx.tenantId), eq(chatSessions.id, input.id)))
    .returning();
  await recordAudit(ctx, { action: 'chat.update', resourceType: 'chat_session', resourceId: input.id, payload: { ...patch } });
  return row!;
}

/** Deletes the session; its messages go with it (ON DELETE CASCADE: the append-only rule is for edits). */
export async function deleteSession(ctx: TenantServiceContext, input: { id: string }) {
  await ownSession(ctx, input.id);
  await ctx.db.delete(chatSessions).where(and(eq(chatSessions.tenantId, ctx.tenantId), eq(chatSessions.id, input.id)));
  await recordAudit(ctx, { action: 'chat.delete', resourceType: 'chat_session', resourceId: input.id });
  return { id: input.id };
}

export async function getSession(ctx: TenantServiceContext, { id }: { id: string }) {
  const session = await ownSession(ctx, id);
  const messages = await ctx.db
    .select({
      id: chatMessages.id,
      role: chatMessages.role,
      content: chatMessages.content,
      citations: chatMessages.citations,
      inputTokens: chatMessages.inputTokens,
      outputTokens: chatMessages.outputTokens,
      model: chatMessages.model,
      provider: chatMessages.provider,
      latencyMs: chatMessages.latencyMs,
      costUsd: chatMessages.costUsd,
      stopped: chatMessages.stopped,
      createdAt: chatMessages.createdAt,
      rating: messageFeedback.rating,
      comment: messageFeedback.comment,
    })
    .from(chatMessages)
    .leftJoin(
      messageFeedback,
      and(
        eq(messageFeedback.tenantId, chatMessages.tenantId),
        eq(messageFeedback.messageId, chatMessages.id),
        eq(messageFeedback.userId, session.userId),
      ),
    )
    .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.sessionId, id)))
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id));
  return { ...session, messages: messages.map((m) => ({ ...m, costUsd: Number(m.costUsd) })) };
}

export async function rateMessage(ctx: TenantServiceContext, input: RateInput) {
  const userId = requireUser(ctx);
  const [message] = await ctx.db
    .select({ id: chatMessages.id, role: chatMessages.role })
    .from(chatMessages)
    .innerJoin(chatSessions, and(eq(chatSessions.tenantId, chatMessages.tenantId), eq(chatSessions.id, chatMessages.sessionId)))
    .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.id, input.messageId), eq(chatSessions.userId, userId)));
  if (!message) notFound('Message');
  if (message.role !== 'assistant') badRequest('Only answers can be rated.');
  await ctx.db
    .insert(messageFeedback)
    .values({ tenantId: ctx.tenantId, messageId: input.messageId, userId, rating: input.rating, comment: input.comment || null })
    .onConflictDoUpdate({
      target: [messageFeedback.tenantId, messageFeedback.messageId, messageFeedback.userId],
      set: { rating: input.rating, comment: input.comment || null },
    });
  await recordAudit(ctx, {
    action: 'chat.feedback',
    resourceType: 'chat_message',
    resourceId: input.messageId,
    payload: { rating: input.rating },
  });
  return { messageId: input.messageId, rating: input.rating, comment: input.comment ?? null };
}
