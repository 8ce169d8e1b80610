import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { USAGE_BREAKDOWNS, USAGE_KINDS, USAGE_RANGE_PRESETS } from '@/lib/enums';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type UsageReport = Outputs['usage']['report'];
export type UsageDay = UsageReport['days'][number];
export type UsageQuota = UsageReport['quotas'][number];
export type BreakdownRow = Outputs['usage']['breakdown']['items'][number];
export type BreakdownSort = NonNullable<Inputs['usage']['breakdown']['sort']>;

export const PRESET_LABELS: Record<(typeof USAGE_RANGE_PRESETS)[number], string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  custom: 'Custom range',
};

export const BREAKDOWN_LABELS: Record<(typeof USAGE_BREAKDOWNS)[number], string> = {
  user: 'User',
  apiKey: 'API key',
  kind: 'Kind',
  model: 'Model',
};

export const KIND_LABELS: Record<(typeof USAGE_KINDS)[number], string> = {
  chat: 'Chat',
  embedding: 'Embedding',
  ocr: 'OCR',
  ingestion: 'Ingestion',
  evaluation: 'Evaluation',
  storage: 'Storage',
};

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** "$2.00"; a priced amount under a cent says so rather than "$0.00". */
export function formatUsd(value: number): string {
  if (value > 0 && value < 0.005) return '< $0.01';
  return usd.format(value);
}

/** A cost with its unpriced events beside it: unknown cost is never shown as $0. */
export function formatCost(costUsd: number, unpriced: number): string {
  if (unpriced === 0) return formatUsd(costUsd);
  const note = `${unpriced} unpriced`;
  return costUsd > 0 ? `${formatUsd(costUsd)} + ${note}` : note;
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

/** A tenant-local day ("2026-03-04") as people read it ("4 Mar"); the date itself carries no zone. */
export function formatDay(day: string, withYear = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** A moment as a wall-clock time in the tenant's time zone ("15:40"). */
export function formatClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}

export function formatMoment(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
}
