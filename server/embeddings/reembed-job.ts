import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { chunkEmbeddings, embeddingsRegistry } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { chunkEmbeddingText, countTokens } from '@/server/documents/chunk';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { recordUsage } from '@/server/usage/meter';
import { embedChecked, insertVectors, providerFor, type EmbedderRow } from './registry';

const BATCH = 64;
const payloadSchema = z.object({ embedderId: z.uuid() });

/** System work inside one tenant: every chunk, restricted documents included. */
const scopeOf = (tenantId: string) => ({ tenantId, seeRestricted: true });

const counts = async (tx: Tx, tenantId: string, embedderId: string) => {
  const [row] = await tx.execute<{ total: number; done: number }>(sql`
    select (select count(*) from document_chunks where tenant_id = ${tenantId})::int as total,
      (select count(*) from chunk_embeddings where tenant_id = ${tenantId} and embedder_id = ${embedderId})::int as done`);
  return row!;
};

/** The chunks that have no vector of this embedder yet (so a retried job resumes where it stopped). */
const pendingChunks = (tx: Tx, tenantId: string, embedderId: string) =>
  tx.execute<{ id: string; content: string; section: string | null }>(sql`
    select c.id, c.content, c.section from document_chunks c
    where c.tenant_id = ${tenantId}
      and not exists (select 1 from chunk_embeddings e where e.tenant_id = c.tenant_id and e.embedder_id = ${embedderId} and e.chunk_id = c.id)
    order by c.id
    limit ${BATCH}`);

async function building(tx: Tx, tenantId: string, embedderId: string, lock: 'share' | 'update'): Promise<EmbedderRow | null> {
  const [row] = await tx
    .select()
    .from(embeddingsRegistry)
    .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.id, embedderId), eq(embeddingsRegistry.status, 'building')))
    .for(lock);
  return row ?? null;
}

const systemAudit = (
  tenantId: string,
  action: string,
  resourceId: string,
  payload: Record<string, unknown>,
  status: 'success' | 'error' = 'success',
) => ({
  tenantId,
  actorType: 'system' as const,
  actorLabel: 're-embedding job',
  action,
  resourceType: 'embedder',
  resourceId,
  status,
  payload,
});

/**
 * The active embedder becomes retired (its vectors deleted) and this one active, in one
 * transaction: retrieval reads the old vectors until this commits and the new ones after.
 * Returns false when chunks arrived without a vector of this embedder (the caller embeds them).
 */
export async function switchActive(tx: Tx, row: EmbedderRow, dims: number): Promise<boolean> {
  const { done, total } = await counts(tx, row.tenantId, row.id);
  if (done < total) return false;
  const [previous] = await tx
    .update(embeddingsRegistry)
    .set({ status: 'retired', retiredAt: new Date() })
    .where(and(eq(embeddingsRegistry.tenantId, row.tenantId), eq(embeddingsRegistry.status, 'active')))
    .returning();
  if (previous) {
    await tx.delete(chunkEmbeddings).where(and(eq(chunkEmbeddings.tenantId, row.tenantId), eq(chunkEmbeddings.embedderId, previous.id)));
  }
  await tx
    .update(embeddingsRegistry)
    .set({ status: 'active', dims, activatedAt: new Date(), progress: { done, total }, error: null })
    .where(and(eq(embeddingsRegistry.tenantId, row.tenantId), eq(embeddingsRegistry.id, row.id)));
  await writeAudit(
    tx,
    systemAudit(row.tenantId, 'settings.embedder_activated', row.id, {
      model: row.modelName,
      dims,
      vectors: done,
      previous: previous ? { id: previous.id, model: previous.modelName, dims: previous.dims } : null,
    }),
  );
  return true;
}

/**
 * Embeds every chunk of the tenant with the embedder being built, in batches (each its own short
 * transaction, resumable), metered as `embedding` usage against whoever chose the embedder, then
 * switches it to active. A cancelled or replaced embedder (no longer `building`) stops the job.
 */
