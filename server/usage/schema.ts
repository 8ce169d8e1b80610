import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_STATUSES } from '@/lib/enums';

/** The workspace overview's contract (issue 11): shared by its router and `getOverview`. */

export const QUOTA_KEYS = [
  'tokensPerDay',
  'tokensPerUserPerDay',
  'tokensPerApiKeyPerDay',
  'ingestionsPerDay',
  'storageBytes',
  'requestsPerMinute',
  'costPerMonthUsd',
] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

export const quotaFigureOutput = z.object({
  key: z.enum(QUOTA_KEYS),
  /** What is used in the current period; null where the overview does not measure it (requests per minute). */
  used: z.number().nullable(),
  /** null: no limit. */
  limit: z.number().nullable(),
  /** used / limit in percent (may pass 100); null without a limit or a measured use. */
  percent: z.number().nullable(),
  /** When the period ends and the count starts again; null for storage (it never resets). */
  resetsAt: z.date().nullable(),
  /** At or above the workspace's soft threshold. */
  nearLimit: z.boolean(),
});
export type QuotaFigure = z.infer<typeof quotaFigureOutput>;

export const documentCountsOutput = z.object({
  /** Waiting in the queue or being processed. */
  processing: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
  total: z.number().int(),
  /** Waiting or processing with no change for over STUCK_AFTER_MINUTES. */
  stuck: z.number().int(),
  stuckSince: z.date().nullable(),
});

export const activityEntryOutput = z.object({
  id: z.uuid(),
  createdAt: z.date(),
  actorType: z.enum(ACTOR_TYPES),
  actorLabel: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  status: z.enum(AUDIT_STATUSES),
});

/**
 * One thing an admin should look at. New sources (overdue GDPR requests) add a variant here and a
 * function to ATTENTION_SOURCES in overview.ts.
 */
export const attentionItemOutput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quota'), quota: z.enum(QUOTA_KEYS), percent: z.number(), used: z.number(), limit: z.number() }),
  z.object({ kind: z.literal('failedDocuments'), count: z.number().int() }),
  z.object({ kind: z.literal('stuckDocuments'), count: z.number().int(), since: z.date() }),
]);
export type AttentionItem = z.infer<typeof attentionItemOutput>;

export const overviewOutput = z.object({
  /** The tenant's time zone (IANA name): days and months begin at its midnight. */
  timeZone: z.string(),
  /** Today in that zone, `YYYY-MM-DD`. */
  today: z.string(),
  softThresholdPercent: z.number().int(),
  quotas: z.array(quotaFigureOutput),
  /** This month's events with no price: their cost is not in `costPerMonthUsd`. */
  unpricedEventsThisMonth: z.number().int(),
  documents: documentCountsOutput,
  /** The last audit entries; null when the reader may not read the audit log. */
  recentActivity: z.array(activityEntryOutput).nullable(),
  attention: z.array(attentionItemOutput),
});
export type Overview = z.infer<typeof overviewOutput>;
