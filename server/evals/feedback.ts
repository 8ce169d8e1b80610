import 'server-only';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { chatMessages, chatSessions, messageFeedback } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { offsetOf } from '@/server/shared/pagination';
import type { FeedbackListInput } from './datasets-schema';

const EXCERPT_CHARS = 300;

/**
 * The caller's own thumbs-down answers, newest rating first, for turning into dataset cases. Chats
 * are private to their user: only answers in the caller's sessions that the caller rated appear.
 */
export async function listFeedback(ctx: TenantServiceContext, input: FeedbackListInput) {
  const empty = { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  if (!ctx.userId) return empty;
  const where = and(
    eq(messageFeedback.tenantId, ctx.tenantId),
    eq(messageFeedback.userId, ctx.userId),
    eq(messageFeedback.rating, 'down'),
    eq(chatMessages.role, 'assistant'),
    eq(chatSessions.userId, ctx.userId),
  );
  const rows = await ctx.db
    .select({
      messageId: chatMessages.id,
      sessionId: chatMessages.sessionId,
      // The user's message just before the answer in its chat.
      question: sql<string | null>`(
        select q.content from chat_messages q
        where q.tenant_id = ${chatMessages.tenantId} and q.session_id = ${chatMessages.sessionId} and q.role = 'user'
          and (q.created_at < ${chatMessages.createdAt} or (q.created_at = ${chatMessages.createdAt} and q.id < ${chatMessages.id}))
        order by q.created_at desc, q.id desc limit 1)`,
      answerExcerpt: sql<string>`left(${chatMessages.content}, ${EXCERPT_CHARS})`,
      comment: messageFeedback.comment,
      ratedAt: messageFeedback.updatedAt,
      datasets: sql<Array<{ id: string; name: string }>>`coalesce((
        select json_agg(json_build_object('id', d.id, 'name', d.name) order by lower(d.name))
        from rag_eval_datasets d
        where d.tenant_id = ${chatMessages.tenantId} and exists (
          select 1 from rag_eval_cases c
          where c.tenant_id = d.tenant_id and c.dataset_id = d.id and c.source->>'messageId' = ${chatMessages.id}::text)
      ), '[]'::json)`,
    })
    .from(messageFeedback)
    .innerJoin(chatMessages, and(eq(chatMessages.tenantId, messageFeedback.tenantId), eq(chatMessages.id, messageFeedback.messageId)))
    .innerJoin(chatSessions, and(eq(chatSessions.tenantId, chatMessages.tenantId), eq(chatSessions.id, chatMessages.sessionId)))
    .where(where)
    .orderBy(desc(messageFeedback.updatedAt), desc(messageFeedback.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(messageFeedback)
    .innerJoin(chatMessages, and(eq(chatMessages.tenantId, messageFeedback.tenantId), eq(chatMessages.id, messageFeedback.messageId)))
    .innerJoin(chatSessions, and(eq(chatSessions.tenantId, chatMessages.tenantId), eq(chatSessions.id, chatMessages.sessionId)))
    .where(where);
  return {
    items: rows.map((r) => ({ ...r, question: r.question?.trim() || null, ratedAt: new Date(r.ratedAt) })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
