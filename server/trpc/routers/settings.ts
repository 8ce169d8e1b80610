import { z } from 'zod';
import { getLlmSettings, updateLlmSettings } from '@/server/settings/llm';
import { llmSettingsOutput, updateLlmSettingsInput, updateWorkspaceSettingsInput, workspaceSettingsOutput } from '@/server/settings/schema';
import { getWorkspaceSettings, updateWorkspaceSettings } from '@/server/settings/workspace';
import { createTRPCRouter, permissionProcedure } from '../init';

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

  /** The workspace's time zone: where its usage days begin. */
  getWorkspace: manage
    .input(z.void())
    .output(workspaceSettingsOutput)
    .query(({ ctx }) => getWorkspaceSettings(ctx.service)),

  updateWorkspace: manage
    .input(updateWorkspaceSettingsInput)
    .output(workspaceSettingsOutput)
    .mutation(({ ctx, input }) => updateWorkspaceSettings(ctx.service, input)),
});
