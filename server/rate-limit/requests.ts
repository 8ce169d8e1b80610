import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tenantQuotas } from '@/db/schema';
import type { Principal } from '@/server/auth/types';
import { RateLimitedError } from '@/server/shared/errors';
import { PostgresRateLimiter, type RateLimitBucket, type RateLimiter } from './limiter';

/**
 * An API key may use at most this share of its workspace's requests per minute, so one
 * runaway integration leaves the rest to the console's people and the other keys.
 */
export const API_KEY_SHARE = 0.5;

export function apiKeyLimitOf(tenantLimit: number): number {
  return Math.ceil(tenantLimit * API_KEY_SHARE);
}

/** The workspace a principal's requests count against; a superadmin's only once they entered one. */
function tenantOf(principal: Principal): string | null {
  if (principal.kind === 'superadmin') return principal.acting?.tenantId ?? null;
  return principal.tenantId;
}

export type RequestLimitOptions = { rootDb: Db; limiter?: RateLimiter };

/**
 * Counts one request of `principal` against its workspace's `max_requests_per_minute` (NULL: no
 * limit) and, for an API key, against the key's share of it. Past either, TOO_MANY_REQUESTS
 * naming the limit that was hit and when to try again. Runs on the privileged connection
 * before any tenant transaction opens.
 */
export async function requireWithinRequestLimit(principal: Principal, opts: RequestLimitOptions): Promise<void> {
  const tenantId = tenantOf(principal);
  if (!tenantId) return;
  const [quota] = await opts.rootDb
    .select({ limit: tenantQuotas.maxRequestsPerMinute })
    .from(tenantQuotas)
    .where(eq(tenantQuotas.tenantId, tenantId))
    .limit(1);
  const limit = quota?.limit;
  if (limit === null || limit === undefined) return;
  const buckets: RateLimitBucket[] = [];
  // The key first: a key refused for its own share is not charged to the workspace.
  if (principal.kind === 'api_key') buckets.push({ scope: 'api_key', key: principal.id, limit: apiKeyLimitOf(limit) });
  buckets.push({ scope: 'tenant', key: tenantId, limit });
  const verdict = await (opts.limiter ?? new PostgresRateLimiter(opts.rootDb)).hit(buckets);
  if (verdict.ok) return;
  const who = verdict.bucket.scope === 'api_key' ? 'This API key is' : 'This workspace is';
  throw new RateLimitedError(
    `${who} limited to ${verdict.bucket.limit} requests per minute; try again in ${verdict.retryAfterSeconds} s.`,
    verdict.retryAfterSeconds,
  );
}
