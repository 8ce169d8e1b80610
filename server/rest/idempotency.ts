import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiIdempotencyKeys } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { RestError } from './errors';

/**
 * `Idempotency-Key` for the public API's non-idempotent posts (uploads, questions). A key is
 * claimed by inserting its row: the unique index (tenant, API key, key) lets exactly one of two
 * concurrent requests win; the other sees it in progress (409). The winner stores its response
 * once it succeeded, and a later request with the same key and the same request gets that
 * response again (`Idempotent-Replayed: true`); with a different request, 422. A request that
 * failed changed nothing, so its claim is released and the key may be retried.
 */

/** Keys are kept this long, then forgotten (a new request with the key runs again). */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A claim still in progress after this long was abandoned (its process died): it may be taken over. */
export const IDEMPOTENCY_ABANDONED_AFTER_MINUTES = 10;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

export type StoredResponse = { status: number; body: unknown; headers: Record<string, string> };

export type IdempotencyRequest = { key: string; method: string; path: string; requestHash: string };

/** Runs work in a tenant transaction of the request (the route's `run`). */
export type TenantRun = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) => Promise<T>;

/** A claimed key: complete it with the response to replay, or release it when the request failed. */
export type IdempotencyClaim = {
  key: string;
  complete: (response: StoredResponse) => Promise<void>;
  release: () => Promise<void>;
};

export type ClaimResult = { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse };

/** The header's value, checked: printable ASCII, 1–255 characters; null when the header is absent. */
export function idempotencyKeyOf(headers: Headers): string | null {
  const raw = headers.get(IDEMPOTENCY_HEADER);
  if (raw === null) return null;
  const key = raw.trim();
  if (!/^[\x20-\x7e]{1,255}$/.test(key)) {
    throw new RestError(
      'invalid_idempotency_key',
      'The Idempotency-Key header must be 1 to 255 printable ASCII characters (a UUID is a good choice).',
    );
  }
  return key;
}

/** SHA-256 over the parts of a request in a fixed order (object keys sorted), so equal requests hash equally. */
export function requestHash(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Claims `request.key` for the API key `apiKeyId`, or answers what an earlier request with it
 * decided: its stored response (replay), 409 while it is still running, 422 for another request.
 */
export async function claimIdempotencyKey(run: TenantRun, apiKeyId: string, request: IdempotencyRequest): Promise<ClaimResult> {
  const found = await run(async (ctx) => {
    const mine = and(
      eq(apiIdempotencyKeys.tenantId, ctx.tenantId),
      eq(apiIdempotencyKeys.apiKeyId, apiKeyId),
      eq(apiIdempotencyKeys.key, request.key),
    );
    // An expired key is forgotten, and an abandoned claim (its process died) may be taken over.
    await ctx.db.delete(apiIdempotencyKeys).where(
      and(
        mine,
        sql`(${apiIdempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
            or (${apiIdempotencyKeys.state} = 'in_progress'
              and ${apiIdempotencyKeys.createdAt} < now() - make_interval(mins => ${IDEMPOTENCY_ABANDONED_AFTER_MINUTES})))`,
      ),
    );
    const [inserted] = await ctx.db
      .insert(apiIdempotencyKeys)
      .values({ tenantId: ctx.tenantId, apiKeyId, ...request })
      .onConflictDoNothing({ target: [apiIdempotencyKeys.tenantId, apiIdempotencyKeys.apiKeyId, apiIdempotencyKeys.key] })
      .returning({ id: apiIdempotencyKeys.id });
    if (inserted) return { claimedId: inserted.id, row: undefined };
    const [row] = await ctx.db.select().from(apiIdempotencyKeys).where(mine);
    return { claimedId: null, row };
  });

  if (found.claimedId) return { kind: 'claimed', claim: claimOf(run, found.claimedId, request.key) };
  const row = found.row;
  // Deleted between the insert and the select (its request failed and released it): try once more.
  if (!row) return claimIdempotencyKey(run, apiKeyId, request);
  // While the first request runs, what it will answer is not known yet: wait, whatever this one is.
  if (row.state !== 'completed' || row.responseStatus === null) {
    throw new RestError(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry in a moment.',
      null,
      {
        'retry-after': '1',
      },
    );
  }
  if (row.method !== request.method || row.path !== request.path || row.requestHash !== request.requestHash) {
    throw new RestError(
      'idempotency_key_reused',
      `This Idempotency-Key was used for a different request (${row.method} ${row.path}, other content); use a new key for a new request.`,
      { firstUsedAt: row.createdAt.toISOString() },
    );
  }
  return { kind: 'replay', response: { status: row.responseStatus, body: row.responseBody, headers: row.responseHeaders ?? {} } };
}

function claimOf(run: TenantRun, id: string, key: string): IdempotencyClaim {
  let settled = false;
  const mine = (tenantId: string) => and(eq(apiIdempotencyKeys.tenantId, tenantId), eq(apiIdempotencyKeys.id, id));
  return {
    key,
    complete: async (response) => {
      if (settled) return;
      settled = true;
      await run((ctx) =>
        ctx.db
          .update(apiIdempotencyKeys)
          .set({
            state: 'completed',
            responseStatus: response.status,
            responseBody: response.body ?? null,
            responseHeaders: response.headers,
            completedAt: new Date(),
          })
          .where(mine(ctx.tenantId)),
      );
    },
    release: async () => {
      if (settled) return;
      settled = true;
      await run((ctx) => ctx.db.delete(apiIdempotencyKeys).where(and(mine(ctx.tenantId), eq(apiIdempotencyKeys.state, 'in_progress'))));
    },
  };
}

/** The response a replay sends: the stored one, marked as replayed. */
export function replayResponse(stored: StoredResponse): Response {
  return Response.json(stored.body, {
    status: stored.status,
    headers: { ...stored.headers, [REPLAYED_HEADER]: 'true', 'cache-control': 'no-store' },
  });
}

/** Forgets keys older than the TTL, across tenants, on the privileged connection; returns how many. */
export async function sweepExpiredIdempotencyKeys(db: Db): Promise<number> {
  const gone = await db
    .delete(apiIdempotencyKeys)
    .where(sql`${apiIdempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
    .returning({ id: apiIdempotencyKeys.id });
  return gone.length;
}

/** Sweeps expired keys every `everyMs` in this process (the background work), logging failures. */
export function scheduleIdempotencySweep(everyMs: number, db: Db): () => void {
  const timer = setInterval(() => {
    sweepExpiredIdempotencyKeys(db).catch((error: unknown) => console.error('idempotency key sweep failed', error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
