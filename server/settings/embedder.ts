import 'server-only';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { chunkEmbeddings, embeddingsRegistry, type EmbedderConfig } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { describeEmbedder, listOnnxModels } from '@/server/ai/embedders';
import { checkModelUrl, EgressRefusal, type EgressOptions } from '@/server/ai/egress';
import { encryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { switchActive } from '@/server/embeddings/reembed-job';
import { activeEmbedder, buildingEmbedder, type EmbedderRow } from '@/server/embeddings/registry';
import { cancelJob, enqueueJob } from '@/server/jobs/queue';
import { pokeWorker } from '@/server/jobs/runtime';
import { badRequest } from '@/server/shared/errors';
import { originOf } from '@/lib/url';
import type { EmbedderSettings, UpdateEmbedderInput } from './schema';

const DNS_TIMEOUT_MS = 10_000;

const summary = (row: EmbedderRow) => ({
  id: row.id,
  kind: row.config.kind,
  label: row.label || describeEmbedder(row.config).label,
  model: row.modelName,
  dimensions: row.dims,
  version: row.version,
  config: row.config,
  hasApiKey: Boolean(row.apiKeyEncrypted),
  createdAt: row.createdAt,
});

/** The active embedder (with its number of vectors), the one being built and the last failure. */
export async function getEmbedderSettings(ctx: TenantServiceContext): Promise<EmbedderSettings> {
  const active = await activeEmbedder(ctx.db, ctx.tenantId);
  const building = await buildingEmbedder(ctx.db, ctx.tenantId);
  // Every vector counts, restricted documents' too: the number describes the workspace.
  const [vectors] = await withRestrictedVisible(ctx.db, () =>
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(chunkEmbeddings)
      .where(and(eq(chunkEmbeddings.tenantId, ctx.tenantId), eq(chunkEmbeddings.embedderId, active.id))),
  );
  const [failed] = await ctx.db
    .select()
    .from(embeddingsRegistry)
    .where(
      and(
        eq(embeddingsRegistry.tenantId, ctx.tenantId),
        eq(embeddingsRegistry.status, 'retired'),
        isNotNull(embeddingsRegistry.error),
        sql`${embeddingsRegistry.retiredAt} > ${(active.activatedAt ?? active.createdAt).toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(embeddingsRegistry.retiredAt))
    .limit(1);
  return {
    active: { ...summary(active), vectors: vectors?.n ?? 0, activatedAt: active.activatedAt },
    building: building ? { ...summary(building), progress: building.progress } : null,
    lastFailure: failed ? { label: summary(failed).label, error: failed.error!, at: failed.retiredAt! } : null,
    onnxModels: listOnnxModels().map((m) => m.name),
  };
}

const normalise = (c: EmbedderConfig): EmbedderConfig => {
  switch (c.kind) {
    case 'onnx':
      return { kind: 'onnx', model: c.model };
    case 'openai-compatible':
      return { kind: 'openai-compatible', baseUrl: c.baseUrl, model: c.model, dimensions: c.dimensions };
    default:
      return { kind: c.kind };
  }
};

/** jsonb keeps its own key order: both sides are rebuilt in one order before comparing. */
const sameConfig = (a: EmbedderConfig, b: EmbedderConfig) => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));

/** Stops a re-embedding: the embedder is retired, its vectors deleted and its job cancelled. */
async function retireBuilding(ctx: TenantServiceContext, row: EmbedderRow) {
  await ctx.db
    .update(embeddingsRegistry)
    .set({ status: 'retired', retiredAt: new Date() })
    .where(and(eq(embeddingsRegistry.tenantId, ctx.tenantId), eq(embeddingsRegistry.id, row.id)));
  await withRestrictedVisible(ctx.db, () =>
    ctx.db.delete(chunkEmbeddings).where(and(eq(chunkEmbeddings.tenantId, ctx.tenantId), eq(chunkEmbeddings.embedderId, row.id))),
  );
  if (row.jobId) await cancelJob(ctx.db, ctx.tenantId, row.jobId);
}

async function checkAddress(baseUrl: string, egress: EgressOptions) {
  try {
    await checkModelUrl(baseUrl, egress, AbortSignal.timeout(DNS_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof EgressRefusal) badRequest(error.message);
    if (error instanceof DOMException && error.name === 'TimeoutError')
      badRequest('The embeddings address’s host did not resolve in time (DNS). Check the address and try again.');
    throw error;
  }
}

/**
 * Chooses the workspace's embedder. Every chunk is embedded again in the background (a `reembed`
 * job) while retrieval keeps using the current embedder; the new one takes over when complete. A
 * change while another is being built replaces it. A workspace without chunks switches at once.
 * The same address's stored key is kept when `apiKey` is omitted; a key never follows the
 * address to another origin.
 */
export async function updateEmbedder(ctx: TenantServiceContext, input: UpdateEmbedderInput, egress: EgressOptions = {}) {
  const config = normalise(input.config as EmbedderConfig);
  if (config.kind === 'openai-compatible') await checkAddress(config.baseUrl, egress);
  if (config.kind === 'onnx' && !listOnnxModels().some((m) => m.name === config.model)) {
    badRequest(`There is no model “${config.model}” in the model directory (EMBEDDING_MODEL_DIR). Choose one from the list.`);
  }
  // Locked: two changes at once are serialised, not both started.
  const active = await activeEmbedder(ctx.db, ctx.tenantId);
  await ctx.db.select({ id: embeddingsRegistry.id }).from(embeddingsRegistry).where(eq(embeddingsRegistry.id, active.id)).for('update');
  const building = await buildingEmbedder(ctx.db, ctx.tenantId);
  const secretContext = { tenantId: ctx.tenantId, field: SECRET_FIELDS.embedderApiKey };
  const encrypted = (plain: string) => {
    const { ciphertext, keyVersion } = encryptSecret(plain, secretContext);
    return { apiKeyEncrypted: ciphertext, keyVersion };
  };
  const keptKey = () => {
    if (config.kind !== 'openai-compatible') return { apiKeyEncrypted: null, keyVersion: null };
    const source = [building, active].find(
      (row) => row?.config.kind === 'openai-compatible' && row.apiKeyEncrypted && originOf(row.config.baseUrl) === originOf(config.baseUrl),
    );
    return { apiKeyEncrypted: source?.apiKeyEncrypted ?? null, keyVersion: source?.keyVersion ?? null };
  };
  const key =
    config.kind !== 'openai-compatible' || input.apiKey === null
      ? { apiKeyEncrypted: null, keyVersion: null }
      : input.apiKey === undefined
        ? keptKey()
        : encrypted(input.apiKey);

  if (sameConfig(active.config, config)) {
    if (!building && input.apiKey === undefined) badRequest(`${summary(active).label} is already this workspace’s embedder.`);
    if (building) await retireBuilding(ctx, building);
    if (input.apiKey !== undefined) {
      await ctx.db.update(embeddingsRegistry).set(key).where(eq(embeddingsRegistry.id, active.id));
    }
    await recordAudit(ctx, {
      action: 'settings.embedder_update',
      resourceType: 'embedder',
      resourceId: active.id,
      payload: {
        config,
        kept: true,
        cancelled: building ? { id: building.id, model: building.modelName } : null,
        apiKeyChanged: input.apiKey !== undefined,
      },
    });
    return getEmbedderSettings(ctx);
  }

  if (building) await retireBuilding(ctx, building);
  const described = describeEmbedder(config);
  const [row] = await ctx.db
    .insert(embeddingsRegistry)
    .values({
      tenantId: ctx.tenantId,
      modelName: described.model,
      dims: described.dimensions,
      version: described.version,
      label: described.label,
      config,
      ...key,
      status: 'building',
      createdBy: ctx.userId,
    })
    .returning();
  const chunks = await withRestrictedVisible(ctx.db, async () => {
    const [r] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from document_chunks where tenant_id = ${ctx.tenantId}`);
    return r!.n;
  });
  let switched = false;
  if (chunks === 0 && row!.dims !== null) {
    switched = await withRestrictedVisible(ctx.db, () => switchActive(ctx.db, row!, row!.dims!));
  } else {
    const job = await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: 'reembed', payload: { embedderId: row!.id }, maxRetries: 3 });
    await ctx.db
      .update(embeddingsRegistry)
      .set({ jobId: job.id, progress: { done: 0, total: chunks } })
      .where(eq(embeddingsRegistry.id, row!.id));
    ctx.afterCommit(pokeWorker);
  }
  await recordAudit(ctx, {
    action: 'settings.embedder_update',
    resourceType: 'embedder',
    resourceId: row!.id,
    payload: {
      config,
      model: described.model,
      dims: described.dimensions,
      previous: { id: active.id, model: active.modelName, dims: active.dims },
      cancelled: building ? { id: building.id, model: building.modelName } : null,
      chunks,
      switchedAtOnce: switched,
      apiKeyChanged: input.apiKey !== undefined,
    },
  });
  return getEmbedderSettings(ctx);
}

/** Stops the re-embedding under way; the active embedder stays. */
export async function cancelEmbedderChange(ctx: TenantServiceContext) {
  const building = await buildingEmbedder(ctx.db, ctx.tenantId);
  if (!building) badRequest('No change of embedder is under way.');
  await retireBuilding(ctx, building);
  await recordAudit(ctx, {
    action: 'settings.embedder_cancel',
    resourceType: 'embedder',
    resourceId: building.id,
    payload: { model: building.modelName, progress: building.progress },
  });
  return getEmbedderSettings(ctx);
}
