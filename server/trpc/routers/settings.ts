import { z } from 'zod';
import { getLlmSettings, updateLlmSettings } from '@/server/settings/llm';
import { testLlmConnection } from '@/server/settings/llm-test';
import {
  embedderSettingsOutput,
  updateEmbedderInput,
  llmSettingsOutput,
  platformLimitsOutput,
  updateLlmSettingsInput,
  testLlmInput,
  testLlmOutput,
  updateWorkspaceSettingsInput,
  workspaceSettingsOutput,
} from '@/server/settings/schema';
import { getPlatformLimits, getWorkspaceSettings, updateWorkspaceSettings } from '@/server/settings/workspace';
import { cancelEmbedderChange, getEmbedderSettings, updateEmbedder } from '@/server/settings/embedder';
import { committedProcedure, createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('settings:manage');

export const settingsRouter = createTRPCRouter({
  getLlm: manage
    .input(z.void())
    .output(llmSettingsOutput)
    .query(({ ctx }) => getLlmSettings(ctx.service)),

  /** `apiKey`: a new key (stored encrypted, never shown again), null to remove it, omitted to keep it. */
  updateLlm: manage
    .input(updateLlmSettingsInput)
    .output(llmSettingsOutput)
    .mutation(({ ctx, input }) => updateLlmSettings(ctx.service, input)),

  /** One tiny request to the model settings as the form holds them: latency, or why it failed. No transaction waits on it. */
  testLlm: committedProcedure('settings:manage')
    .input(testLlmInput)
    .output(testLlmOutput)
    .mutation(({ ctx, input }) => testLlmConnection(ctx.tenant, input)),

  /** The workspace's time zone: where its usage days begin. */
  getWorkspace: manage
    .input(z.void())
    .output(workspaceSettingsOutput)
    .query(({ ctx }) => getWorkspaceSettings(ctx.service)),

  /** What the platform decides for this workspace (file types, file size, retention): read-only here. */
  platformLimits: manage
    .input(z.void())
    .output(platformLimitsOutput)
    .query(({ ctx }) => getPlatformLimits(ctx.service)),

  updateWorkspace: manage
    .input(updateWorkspaceSettingsInput)
    .output(workspaceSettingsOutput)
    .mutation(({ ctx, input }) => updateWorkspaceSettings(ctx.service, input)),

  /** The active embedder, a re-embedding under way with its progress, the last failed change. */
  getEmbedder: manage
    .input(z.void())
    .output(embedderSettingsOutput)
    .query(({ ctx }) => getEmbedderSettings(ctx.service)),

  /** Chooses the embedder: every chunk is embedded again in the background, then it takes over. */
  updateEmbedder: manage
    .input(updateEmbedderInput)
    .output(embedderSettingsOutput)
    .mutation(({ ctx, input }) => updateEmbedder(ctx.service, input)),

  /** Stops the re-embedding under way; the current embedder stays. */
  cancelEmbedderChange: manage
    .input(z.void())
    .output(embedderSettingsOutput)
    .mutation(({ ctx }) => cancelEmbedderChange(ctx.service)),
});
