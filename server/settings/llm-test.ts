import 'server-only';
import { and, eq } from 'drizzle-orm';
import { tenantLlmConfig } from '@/db/schema';
import { checkModelUrl, EgressRefusal, type EgressOptions } from '@/server/ai/egress';
import { OpenAICompatibleModel, ProviderError } from '@/server/ai/openai';
import { decryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';
import { recordAudit } from '@/server/audit/record';
import type { TenantRunner } from '@/server/auth/types';
import { recordUsage, usageSubject } from '@/server/usage/meter';
import { originOf } from '@/lib/url';
import { badRequest } from '@/server/shared/errors';
import type { TestLlmInput } from './schema';

/** The whole test, DNS to last byte: a provider that needs longer would time out answering people too. */
export const TEST_TIMEOUT_MS = 20_000;
/** The request is as small as the wire format allows: a few tokens in, at most this many out. */
const TEST_MAX_TOKENS = 5;
const TEST_MESSAGES = [{ role: 'user', content: 'Reply with the single word OK.' }];

type Outcome = { ok: boolean; message: string; latencyMs: number | null; host: string | null; model: string };

/**
 * Sends one tiny chat completion to the model settings as the form holds them, through the same
 * guarded client as chat (address checks, no redirects, provider bodies only in the log), and
 * reports the latency or why it failed. No transaction is open while it waits on the network; the
 * attempt is audited and its tokens metered afterwards. The reason for a refused address is shown,
 * as saving shows it: the one testing may change the settings anyway.
 */
export async function testLlmConnection(runner: TenantRunner, input: TestLlmInput, egress: EgressOptions = {}): Promise<Outcome> {
  if (input.providerType === 'local') {
    return {
      ok: true,
      message: 'The local model runs inside this server: there is nothing to connect to, and it is always available.',
      latencyMs: null,
      host: null,
      model: 'extractive-v1',
    };
  }
  if (!input.baseUrl) badRequest('An OpenAI-compatible provider needs a base URL.');
  if (!input.modelName) badRequest('Enter the model name, e.g. gpt-4o-mini or llama3.1.');
  const baseUrl = input.baseUrl;
  const model = input.modelName;

  const apiKey =
    input.apiKey !== undefined
      ? input.apiKey
      : await runner.inTenant(async (ctx) => {
          const [row] = await ctx.db
            .select({ baseUrl: tenantLlmConfig.baseUrl, key: tenantLlmConfig.apiKeyEncrypted, keyVersion: tenantLlmConfig.keyVersion })
            .from(tenantLlmConfig)
            .where(and(eq(tenantLlmConfig.tenantId, ctx.tenantId), eq(tenantLlmConfig.priority, 0)));
          // A stored key never goes to a server it was not stored for.
          if (!row?.key || !row.keyVersion || originOf(row.baseUrl) !== originOf(baseUrl)) return null;
          return decryptSecret(row.key, row.keyVersion, { tenantId: ctx.tenantId, field: SECRET_FIELDS.llmApiKey });
        });

  let outcome: Outcome;
  let tokens = { input: 0, output: 0 };
  const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
  const started = performance.now();
  try {
    const checked = await checkModelUrl(baseUrl, egress, signal);
    const client = new OpenAICompatibleModel(
      { baseUrl, model, apiKey, temperature: 0, maxTokens: TEST_MAX_TOKENS, timeoutMs: TEST_TIMEOUT_MS },
      egress,
    );
    for await (const event of client.chat(TEST_MESSAGES, signal)) {
      if (event.type === 'usage') tokens = { input: event.inputTokens, output: event.outputTokens };
    }
    const latencyMs = Math.round(performance.now() - started);
    outcome = { ok: true, message: `${checked.url.host} answered with ${model}.`, latencyMs, host: checked.url.host, model };
  } catch (error) {
    const host = URL.canParse(baseUrl) ? new URL(baseUrl).host : null;
    const message =
      error instanceof EgressRefusal || error instanceof ProviderError
        ? error.message
        : signal.aborted
          ? `The model provider${host ? ` (${host})` : ''} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds.`
          : `The model provider${host ? ` (${host})` : ''} could not be reached.`;
    if (!(error instanceof EgressRefusal || error instanceof ProviderError)) console.warn('model connection test failed:', error);
    outcome = { ok: false, message, latencyMs: null, host, model };
  }

  await runner.inTenant(async (ctx) => {
    if (tokens.input + tokens.output > 0 || outcome.ok) {
      await recordUsage(ctx.db, {
        ...usageSubject(ctx),
        kind: 'chat',
        model,
        inputTokens: tokens.input,
        outputTokens: tokens.output,
        requests: 1,
      });
    }
    await recordAudit(ctx, {
      action: 'settings.llm_test',
      resourceType: 'tenant_llm_config',
      status: outcome.ok ? 'success' : 'error',
      payload: { baseUrl, modelName: model, ok: outcome.ok, latencyMs: outcome.latencyMs, message: outcome.message },
    });
  });
  return outcome;
}
