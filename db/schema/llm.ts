import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, real, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { llmProviders, tenants } from './tenants';
import { PROVIDER_TYPES, RERANK_MODES } from '../../lib/enums';

/** Retrieval parameters of a tenant (hybrid search, reciprocal rank fusion). */
export type RetrievalConfig = { topK?: number; candidates?: number; vectorWeight?: number; textWeight?: number; rrfK?: number };

/** Reordering the fused candidates before the top K are kept: none, a lexical/semantic score mix, or the chat model. */
export type RerankMode = (typeof RERANK_MODES)[number];
/**
 * What a tenant stores: the search parameters and the rerank step (off when absent). Kept beside
 * RetrievalConfig rather than in it: the search's defaults are a `Required<RetrievalConfig>`.
 */
export type TenantRetrievalConfig = RetrievalConfig & { rerank?: RerankMode };

/** A tenant's model configuration (bring your own key); the key is AES-256-GCM encrypted. */
export const tenantLlmConfig = pgTable(
  'tenant_llm_config',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id').references(() => llmProviders.id, { onDelete: 'set null' }),
    providerType: text('provider_type', { enum: PROVIDER_TYPES }).notNull().default('local'),
    retrieval: jsonb('retrieval').$type<TenantRetrievalConfig>().notNull().default({}),
    baseUrl: text('base_url'),
    modelName: text('model_name').notNull(),
    embeddingModel: text('embedding_model'),
    temperature: real('temperature').notNull().default(0.2),
    maxTokens: integer('max_tokens').notNull().default(1024),
    priority: integer('priority').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    apiKeyEncrypted: text('api_key_encrypted'),
    keyVersion: integer('key_version'),
    /** The workspace's own instructions to an OpenAI-compatible model, after the grounding rules (issue 15). */
    systemPrompt: text('system_prompt'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('tenant_llm_config_tenant_priority_key').on(t.tenantId, t.priority),
    check('tenant_llm_config_provider_type_valid', sql`${t.providerType} in ('local', 'openai-compatible')`),
    check('tenant_llm_config_temperature_range', sql`${t.temperature} between 0 and 2`),
    check('tenant_llm_config_max_tokens_range', sql`${t.maxTokens} between 1 and 200000`),
    check('tenant_llm_config_key_versioned', sql`(${t.apiKeyEncrypted} is null) = (${t.keyVersion} is null)`),
    check('tenant_llm_config_system_prompt_length', sql`char_length(${t.systemPrompt}) <= 4000`),
    tenantIsolationPolicy(),
  ],
);
