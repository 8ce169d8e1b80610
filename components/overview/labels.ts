import type { inferRouterOutputs } from '@trpc/server';
import type { Tone } from '@/components/ui/Badge';
import { formatBytes, formatNumber, formatUsd } from '@/lib/format';
import type { AppRouter } from '@/server/trpc/root';

export type OverviewData = inferRouterOutputs<AppRouter>['overview']['get'];
export type QuotaFigure = OverviewData['quotas'][number];
export type QuotaKey = QuotaFigure['key'];
export type AttentionItem = OverviewData['attention'][number];

/** How each quota reads: its title, and an amount in its own unit. */
export const QUOTA_LABELS: Record<QuotaKey, { title: string; amount: (n: number) => string; whose?: string }> = {
  tokensPerDay: { title: 'Tokens today', amount: (n) => `${formatNumber(n)} tokens` },
  tokensPerUserPerDay: { title: 'Tokens per user today', amount: (n) => `${formatNumber(n)} tokens`, whose: 'Busiest user' },
  tokensPerApiKeyPerDay: { title: 'Tokens per API key today', amount: (n) => `${formatNumber(n)} tokens`, whose: 'Busiest key' },
  ingestionsPerDay: { title: 'Uploads today', amount: (n) => `${formatNumber(n)} ${n === 1 ? 'document' : 'documents'}` },
  storageBytes: { title: 'Storage', amount: (n) => formatBytes(n) },
  requestsPerMinute: { title: 'Requests per minute', amount: (n) => `${formatNumber(n)} a minute` },
  costPerMonthUsd: { title: 'Cost this month', amount: (n) => formatUsd(n) },
};

/** "950 of 1,000 tokens", "12 KB of 5 GB", "$6.00 of $10.00". */
export function usedOf(q: QuotaFigure): string {
  const { amount } = QUOTA_LABELS[q.key];
  if (q.used === null) return q.limit === null ? 'No limit' : amount(q.limit);
  if (q.limit === null) return amount(q.used);
  if (q.key === 'storageBytes' || q.key === 'costPerMonthUsd') return `${amount(q.used)} of ${amount(q.limit)}`;
  return `${formatNumber(q.used)} of ${amount(q.limit)}`;
}

export function plural(n: number, one: string, many: string) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

type Activity = NonNullable<OverviewData['recentActivity']>[number];

export const ACTOR_LABELS: Record<Activity['actorType'], string> = {
  user: 'User',
  superadmin: 'Superadmin',
  api_key: 'API key',
  system: 'System',
};
export const STATUS_TONES: Record<Activity['status'], Tone> = { success: 'success', denied: 'warning', error: 'danger' };
export const STATUS_LABELS: Record<Activity['status'], string> = { success: 'Success', denied: 'Denied', error: 'Error' };
