import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import { chatMessages, chatSessions } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { afterTimestamp, beforeTimestamp, keysetPage, micros, type Keyset } from '@/server/shared/keyset';
import { ownSession, requireUser } from './sessions';

/**
 * Chats and messages page by page for the REST API, by position rather than offset (keysets of
 * creation time in microseconds and id): a new message or chat never shifts a page a client is
 * walking through.
 */
const toPage = <T extends { position: string; id: string }>(rows: T[], limit: number) => {
  const page = keysetPage(rows, limit, (row) => row.position);
  return { items: page.items.map(({ position: _position, ...item }) => item), next: page.next };
};

/** The caller's chats, newest first (archived ones too: the API has no archive view of its own). */
export async function listSessionsAfter(ctx: TenantServiceContext, input: { after: Keyset | null; limit: number }) {
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
        beforeTimestamp(chatSessions.createdAt, chatSessions.id, input.after),
      ),
    )
    .orderBy(desc(chatSessions.createdAt), desc(chatSessions.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

/** One of the caller's chats, oldest message first, with each answer's citations. */
export async function listMessagesAfter(ctx: TenantServiceContext, input: { sessionId: string; after: Keyset | null; limit: number }) {
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
        afterTimestamp(chatMessages.createdAt, chatMessages.id, input.after),
      ),
    )
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
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
