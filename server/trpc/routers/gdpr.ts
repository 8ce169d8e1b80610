import { z } from 'zod';
import {
  approveInput,
  completeInput,
  createGdprInput,
  extendInput,
  fileOwnInput,
  gdprListInput,
  gdprRequestOutput,
  gdprSummaryOutput,
  rejectInput,
  sentCodeOutput,
  verifyCodeInput,
} from '@/server/gdpr/schema';
import {
  approveRequest,
  cancelOwnRequest,
  cancelRequest,
  completeRequest,
  confirmOwnRequest,
  createRequest,
  extendRequest,
  fileOwnRequest,
  getRequest,
  listOwnRequests,
  listRequests,
  rejectRequest,
  searchSubjects,
  sendVerificationCode,
  summarizeRequests,
  verifyWithCode,
} from '@/server/gdpr/requests';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, memberProcedure, permissionProcedure } from '../init';

const manage = permissionProcedure('gdpr:manage');

/** Data subject requests: the admins' workflow, and each member's own requests. */
export const gdprRouter = createTRPCRouter({
  list: manage
    .input(gdprListInput)
    .output(pageOf(gdprRequestOutput))
    .query(({ ctx, input }) => listRequests(ctx.service, input)),

  summary: manage.output(gdprSummaryOutput).query(({ ctx }) => summarizeRequests(ctx.service)),

  get: manage
    .input(idInput)
    .output(gdprRequestOutput)
    .query(({ ctx, input }) => getRequest(ctx.service, input)),

  /** Users to pick as the subject of a new request. */
  searchSubjects: manage
    .input(z.object({ search: z.string().trim().min(1, 'Type part of a name or e-mail.').max(320) }))
    .output(z.array(z.object({ id: z.uuid(), email: z.string(), name: z.string() })))
    .query(({ ctx, input }) => searchSubjects(ctx.service, input)),

  create: manage
    .input(createGdprInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => createRequest(ctx.service, input)),

  sendCode: manage
    .input(idInput)
    .output(sentCodeOutput)
    .mutation(({ ctx, input }) => sendVerificationCode(ctx.service, input)),

  verifyCode: manage
    .input(verifyCodeInput)
    .output(z.object({ verified: z.boolean(), message: z.string() }))
    .mutation(({ ctx, input }) => verifyWithCode(ctx.service, input)),

  approve: manage
    .input(approveInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => approveRequest(ctx.service, input)),

  reject: manage
    .input(rejectInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => rejectRequest(ctx.service, input)),

  cancel: manage
    .input(idInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => cancelRequest(ctx.service, input)),

  extend: manage
    .input(extendInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => extendRequest(ctx.service, input)),

  /** Rectification and restriction, done by people: what they did. */
  complete: manage
    .input(completeInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => completeRequest(ctx.service, input)),

  listOwn: memberProcedure.output(z.array(gdprRequestOutput)).query(({ ctx }) => listOwnRequests(ctx.service)),

  fileOwn: memberProcedure
    .input(fileOwnInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => fileOwnRequest(ctx.service, input)),

  confirmOwn: memberProcedure
    .input(idInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => confirmOwnRequest(ctx.service, input)),

  cancelOwn: memberProcedure
    .input(idInput)
    .output(gdprRequestOutput)
    .mutation(({ ctx, input }) => cancelOwnRequest(ctx.service, input)),
});
