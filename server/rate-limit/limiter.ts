import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rateLimitCounters } from '@/db/schema';

/** One counter: a workspace or an API key, with the requests it may make per minute. */
export type RateLimitBucket = { scope: 'tenant' | 'api_key'; key: string; limit: number };

export type RateLimitVerdict = { ok: true } | { ok: false; bucket: RateLimitBucket; retryAfterSeconds: number };

export interface RateLimiter {
  /**
   * Counts one request in each bucket, in order, and stops at the first one past its limit:
   * the buckets after it are not charged, so a key that is refused does not use up its
   * workspace's budget.
   */
  hit(buckets: readonly RateLimitBucket[]): Promise<RateLimitVerdict>;
}

/**
 * Fixed one-minute windows counted in `rate_limit_counters`, so every web process shares them.
 * The upsert is atomic: concurrent requests each get their own count, and only those numbered
 * within the limit pass. The database's clock sets the window, not the process's.
 */
export class PostgresRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Db,
    /** A fixed moment instead of the database's clock (tests that must stay in one window). */
    private readonly clock?: () => Date,
  ) {}

  async hit(buckets: readonly RateLimitBucket[]): Promise<RateLimitVerdict> {
    const now = this.clock ? sql`${this.clock().toISOString()}::timestamptz` : sql`now()`;
    for (const bucket of buckets) {
      const t = rateLimitCounters;
      const [row] = await this.db
        .insert(t)
        .values({
          scope: bucket.scope,
          key: bucket.key,
          windowStart: sql`date_bin('1 minute', ${now}, timestamptz '2000-01-01')`,
          count: 1,
        })
        .onConflictDoUpdate({ target: [t.scope, t.key, t.windowStart], set: { count: sql`${t.count} + 1` } })
        .returning({
          count: t.count,
          windowStart: t.windowStart,
          retryAfter: sql<number>`greatest(1, ceil(extract(epoch from ${t.windowStart} + interval '1 minute' - ${now})))::int`,
        });
      if (!row) throw new Error('the rate limit counter returned no row');
      // The first request of a window removes this bucket's older windows: pruning costs one
      // indexed delete per bucket per minute, and only buckets in use keep a row.
      if (row.count === 1) {
        await this.db.delete(t).where(and(eq(t.scope, bucket.scope), eq(t.key, bucket.key), lt(t.windowStart, row.windowStart)));
      }
      if (row.count > bucket.limit) return { ok: false, bucket, retryAfterSeconds: row.retryAfter };
    }
    return { ok: true };
  }
}
