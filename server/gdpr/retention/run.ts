import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { dataRetentionJobs } from '@/db/schema';
import { withTenantInTransaction } from '@/db/tenant';
import { purgeAuditPrefix, RETENTION_PURGE_ACTION } from '@/server/audit/retention';
import { writeAudit } from '@/server/audit/write';
import { enqueueJob } from '@/server/jobs/queue';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { getStorage } from '@/server/storage';
import { recordUsage } from '@/server/usage/meter';
import { RETENTION_CLASSES, type RetentionClass, type RetentionCounts } from '@/lib/retention';
import { auditBoundarySeq, countPastRetention, cutoffOf, purgeChats, purgeDocuments, purgeEvaluations, purgeUsageEvents } from './classes';
import { loadPolicies } from './policy';

type RunPayload = { retentionJobId: string };

const payloadOf = (payload: Record<string, unknown>): RunPayload => {
  if (typeof payload.retentionJobId !== 'string') throw new JobError('This retention job names no run to carry out.');
  return { retentionJobId: payload.retentionJobId };
};

/**
 * One daily retention run for one tenant: for each class with a finite period, removes what is
 * past it (never what a legal hold covers), writes one audit entry per class with the counts
 * (never content), and records the outcome on the `data_retention_jobs` row. Everything is one
 * transaction on the privileged connection (chat messages and audit entries are append-only for
 * the application role); stored files go once it has committed. A re-run of a completed run
 * does nothing.
 */
async function run(ctx: JobContext) {
  const { db, job } = ctx;
  const { retentionJobId } = payloadOf(job.payload);
  const tenantId = job.tenantId;
  const started = await db
    .update(dataRetentionJobs)
    .set({ status: 'running', startedAt: new Date(), executedAt: new Date(), error: null })
    .where(
      and(
        eq(dataRetentionJobs.tenantId, tenantId),
        eq(dataRetentionJobs.id, retentionJobId),
        sql`${dataRetentionJobs.status} <> 'completed'`,
      ),
    )
    .returning({ id: dataRetentionJobs.id });
  if (started.length === 0) return;
  await ctx.progress({ stage: 'retention', percent: 10 });
  try {
    const files = await db.transaction(async (tx) => {
      await ctx.fence(tx);
      const { policies } = await loadPolicies(tx, tenantId);
      const counts: RetentionCounts = {};
      const files: string[] = [];
      const audit = (cls: RetentionClass, days: number, extra: Record<string, unknown> = {}) =>
        writeAudit(tx, {
          tenantId,
          actorType: 'system',
          actorLabel: 'retention',
          action: RETENTION_PURGE_ACTION,
          resourceType: 'retention_class',
          resourceId: cls,
          status: 'success',
          payload: { class: cls, days, counts: counts[cls], retentionJobId, ...extra },
        });
      for (const cls of RETENTION_CLASSES) {
        const days = policies[cls];
        if (days === null) continue;
        const [cutoff] = await tx.execute<{ at: string }>(sql`select ${cutoffOf(days)}::text as at`);
        if (cls === 'audit') {
          const anchor = await purgeAuditPrefix(tx, tenantId, auditBoundarySeq(tenantId, cutoffOf(days)));
          counts.audit = { entries: anchor?.entries ?? 0 };
          const { entries: _entries, ...link } = anchor ?? { entries: 0 };
          await audit(cls, days, { cutoff: cutoff!.at, ...link });
          continue;
        }
        counts[cls] = await countPastRetention(tx, tenantId, cls, days);
        if (cls === 'chats') await purgeChats(tx, tenantId, days);
        if (cls === 'usage_events') await purgeUsageEvents(tx, tenantId, days);
        if (cls === 'evaluations') files.push(...(await purgeEvaluations(tx, tenantId, days)));
        if (cls === 'documents') {
          const docs = await purgeDocuments(tx, tenantId, days);
          // Stored bytes go down as when a person deletes a document; the tenant's own day applies.
          await withTenantInTransaction(tx, { tenantId }, async () => {
            for (const doc of docs) {
              await recordUsage(tx, { tenantId, userId: doc.uploadedBy, kind: 'storage', storageBytes: -doc.sizeBytes });
            }
          });
          for (const doc of docs) files.push(doc.storageKey, `${tenantId}/documents/${doc.id}/`);
        }
        await audit(cls, days, { cutoff: cutoff!.at });
      }
      await tx
        .update(dataRetentionJobs)
        .set({ status: 'completed', finishedAt: new Date(), deletedCounts: counts, policy: policies, error: null })
        .where(and(eq(dataRetentionJobs.tenantId, tenantId), eq(dataRetentionJobs.id, retentionJobId)));
      return files;
    });
    await removeFiles(files);
  } catch (error) {
    await db
      .update(dataRetentionJobs)
      .set({
        status: 'failed',
        finishedAt: new Date(),
        error: error instanceof JobError ? error.userMessage : 'The retention run stopped with an internal error; it will be retried.',
      })
      .where(and(eq(dataRetentionJobs.tenantId, tenantId), eq(dataRetentionJobs.id, retentionJobId)));
    throw error;
  }
}

/** Files of removed rows; one that cannot be removed now is an orphan the tenant purge also takes. */
async function removeFiles(keys: string[]) {
  const storage = getStorage();
  for (const key of keys) {
    await (key.endsWith('/') ? storage.removePrefix(key) : storage.remove(key)).catch(() => {});
  }
}

async function onFinalFailure(db: Db, job: JobContext['job'], message: string) {
  if (typeof job.payload.retentionJobId !== 'string') return;
  await db
    .update(dataRetentionJobs)
    .set({ status: 'failed', finishedAt: new Date(), error: message })
    .where(and(eq(dataRetentionJobs.tenantId, job.tenantId), eq(dataRetentionJobs.id, job.payload.retentionJobId)));
}

export const RETENTION_HANDLERS = { retention: { run, onFinalFailure } satisfies JobHandler };

/**
 * The daily tick: one retention run per tenant that keeps anything for a finite period, once
 * per tenant-local day (the unique (tenant, local_date) row makes a second tick that day a
 * no-op), each with its job in the same transaction. Deleted tenants are left to their purge.
 * Returns how many runs it enqueued.
 */
export async function enqueueDailyRetention(db: Db = getDb()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.execute<{ id: string; tenant_id: string }>(sql`
      insert into data_retention_jobs (tenant_id, scheduled_at, local_date, status)
      select p.tenant_id, now(), (now() at time zone coalesce(t.settings->>'timeZone', 'UTC'))::date, 'scheduled'
      from retention_policies p join tenants t on t.id = p.tenant_id
      where t.status <> 'deleted'
        and (p.chats_days is not null or p.documents_days is not null or p.usage_events_days is not null
          or p.evaluations_days is not null or p.audit_days is not null)
      on conflict (tenant_id, local_date) do nothing
      returning id, tenant_id`);
    for (const row of due) {
      await enqueueJob(tx, { tenantId: row.tenant_id, jobType: 'retention', payload: { retentionJobId: row.id } });
    }
    return due.length;
  });
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Ticks every hour (and once soon after start-up): tenants' days begin at different hours, so
 * each tenant's run is enqueued within the hour after its local midnight.
 */
export function scheduleDailyRetention(everyMs = 60 * 60_000) {
  if (process.env.DISABLE_BACKGROUND_JOBS === '1' || timer) return;
  const tick = () =>
    void enqueueDailyRetention().catch((error: unknown) => console.error('retention scheduling failed; the next tick retries', error));
  setTimeout(tick, 5_000);
  timer = setInterval(tick, everyMs);
  timer.unref?.();
}
