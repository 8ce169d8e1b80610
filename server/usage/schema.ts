import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_STATUSES, USAGE_BREAKDOWNS, USAGE_KINDS, USAGE_RANGE_PRESETS } from '@/lib/enums';
import { pageInput, sortDirection } from '@/server/shared/pagination';

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
  /** Data subject requests past their due date, or due within 7 days (for gdpr:manage holders). */
  z.object({ kind: z.literal('gdprOverdue'), count: z.number().int() }),
  z.object({ kind: z.literal('gdprDueSoon'), count: z.number().int() }),
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

/** The Usage page's contracts (issue 11), shared by the `usage` router, the CSV route and server/usage/report.ts. */

/** The longest range the page and the export read at once (a leap year, both ends counted). */
export const MAX_RANGE_DAYS = 366;

const isoDay = z.iso.date({ message: 'Dates are written YYYY-MM-DD.' });

/** Whole days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const usageRangeInput = z
  .object({
    preset: z.enum(USAGE_RANGE_PRESETS).default('30d'),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .superRefine((r, issue) => {
    if (r.preset !== 'custom') return;
    if (!r.from || !r.to) {
      issue.addIssue({ code: 'custom', message: 'Choose both a start and an end date.', path: [r.from ? 'to' : 'from'] });
      return;
    }
    const days = daysBetween(r.from, r.to);
    if (days < 1) issue.addIssue({ code: 'custom', message: 'The start date must not be after the end date.', path: ['to'] });
    else if (days > MAX_RANGE_DAYS)
      issue.addIssue({ code: 'custom', message: `Choose at most ${MAX_RANGE_DAYS} days (this range has ${days}).`, path: ['to'] });
  });
export type UsageRangeInput = z.input<typeof usageRangeInput>;
export type UsageRange = z.infer<typeof usageRangeInput>;

/** Whose usage a reader sees: the workspace's (holders of users:manage) or their own. */
export const usageScope = z.enum(['workspace', 'own']);

export const resolvedRange = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  today: z.string(),
  timeZone: z.string(),
  scope: usageScope,
});

const figures = {
  tokensIn: z.number(),
  tokensOut: z.number(),
  tokensCached: z.number(),
  requests: z.number(),
  failedRequests: z.number(),
  ingestions: z.number(),
  ocrPages: z.number(),
  costUsd: z.number(),
  unpricedEvents: z.number(),
};

export const usageDay = z.object({
  date: z.string(),
  ...figures,
  /** Net change of stored bytes that day. */
  storageDelta: z.number(),
  /** Stored bytes at the end of the day (every change before it counted). */
  storageBytes: z.number(),
});

export const usageModelDay = z.object({ date: z.string(), model: z.string(), tokensIn: z.number(), tokensOut: z.number() });

export const QUOTA_LIMITS = [
  'tokensPerDay',
  'tokensPerUserPerDay',
  'tokensPerApiKeyPerDay',
  'requestsPerMinute',
  'ingestionsPerDay',
  'storage',
  'costPerMonth',
] as const;

export const usageQuota = z.object({
  limit: z.enum(QUOTA_LIMITS),
  label: z.string(),
  unit: z.enum(['tokens', 'requests', 'ingestions', 'bytes', 'usd']),
  /** NULL: no limit. */
  max: z.number().nullable(),
  /** NULL where the page cannot know it (requests per minute are counted at the door). */
  used: z.number().nullable(),
  /** What `used` counts, for people ("you today", "the busiest user today"). */
  usedBy: z.string(),
  resetsAt: z.date().nullable(),
});

export const burnRate = z.object({
  tokensToday: z.number(),
  max: z.number().nullable(),
  /** `none`: no daily token limit; `reached`: already at it; `today`: at this rate, at `at`; `not-today`. */
  verdict: z.enum(['none', 'reached', 'today', 'not-today']),
  at: z.date().nullable(),
});

export const usageReportOutput = z.object({
  range: resolvedRange,
  days: z.array(usageDay),
  tokensByModel: z.array(usageModelDay),
  totals: z.object({ ...figures, storageBytes: z.number() }),
  topUsers: z.array(
    z.object({
      userId: z.string().nullable(),
      name: z.string(),
      email: z.string().nullable(),
      tokens: z.number(),
      requests: z.number(),
      costUsd: z.number(),
      unpricedEvents: z.number(),
    }),
  ),
  quotas: z.array(usageQuota),
  /** Requests refused by a quota in the range, per limit (`tokens_per_day`, `cost_per_month`…). */
  refusals: z.array(z.object({ limit: z.string(), refusals: z.number() })),
  burnRate,
});
export type UsageReport = z.infer<typeof usageReportOutput>;

export const USAGE_BREAKDOWN_SORTS = ['name', 'tokens', 'requests', 'ingestions', 'cost'] as const;

export const usageBreakdownInput = z.object({
  range: usageRangeInput,
  by: z.enum(USAGE_BREAKDOWNS).default('user'),
  sort: z.enum(USAGE_BREAKDOWN_SORTS).default('tokens'),
  dir: sortDirection,
  ...pageInput,
});
export type UsageBreakdownInput = z.input<typeof usageBreakdownInput>;

export const usageBreakdownRow = z.object({
  /** The group: a user or key id, a kind, a model; '' for "none" (no user, no key, no model). */
  key: z.string(),
  label: z.string(),
  detail: z.string().nullable(),
  ...figures,
  storageBytes: z.number(),
});
export type UsageBreakdownRow = z.infer<typeof usageBreakdownRow>;

/** One rollup row as the CSV export writes it. */
export type UsageExportRow = {
  date: string;
  userName: string | null;
  userEmail: string | null;
  apiKeyName: string | null;
  kind: (typeof USAGE_KINDS)[number];
  model: string;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  requests: number;
  failedRequests: number;
  ingestions: number;
  ocrPages: number;
  storageBytes: number;
  costUsd: string;
  unpricedEvents: number;
};

export const usageBreakdownOutput = z.object({
  items: z.array(usageBreakdownRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  range: resolvedRange,
});
