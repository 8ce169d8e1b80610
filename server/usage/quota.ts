import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { documents, tenantQuotas } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { formatBytes, formatNumber } from '@/lib/format';
import { AppError, RateLimitedError } from '@/server/shared/errors';
import { formatWait, periods } from './limits';
import { tenantDayTotal, tenantToday } from './meter';

/**
 * Locks the tenant's quota row for the rest of the transaction: concurrent uploads of one
 * tenant take turns here, so two requests racing for the last bytes never both pass.
 */
async function lockQuotas(tx: Tx, tenantId: string) {
  const [row] = await tx.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, tenantId)).for('update');
  return row;
}

/** Storage used by every live document of the tenant, restricted ones included. */
export async function storageUsed(tx: Tx, tenantId: string): Promise<number> {
  // Restricted documents count against the quota even when this user cannot see them.
  const [row] = await withRestrictedVisible(tx, () =>
    tx
      .select({ bytes: sql<string>`coalesce(sum(${documents.sizeBytes}), 0)` })
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), isNull(documents.deletedAt))),
  );
  return Number(row?.bytes ?? 0);
}

/** A refused upload, named by the limit it hit so the refusal can be counted after the rollback. */
export class StorageFullError extends AppError {
  override name = 'StorageFullError';
  readonly limitName = 'storage_bytes';
  constructor(message: string) {
    super('INSUFFICIENT_STORAGE', message);
  }
}

export class IngestionsRefusedError extends RateLimitedError {
  override name = 'IngestionsRefusedError';
  readonly limitName = 'ingestions_per_day';
}

/** The limit a refused write hit, if it was a quota's. */
export function refusedLimit(error: unknown): string | null {
  return error instanceof StorageFullError || error instanceof IngestionsRefusedError ? error.limitName : null;
}

/**
 * Checks that one more ingestion of `bytes` fits the tenant's quotas, holding the quota lock until
 * the caller's transaction ends. The caller records the ingestion in the same transaction.
 */
export async function reserveIngestion(tx: Tx, tenantId: string, bytes: number) {
  const quotas = await lockQuotas(tx, tenantId);
  if (quotas?.maxStorageBytes != null) {
    const used = await storageUsed(tx, tenantId);
    if (used + bytes > quotas.maxStorageBytes) {
      throw new StorageFullError(
        `Not enough storage left: this file needs ${formatBytes(bytes)} and ${formatBytes(Math.max(0, quotas.maxStorageBytes - used))} of the workspace's ${formatBytes(quotas.maxStorageBytes)} are free.`,
      );
    }
  }
  if (quotas?.maxIngestionsPerDay != null) {
    const done = await tenantDayTotal(tx, tenantId, await tenantToday(tx), 'ingestions');
    if (done + 1 > quotas.maxIngestionsPerDay) {
      const { dayEnds, timeZone } = await periods(tx);
      const wait = Math.max(1, Math.ceil((dayEnds.getTime() - Date.now()) / 1000));
      throw new IngestionsRefusedError(
        `The workspace has used ${formatNumber(done)} of its ${formatNumber(quotas.maxIngestionsPerDay)} uploads per day; you can upload again at 00:00 ${timeZone} (in ${formatWait(wait)}).`,
        wait,
      );
    }
  }
}
