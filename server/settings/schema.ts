import { z } from 'zod';
import { FILE_TYPES, PROVIDER_TYPES, RERANK_MODES } from '@/lib/enums';
import { isTimeZone } from '@/lib/time-zones';

/** The workspace settings' contracts (language model, retrieval, time zone), shared by router and domain. */

export const retrievalSettings = z
  .object({
    topK: z.number().int().min(1, 'At least 1 passage.').max(20, 'At most 20 passages.'),
    candidates: z.number().int('A whole number.').min(5, 'At least 5 candidates.').max(200, 'At most 200 candidates.'),
    vectorWeight: z.number().min(0, 'Between 0 and 5.').max(5, 'Between 0 and 5.'),
    textWeight: z.number().min(0, 'Between 0 and 5.').max(5, 'Between 0 and 5.'),
    rrfK: z.number().int('A whole number.').min(1, 'Between 1 and 500.').max(500, 'Between 1 and 500.'),
    rerank: z.enum(RERANK_MODES, 'Choose off, mix or model.').default('off'),
  })
  .refine((r) => r.candidates >= r.topK, { message: 'Search at least as many candidates as passages per answer.', path: ['candidates'] })
  .refine((r) => r.vectorWeight + r.textWeight > 0, {
    message: 'At least one of the two weights must be above 0.',
    path: ['vectorWeight'],
  });

export const llmSettingsOutput = z.object({
  providerType: z.enum(PROVIDER_TYPES),
  baseUrl: z.string().nullable(),
  modelName: z.string(),
  temperature: z.number(),
  maxTokens: z.number(),
  hasApiKey: z.boolean(),
  keyVersion: z.number().nullable(),
  retrieval: retrievalSettings,
  /** The workspace's instructions to an OpenAI-compatible model; empty when none. */
  systemPrompt: z.string(),
  updatedAt: z.date().nullable(),
});

export const SYSTEM_PROMPT_MAX = 4000;

/** `apiKey`: a new key (stored encrypted, never shown again), null to remove it, omitted to keep it. */
export const updateLlmSettingsInput = z
  .object({
    providerType: z.enum(PROVIDER_TYPES),
    baseUrl: z
      .string()
      .trim()
      .url('Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.')
      .refine((u) => /^https?:\/\//.test(u), 'Use an http or https URL.')
      .nullable(),
    modelName: z.string().trim().min(1, 'Enter the model name.').max(200),
    temperature: z.number().min(0, 'Between 0 and 2.').max(2, 'Between 0 and 2.'),
    maxTokens: z.number().int().min(16, 'At least 16 tokens.').max(200_000),
    apiKey: z.string().trim().min(1, 'Enter the key, or remove it.').max(500).nullable().optional(),
    retrieval: retrievalSettings,
    /** Omitted: kept. Empty: none. */
    systemPrompt: z.string().trim().max(4000, 'The system prompt can be at most 4,000 characters; shorten it.').optional(),
  })
  .refine((v) => v.providerType === 'local' || v.baseUrl, {
    message: 'An OpenAI-compatible provider needs a base URL.',
    path: ['baseUrl'],
  });
/** What callers pass: the rerank step may be left out (off). */
export type UpdateLlmSettingsInput = z.input<typeof updateLlmSettingsInput>;

/** The workspace's own settings (stored on the tenant); only the usage time zone for now. */
export const workspaceSettingsOutput = z.object({ timeZone: z.string() });

export const updateWorkspaceSettingsInput = z.object({
  timeZone: z
    .string()
    .trim()
    .min(1, 'Choose a time zone, e.g. Europe/Lisbon or UTC.')
    .max(100)
    .refine(isTimeZone, 'That is not a time zone we know. Choose one from the list, e.g. Europe/Lisbon, America/New_York or UTC.'),
});
export type UpdateWorkspaceSettingsInput = z.infer<typeof updateWorkspaceSettingsInput>;

/** Which embedder the workspace's vectors come from (db/schema/embedders.ts, EmbedderConfig). */
export const embedderConfigInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local-hash') }),
  z.object({ kind: z.literal('use-lite') }),
  z.object({ kind: z.literal('onnx'), model: z.string().trim().min(1, 'Choose a model.').max(200) }),
  z.object({
    kind: z.literal('openai-compatible'),
    baseUrl: z
      .string()
      .trim()
      .url('Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.')
      .refine((u) => /^https?:\/\//.test(u), 'Use an http or https URL.'),
    model: z.string().trim().min(1, 'Enter the model name, e.g. text-embedding-3-small or nomic-embed-text.').max(200),
    dimensions: z
      .number()
      .int('A whole number.')
      .min(0, 'Enter the number of dimensions, or 0 to take the model’s own size.')
      .max(
        2000,
        'At most 2,000 dimensions: longer vectors cannot be indexed. Choose a smaller model, or ask for fewer dimensions (OpenAI’s text-embedding-3 models accept any size up to theirs).',
      ),
  }),
]);

