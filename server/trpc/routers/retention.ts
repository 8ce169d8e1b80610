import { z } from 'zod';
import { createLegalHold, listLegalHolds, releaseLegalHold } from '@/server/gdpr/retention/holds';
import { getRetention, listRetentionJobs, previewRetention, updateRetention } from '@/server/gdpr/retention/policy';
import {
  createLegalHoldInput,
  legalHoldListInput,
  legalHoldOutput,
  releaseLegalHoldInput,
  retentionJobListInput,
  retentionJobPage,
  retentionPolicyOutput,
  retentionPreviewInput,
  retentionPreviewOutput,
  updateRetentionInput,
} from '@/server/gdpr/retention/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('settings:manage');

/** How long each class of data is kept, and the daily runs that remove what is past it. */
export const retentionRouter = createTRPCRouter({
  get: manage
    .input(z.void())
    .output(retentionPolicyOutput)
    .query(({ ctx }) => getRetention(ctx.service)),

  /** What each class would remove now under the proposed periods (nothing is changed). */
  preview: manage
    .input(retentionPreviewInput)
    .output(retentionPreviewOutput)
    .query(({ ctx, input }) => previewRetention(ctx.service, input)),

  /** A shorter period than the saved one needs `confirm: true` (after the preview). */
  update: manage
    .input(updateRetentionInput)
    .output(retentionPolicyOutput)
    .mutation(({ ctx, input }) => updateRetention(ctx.service, input)),

  listJobs: manage
    .input(retentionJobListInput)
    .output(retentionJobPage)
    .query(({ ctx, input }) => listRetentionJobs(ctx.service, input)),
});

/** Legal holds: for the GDPR officer (gdpr:manage) or whoever sets retention (settings:manage). */
const holds = permissionProcedure('gdpr:manage', 'settings:manage');

export const legalHoldsRouter = createTRPCRouter({
  list: holds
    .input(legalHoldListInput)
    .output(z.array(legalHoldOutput))
    .query(({ ctx, input }) => listLegalHolds(ctx.service, input)),

  create: holds
    .input(createLegalHoldInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createLegalHold(ctx.service, input)),

  release: holds
    .input(releaseLegalHoldInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => releaseLegalHold(ctx.service, input)),
});
