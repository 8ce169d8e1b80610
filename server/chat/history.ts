import 'server-only';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { chatMessages, chatSessions } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { ownSession, requireUser } from './sessions';

/**
 * Chats and messages page by page for the REST API, by position rather than offset: a new
 * message or chat never shifts a page a client is walking through. A position is the row's
 * creation time in whole microseconds (a JS Date keeps only milliseconds and would repeat or skip
 * rows created within one) and its id, which breaks ties.
 */
export type Position = { key: string; id: string };
export type PageOfRows<T> = { items: T[]; next: Position | null };

const micros = (column: PgColumn) => sql<string>`(floor(extract(epoch from ${column}) * 1000000))::bigint::text`;

function after(createdAt: PgColumn, id: PgColumn, position: Position | null, direction: 'asc' | 'desc'): SQL | undefined {
  if (!position) return undefined;
  const at = sql`timestamptz 'epoch' + (${position.key}::bigint * interval '1 microsecond')`;
  return direction === 'asc'
    ? sql`(${createdAt}, ${id}) > (${at}, ${position.id}::uuid)`
    : sql`(${createdAt}, ${id}) < (${at}, ${position.id}::uuid)`;
}

function paged<T extends { position: string; id: string }>(rows: T[], limit: number): PageOfRows<Omit<T, 'position'>> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ position: _position, ...item }) => item),
    next: rows.length > limit && last ? { key: last.position, id: last.id } : null,
  };
}

/** The caller's chats, newest first (archived ones too: the API has no archive view of its own). */
export async function listSessionsAfter(ctx: TenantServiceContext, input: { after: Position | null; limit: number }) {
  const userId = requireUser(ctx);
  const rows = await ctx.db
    .select({
      id: chatSessions.id,
      title: chatSessions.title,
      isArchived: chatSessions.isArchived,
      collectionIds: chatSessions.collectionIds,
      createdAt: chatSessions.createdAt,
      updatedAt: chatSessions.updatedAt,
      position: micros(chatSessions.createdAt),
    })
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.tenantId, ctx.tenantId),
        eq(chatSessions.userId, userId),
        after(chatSessions.createdAt, chatSessions.id, input.after, 'desc'),
      ),
    )
    .orderBy(desc(chatSessions.createdAt), desc(chatSessions.id))
    .limit(input.limit + 1);
  return paged(rows, input.limit);
}

/** One of the caller's chats, oldest message first, with each answer's citations. */
export async function listMessagesAfter(ctx: TenantServiceContext, input: { sessionId: string; after: Position | null; limit: number }) {
  const session = await ownSession(ctx, input.sessionId);
  const rows = await ctx.db
    .select({
      id: chatMessages.id,
      sessionId: chatMessages.sessionId,
      role: chatMessages.role,
      content: chatMessages.content,
      citations: chatMessages.citations,
      model: chatMessages.model,
      inputTokens: chatMessages.inputTokens,
      outputTokens: chatMessages.outputTokens,
      latencyMs: chatMessages.latencyMs,
      stopped: chatMessages.stopped,
      createdAt: chatMessages.createdAt,
      position: micros(chatMessages.createdAt),
    })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.tenantId, ctx.tenantId),
        eq(chatMessages.sessionId, session.id),
        after(chatMessages.createdAt, chatMessages.id, input.after, 'asc'),
      ),
    )
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id))
    .limit(input.limit + 1);
  return paged(rows, input.limit);
}

/** One stored message of the caller's chat (an answer replayed for a repeated Idempotency-Key). */
export async function getMessage(ctx: TenantServiceContext, input: { sessionId: string; messageId: string }) {
  const session = await ownSession(ctx, input.sessionId);
  const [row] = await ctx.db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.sessionId, session.id), eq(chatMessages.id, input.messageId)));
  return row ?? null;
}
