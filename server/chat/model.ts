import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { tenantLlmConfig, type TenantRetrievalConfig } from '@/db/schema';
import type { ChatModel } from '@/server/ai/chat-model';
import { ExtractiveAnswerer } from '@/server/ai/extractive';
import { OpenAICompatibleModel } from '@/server/ai/openai';
import { decryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';

/** The most a model may write when no configuration says (the settings' default). */
export const DEFAULT_MAX_TOKENS = 1024;

/**
 * The tenant's chat model, the most it may write (`max_tokens`, what a quota reservation holds
 * for the answer) and retrieval settings, from its enabled configuration (else the offline default).
 */
export async function resolveChatSetup(
  tx: Tx,
  tenantId: string,
): Promise<{ model: ChatModel; maxTokens: number; retrieval: TenantRetrievalConfig; systemPrompt: string | null }> {
  const [config] = await tx
    .select()
    .from(tenantLlmConfig)
    .where(and(eq(tenantLlmConfig.tenantId, tenantId), eq(tenantLlmConfig.enabled, true)))
    .orderBy(asc(tenantLlmConfig.priority))
    .limit(1);
  if (config?.providerType === 'openai-compatible' && config.baseUrl) {
    const apiKey =
      config.apiKeyEncrypted && config.keyVersion
        ? decryptSecret(config.apiKeyEncrypted, config.keyVersion, { tenantId, field: SECRET_FIELDS.llmApiKey })
        : null;
    return {
      model: new OpenAICompatibleModel({
        baseUrl: config.baseUrl,
        model: config.modelName,
        apiKey,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        systemPrompt: config.systemPrompt,
      }),
      maxTokens: config.maxTokens,
      retrieval: config.retrieval,
      systemPrompt: config.systemPrompt,
    };
  }
  // The extractive answerer only quotes the documents: a written prompt has nothing to steer there.
  return {
    model: new ExtractiveAnswerer(),
    maxTokens: config?.maxTokens ?? DEFAULT_MAX_TOKENS,
    retrieval: config?.retrieval ?? {},
    systemPrompt: null,
  };
}
