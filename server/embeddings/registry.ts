import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { embeddingsRegistry, type EmbedderConfig } from '@/db/schema';
import { decryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';
import type { EmbeddingProvider } from '@/server/ai/embedding';
import { defaultEmbedderConfig, describeEmbedder, embedderFor } from '@/server/ai/embedders';

export type EmbedderRow = typeof embeddingsRegistry.$inferSelect;

type Factory = typeof embedderFor;
let factory: Factory = embedderFor;

/**
 * Tests swap in embedders that need neither model files nor a network (a hashing embedder of
 * another size, under its own model name); null restores the real factory.
 */
export function setEmbedderFactoryForTests(next: Factory | null): void {
  factory = next ?? embedderFor;
}

/** The provider for a registry row, with its API key decrypted (bound to this tenant and field). */
export function providerFor(row: Pick<EmbedderRow, 'tenantId' | 'config' | 'apiKeyEncrypted' | 'keyVersion'>): EmbeddingProvider {
  const apiKey = row.apiKeyEncrypted
    ? decryptSecret(row.apiKeyEncrypted, row.keyVersion ?? 0, { tenantId: row.tenantId, field: SECRET_FIELDS.embedderApiKey })
    : null;
  return factory(row.config, { apiKey });
}

/** Embeds `texts` and checks that every vector has the size the registry row expects. */
export async function embedChecked(provider: EmbeddingProvider, texts: string[], dims: number | null): Promise<number[][]> {
  const vectors = await provider.embed(texts);
  const expected = dims ?? vectors[0]?.length ?? provider.dimensions;
  for (const vector of vectors) {
    if (vector.length !== expected) {
      throw new Error(`The embedder ${provider.model} returned vectors of ${vector.length} dimensions where ${expected} were expected.`);
    }
  }
  return vectors;
}

/** pgvector's text form of a vector. */
export const vectorLiteral = (vector: readonly number[]) => `[${vector.join(',')}]`;

/**
 * The tenant's active embedder. A workspace that never had one (created after the migration that
 * introduced them) gets the platform default the first time one is needed; concurrent first uses
 * agree on one row (the partial unique index on the active row).
 */
export async function activeEmbedder(tx: Tx, tenantId: string): Promise<EmbedderRow> {
  const [row] = await tx
    .select()
    .from(embeddingsRegistry)
    .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.status, 'active')));
  if (row) return row;
  const config: EmbedderConfig = defaultEmbedderConfig();
  const described = describeEmbedder(config);
  const dims = described.dimensions ?? factory(config).dimensions;
  await tx.execute(sql`
    insert into embeddings_registry (tenant_id, model_name, dims, version, label, config, status, activated_at)
    values (${tenantId}, ${described.model}, ${dims}, ${described.version}, ${described.label}, ${JSON.stringify(config)}::jsonb, 'active', now())
    on conflict (tenant_id) where status = 'active' do nothing`);
  const [created] = await tx
    .select()
    .from(embeddingsRegistry)
    .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.status, 'active')));
  return created!;
}

/** The embedder being built in the background, if any. */
export async function buildingEmbedder(tx: Tx, tenantId: string): Promise<EmbedderRow | null> {
  const [row] = await tx
    .select()
    .from(embeddingsRegistry)
    .where(and(eq(embeddingsRegistry.tenantId, tenantId), eq(embeddingsRegistry.status, 'building')));
  return row ?? null;
}

/**
 * Of `ids`, those still active or building, locked against a switch until the caller commits:
 * a writer of vectors never adds them for an embedder that was just retired.
 */
export async function liveEmbedders(tx: Tx, tenantId: string, ids: string[]): Promise<EmbedderRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(embeddingsRegistry)
    .where(
      and(
        eq(embeddingsRegistry.tenantId, tenantId),
        inArray(embeddingsRegistry.id, ids),
        inArray(embeddingsRegistry.status, ['active', 'building']),
      ),
    )
    .for('share');
}

/** Writes one vector per chunk for `embedder`; chunks deleted meanwhile are skipped. */
export async function insertVectors(
  tx: Tx,
  tenantId: string,
  embedder: { id: string; dims: number },
  items: Array<{ chunkId: string; vector: readonly number[] }>,
): Promise<number> {
  if (items.length === 0) return 0;
  const ids = `{${items.map((i) => i.chunkId).join(',')}}`;
  // One array literal per column (drizzle would spread a JS array into a list of parameters).
  const vectors = `{${items.map((i) => `"${vectorLiteral(i.vector)}"`).join(',')}}`;
  const rows = await tx.execute(sql`
    insert into chunk_embeddings (tenant_id, chunk_id, document_id, embedder_id, dims, embedding)
    select c.tenant_id, c.id, c.document_id, ${embedder.id}::uuid, ${embedder.dims}, v.embedding::vector
    from unnest(${ids}::uuid[], ${vectors}::text[]) as v(chunk_id, embedding)
    join document_chunks c on c.tenant_id = ${tenantId} and c.id = v.chunk_id
    on conflict do nothing
    returning chunk_id`);
  return rows.length;
}
