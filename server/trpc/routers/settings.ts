import { z } from 'zod';
import { getLlmSettings, updateLlmSettings } from '@/server/settings/llm';
import { llmSettingsOutput, updateLlmSettingsInput } from '@/server/settings/schema';
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
});