/** `apiKey` (OpenAI-compatible only): a new key, null for none, omitted to keep the one stored for the same address. */
export const updateEmbedderInput = z.object({
  config: embedderConfigInput,
  apiKey: z.string().trim().min(1, 'Enter the key, or leave it out.').max(500).nullable().optional(),
});
export type UpdateEmbedderInput = z.infer<typeof updateEmbedderInput>;

const embedderSummary = z.object({
  id: z.uuid(),
  kind: z.enum(['local-hash', 'use-lite', 'onnx', 'openai-compatible']),
  label: z.string(),
  model: z.string(),
  dimensions: z.number().nullable(),
  version: z.string(),
  /** The stored settings, never the key. */
  config: embedderConfigInput,
  hasApiKey: z.boolean(),
  createdAt: z.date(),
});

export const embedderSettingsOutput = z.object({
  active: embedderSummary.extend({ vectors: z.number(), activatedAt: z.date().nullable() }),
  /** A re-embedding under way: retrieval keeps using `active` until it completes. */
  building: embedderSummary.extend({ progress: z.object({ done: z.number(), total: z.number() }) }).nullable(),
  /** The last change that failed since the active embedder was switched on, with the reason. */
  lastFailure: z.object({ label: z.string(), error: z.string(), at: z.date() }).nullable(),
  /** Models found under EMBEDDING_MODEL_DIR, for the ONNX choice. */
  onnxModels: z.array(z.string()),
});
export type EmbedderSettings = z.infer<typeof embedderSettingsOutput>;

/**
 * "Test connection": the model settings as the form holds them, saved or not. `apiKey`: a key to
 * try, null for none, omitted to use the stored key (only for the address it was stored for).
 */
export const testLlmInput = z.object({
  providerType: z.enum(PROVIDER_TYPES),
  baseUrl: z
    .string()
    .trim()
    .url('Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.')
    .refine((u) => /^https?:\/\//.test(u), 'Use an http or https URL.')
    .nullable(),
  modelName: z.string().trim().max(200),
  apiKey: z.string().trim().min(1, 'Enter the key, or leave it empty.').max(500).nullable().optional(),
});
export type TestLlmInput = z.infer<typeof testLlmInput>;

/** How the one tiny request went: its latency, or the sentence saying why it failed. */
export const testLlmOutput = z.object({
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number().nullable(),
  host: z.string().nullable(),
  model: z.string(),
});

/** What the platform (a superadmin) decides for the workspace, shown read-only to its admins. */
export const platformLimitsOutput = z.object({
  allowedFileTypes: z.array(z.enum(FILE_TYPES)),
  maxFileSizeBytes: z.number(),
  /** No size was set for this workspace: the platform default applies. */
  maxFileSizeIsDefault: z.boolean(),
  /** Days the platform keeps the workspace's data; null: no limit. */
  retentionDays: z.number().nullable(),
});
