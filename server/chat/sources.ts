import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { chatMessages, chatSessions, documentChunks, documents } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest, notFound } from '@/server/shared/errors';
import type { SourceInput } from './schema';

/**
 * Where the quote sits in the chunk: by the stored document offsets when they still match the
 * chunk's text, else by finding the quote (a chunk re-made with other offsets), else nowhere.
 */
export function locateQuote(
  chunk: { content: string; charStart: number },
  citation: { quote: string; charStart?: number; charEnd?: number },
): { quoteStart: number; quoteEnd: number } | null {
  const { content } = chunk;
  if (citation.charStart !== undefined && citation.charEnd !== undefined) {
    const start = citation.charStart - chunk.charStart;
    const end = citation.charEnd - chunk.charStart;
    if (start >= 0 && end <= content.length && end > start && content.slice(start, end).trim() === citation.quote.trim()) {
      return { quoteStart: start, quoteEnd: end };
    }
  }
  const quote = citation.quote.trim();
  if (!quote) return null;
  const at = content.indexOf(quote);
  return at >= 0 ? { quoteStart: at, quoteEnd: at + quote.length } : null;
}

/**
 * A citation of one of the person's own answers with its passage, read under their RLS: someone
 * else's answer (same tenant or not) is "not found", and a passage they may no longer read is
 * left out (the stored quote is all they get, as in the answer itself).
 */
export async function citationSource(ctx: TenantServiceContext, input: SourceInput) {
  if (!ctx.userId) badRequest('Chats belong to a workspace user; sign in with your own account to chat.');
  const [message] = await ctx.db
    .select({ role: chatMessages.role, citations: chatMessages.citations })
    .from(chatMessages)
    .innerJoin(chatSessions, and(eq(chatSessions.tenantId, chatMessages.tenantId), eq(chatSessions.id, chatMessages.sessionId)))
    .where(and(eq(chatMessages.tenantId, ctx.tenantId), eq(chatMessages.id, input.messageId), eq(chatSessions.userId, ctx.userId)));
  if (!message) notFound('Message');
  const citation = message.citations.find((c) => c.n === input.n);
  if (!citation) notFound('Citation');
  const [chunk] = await ctx.db
    .select({
      content: documentChunks.content,
      charStart: documentChunks.charStart,
      pageFrom: documentChunks.pageFrom,
      pageTo: documentChunks.pageTo,
      section: documentChunks.section,
    })
    .from(documentChunks)
    .innerJoin(documents, and(eq(documents.tenantId, documentChunks.tenantId), eq(documents.id, documentChunks.documentId)))
    .where(
      and(
        eq(documentChunks.tenantId, ctx.tenantId),
        eq(documentChunks.id, citation.chunkId),
        eq(documentChunks.documentId, citation.documentId),
        isNull(documents.deletedAt),
      ),
    );
  const at = chunk ? locateQuote(chunk, citation) : null;
  return {
    n: citation.n,
    documentId: citation.documentId,
    chunkId: citation.chunkId,
    filename: citation.filename,
    page: citation.page,
    quote: citation.quote,
    chunk: chunk
      ? {
          content: chunk.content,
          pageFrom: chunk.pageFrom,
          pageTo: chunk.pageTo,
          section: chunk.section,
          quoteStart: at?.quoteStart ?? null,
          quoteEnd: at?.quoteEnd ?? null,
        }
      : null,
  };
}
