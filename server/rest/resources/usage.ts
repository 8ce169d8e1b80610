import 'server-only';
import { z } from 'zod';
import { usageReport } from '@/server/usage/report';
import { resolvedRange, usageDay, usageQuota, usageRangeInput, usageReportOutput } from '@/server/usage/schema';
import { defineEndpoint, reply } from '../endpoint';
import { dateTime } from '../schema';

const quotaSchema = usageQuota
  .extend({ resetsAt: dateTime.nullable().meta({ description: 'When the count starts again; null for storage.' }) })
  .meta({ id: 'UsageQuota', description: 'One quota: its limit (`max`, null for none) and what is used of it now.' });

export const usageSchema = z
  .object({
    range: resolvedRange.meta({
      description:
        '`scope` is `workspace` when the key holds users:manage (usage is per person), else `own`: its creator’s usage, their keys’ included.',
    }),
    totals: usageReportOutput.shape.totals,
    quotas: z.array(quotaSchema),
    days: z.array(usageDay),
    refusals: usageReportOutput.shape.refusals,
  })
  .meta({ id: 'Usage', description: 'Usage of the workspace over a range of days, and where each quota stands now.' });

export const usageEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/usage',
    operationId: 'getUsage',
    summary: "The workspace's usage and quotas",
    description:
      'Tokens, requests, uploads, storage and cost per day over the range (default the last 30 days, in the workspace’s time zone), with the current period’s use of every quota.',
    tags: ['Usage'],
    scope: 'usage:read',
    query: usageRangeInput,
    responses: { 200: { description: 'Usage and quotas.', schema: usageSchema } },
    handler: async ({ query, ctx }) => reply(200, await ctx.run((s) => usageReport(s, query))),
  }),
];
