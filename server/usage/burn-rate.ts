import 'server-only';

/**
 * "At this rate the daily token quota is reached at 15:40": today's tokens spread over the time
 * since local midnight, carried forward until the limit. Reached after the next midnight (or
 * nothing used yet) is "not today"; already at the limit is "reached".
 */
export function burnRateOf(input: { tokensToday: number; max: number | null; now: Date; dayStart: Date; dayEnd: Date }) {
  const { tokensToday, max, now, dayStart, dayEnd } = input;
  if (max === null) return { tokensToday, max, verdict: 'none' as const, at: null };
  if (tokensToday >= max) return { tokensToday, max, verdict: 'reached' as const, at: null };
  const elapsed = now.getTime() - dayStart.getTime();
  if (tokensToday <= 0 || elapsed <= 0) return { tokensToday, max, verdict: 'not-today' as const, at: null };
  const at = new Date(now.getTime() + ((max - tokensToday) * elapsed) / tokensToday);
  return at < dayEnd ? { tokensToday, max, verdict: 'today' as const, at } : { tokensToday, max, verdict: 'not-today' as const, at: null };
}