async function run(ctx: JobContext) {
  const { job, db, signal } = ctx;
  const { embedderId } = payloadSchema.parse(job.payload);
  const tenantId = job.tenantId;
  const row = await withTenant(scopeOf(tenantId), (tx) => building(tx, tenantId, embedderId, 'share'), db);
  if (!row) return;
  let provider: ReturnType<typeof providerFor>;
  try {
    provider = providerFor(row);
  } catch (error) {
    // A model that is missing or cannot load will not load on a retry either.
    throw new JobError(`The embedder could not start: ${error instanceof Error ? error.message : String(error)}`, false, { cause: error });
  }
  let dims = row.dims;
  if (dims === null) {
    // An ONNX model tells its size once loaded: one probe, then it is recorded.
    dims = (await embedChecked(provider, ['dimension probe'], null))[0]!.length;
    if (dims > 2000)
      throw new JobError(`The model makes vectors of ${dims} dimensions; at most 2,000 can be stored. Choose another model.`, false);
    await withTenant(
      scopeOf(tenantId),
      (tx) =>
        tx
          .update(embeddingsRegistry)
          .set({ dims })
          .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.id, embedderId))),
      db,
    );
  }
  const subject = { tenantId, userId: row.createdBy, apiKeyId: null };
  for (;;) {
    signal.throwIfAborted();
    const batch = await withTenant(scopeOf(tenantId), (tx) => pendingChunks(tx, tenantId, embedderId), db);
    if (batch.length === 0) {
      const switched = await withTenant(
        scopeOf(tenantId),
        async (tx) => {
          await ctx.fence(tx);
          const current = await building(tx, tenantId, embedderId, 'update');
          if (!current) return true; // Cancelled or replaced meanwhile: nothing to switch.
          return switchActive(tx, current, dims);
        },
        db,
      );
      if (switched) return;
      continue;
    }
    const texts = batch.map((c) => chunkEmbeddingText({ content: c.content, section: c.section }));
    let vectors: number[][];
    try {
      vectors = await embedChecked(provider, texts, dims);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new JobError(`The embedder failed: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
    }
    const stop: true | { done: number; total: number } = await withTenant(
      scopeOf(tenantId),
      async (tx) => {
        await ctx.fence(tx);
        if (!(await building(tx, tenantId, embedderId, 'share'))) return true;
        await insertVectors(
          tx,
          tenantId,
          { id: embedderId, dims },
          batch.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })),
        );
        await recordUsage(tx, {
          ...subject,
          kind: 'embedding',
          model: provider.model,
          inputTokens: texts.reduce((sum, text) => sum + countTokens(text), 0),
          requests: 1,
          tokensEstimated: true,
        });
        const progress = await counts(tx, tenantId, embedderId);
        await tx
          .update(embeddingsRegistry)
          .set({ progress })
          .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.id, embedderId)));
        return progress;
      },
      db,
    );
    if (stop === true) return;
    // Outside the transaction: the embedded database serves one connection.
    await ctx.progress({ stage: 'embed', percent: stop.total ? Math.floor((100 * stop.done) / stop.total) : 100 });
  }
}

/** Out of retries: the embedder is retired with the reason; the previous one stays active. */
async function onFinalFailure(db: Db, job: { tenantId: string; payload: Record<string, unknown> }, message: string) {
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) return;
  const { embedderId } = parsed.data;
  await withTenant(
    scopeOf(job.tenantId),
    async (tx) => {
      const [row] = await tx
        .update(embeddingsRegistry)
        .set({ status: 'retired', retiredAt: new Date(), error: message })
        .where(
          and(
            eq(embeddingsRegistry.tenantId, job.tenantId),
            eq(embeddingsRegistry.id, embedderId),
            eq(embeddingsRegistry.status, 'building'),
          ),
        )
        .returning();
      if (!row) return;
      await tx.delete(chunkEmbeddings).where(and(eq(chunkEmbeddings.tenantId, job.tenantId), eq(chunkEmbeddings.embedderId, embedderId)));
      await writeAudit(tx, systemAudit(job.tenantId, 'settings.embedder_failed', embedderId, { model: row.modelName, message }, 'error'));
    },
    db,
  );
}

export const reembedHandler: JobHandler = { run, onFinalFailure };
