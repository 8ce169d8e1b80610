import { contentWords } from '@/server/ai/text';
import type { ChatTurn } from '@/server/ai/chat-model';

const FOLLOW_UP =
  /^(and|but|also|what about|how about|then|so)\b|\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there|one)\b/i;

/**
 * The search query for a question in a conversation. A follow-up that leans on what came
 * before ("and what about its price?") carries the subject of the previous questions along, so
 * retrieval finds the passages about that subject rather than about "its".
 */
export function rewriteQuery(question: string, history: ChatTurn[]): string {
  const previous = history.filter((t) => t.role === 'user').map((t) => t.content);
  if (previous.length === 0) return question;
  const own = contentWords(question);
  const isFollowUp = FOLLOW_UP.test(question.trim()) || own.length <= 2;
  if (!isFollowUp) return question;
  const subject: string[] = [];
  for (const earlier of previous.slice(-2).reverse()) {
    for (const word of earlier.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (contentWords(word).length === 0 || subject.includes(word)) continue;
      subject.push(word);
    }
    if (subject.length >= 6) break;
  }
  return `${question} ${subject.join(' ')}`.trim();
}
