import 'server-only';
import { and, eq } from 'drizzle-orm';
import { tenantLlmConfig, type PROVIDER_TYPES, type RetrievalConfig, type RerankMode } from '@/db/schema';
import { checkModelUrl, EgressRefusal, type EgressOptions } from '@/server/ai/egress';
import { decryptSecret, encryptSecret, needsReencryption, SECRET_FIELDS } from '@/server/ai/secrets';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import type { UpdateLlmSettingsInput } from './schema';
import { DEFAULT_RETRIEVAL } from '@/server/retrieval/search';
import { originOf } from '@/lib/url';
import { badRequest } from '@/server/shared/errors';

export type LlmSettings = {
  providerType: (typeof PROVIDER_TYPES)[number];
  baseUrl: string | null;
  modelName: string;
  temperature: number;
  maxTokens: number;
  hasApiKey: boolean;
  keyVersion: number | null;
  retrieval: Required<RetrievalConfig> & { rerank: RerankMode };
  systemPrompt: string;
  updatedAt: Date | null;
};

/** The tenant's model settings; the API key itself is never returned, only whether one is set. */
export async function getLlmSettings(ctx: TenantServiceContext): Promise<LlmSettings> {
  const [row] = await ctx.db
    .select()
    .from(tenantLlmConfig)
    .where(and(eq(tenantLlmConfig.tenantId, ctx.tenantId), eq(tenantLlmConfig.priority, 0)));
  return {
    providerType: row?.providerType ?? 'local',
    baseUrl: row?.baseUrl ?? null,
    modelName: row?.modelName ?? 'extractive-v1',
    temperature: row?.temperature ?? 0.2,
    maxTokens: row?.maxTokens ?? 1024,
    hasApiKey: Boolean(row?.apiKeyEncrypted),
    keyVersion: row?.keyVersion ?? null,
    retrieval: { ...DEFAULT_RETRIEVAL, rerank: 'off', ...row?.retrieval },
    systemPrompt: row?.systemPrompt ?? '',
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Saving waits this long for DNS, inside the settings transaction. */
const DNS_TIMEOUT_MS = 10_000;

/**
 * Saves the model settings. `apiKey`: a string replaces the stored key (encrypted), null removes
 * it, undefined keeps it, unless the base URL now points at another origin: a stored key never
 * follows the URL to a server it was not meant for, so it is cleared (and the audit says so).
 * A base URL that reaches this server's own network is refused before anything is written
 * (`egress`: where DNS answers come from, the system's by default). A kept key stored in the
 * earlier format or under a retired key is encrypted anew.
 */
export async function updateLlmSettings(ctx: TenantServiceContext, input: UpdateLlmSettingsInput, egress: EgressOptions = {}) {
  const secretContext = { tenantId: ctx.tenantId, field: SECRET_FIELDS.llmApiKey };
  if (input.providerType !== 'local' && input.baseUrl) {
    try {
      await checkModelUrl(input.baseUrl, egress, AbortSignal.timeout(DNS_TIMEOUT_MS));
    } catch (error) {
      if (error instanceof EgressRefusal) badRequest(error.message);
      if (error instanceof DOMException && error.name === 'TimeoutError')
        badRequest('The model address’s host did not resolve in time (DNS). Check the address and try again.');
      throw error;
    }
  }
  const [current] = await ctx.db
    .select({
      baseUrl: tenantLlmConfig.baseUrl,
      storedKey: tenantLlmConfig.apiKeyEncrypted,
      keyVersion: tenantLlmConfig.keyVersion,
      systemPrompt: tenantLlmConfig.systemPrompt,
    })
    .from(tenantLlmConfig)
    .where(and(eq(tenantLlmConfig.tenantId, ctx.tenantId), eq(tenantLlmConfig.priority, 0)))
    .for('update');
  const nextBaseUrl = input.providerType === 'local' ? null : input.baseUrl;
  const keyLeftBehind =
    input.apiKey === undefined && Boolean(current?.storedKey) && originOf(current?.baseUrl ?? null) !== originOf(nextBaseUrl);
  const stored = (plain: string) => {
    const { ciphertext, keyVersion } = encryptSecret(plain, secretContext);
    return { apiKeyEncrypted: ciphertext, keyVersion };
  };
  // Only for a kept key: a replaced or removed one need not decrypt.
  const kept = () =>
    current?.storedKey && current.keyVersion && needsReencryption(current.storedKey)
      ? stored(decryptSecret(current.storedKey, current.keyVersion, secretContext))
      : undefined;
  const key = keyLeftBehind
    ? { apiKeyEncrypted: null, keyVersion: null }
    : input.apiKey === undefined
      ? kept()
      : input.apiKey === null
        ? { apiKeyEncrypted: null, keyVersion: null }
        : stored(input.apiKey);
  const values = {
    providerType: input.providerType,
    baseUrl: nextBaseUrl,
    modelName: input.providerType === 'local' ? 'extractive-v1' : input.modelName,
    temperature: input.temperature,
    maxTokens: input.maxTokens,
    retrieval: input.retrieval,
    ...(input.systemPrompt !== undefined ? { systemPrompt: input.systemPrompt || null } : {}),
    enabled: true,
    ...(key ?? {}),
  };
  await ctx.db
    .insert(tenantLlmConfig)
    .values({ tenantId: ctx.tenantId, priority: 0, ...values })
    .onConflictDoUpdate({ target: [tenantLlmConfig.tenantId, tenantLlmConfig.priority], set: values });
  await recordAudit(ctx, {
    action: 'settings.llm_update',
    resourceType: 'tenant_llm_config',
    payload: {
      providerType: values.providerType,
      baseUrl: values.baseUrl,
      modelName: values.modelName,
      temperature: values.temperature,
      maxTokens: values.maxTokens,
      retrieval: values.retrieval,
      apiKeyChanged: input.apiKey !== undefined,
      ...(input.systemPrompt !== undefined && (input.systemPrompt || null) !== (current?.systemPrompt ?? null)
        ? { systemPrompt: input.systemPrompt || null }
        : {}),
      ...(keyLeftBehind ? { storedCredentialRemoved: 'the base URL moved to another origin' } : {}),
    },
  });
  return getLlmSettings(ctx);
}
