import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { Tone } from '@/components/ui/Badge';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type TenantDetail = Outputs['tenants']['get'];
export type TenantListItem = Outputs['tenants']['list']['items'][number];
export type TenantStatus = TenantDetail['status'];
export type TenantPlan = TenantDetail['plan'];
export type TenantSort = NonNullable<Inputs['tenants']['list']['sort']>;
export type Quotas = TenantDetail['quotas'];

export const STATUS_TONES: Record<TenantStatus, Tone> = {
  active: 'success',
  trial: 'info',
  suspended: 'warning',
  deleted: 'danger',
};

export const STATUS_LABELS: Record<TenantStatus, string> = {
  active: 'Active',
  trial: 'Trial',
  suspended: 'Suspended',
  deleted: 'Deleted',
};

export const PLAN_LABELS: Record<TenantPlan, string> = { trial: 'Trial', pro: 'Pro', enterprise: 'Enterprise' };

export const GB = 1024 ** 3;
export const MB = 1024 ** 2;

/** "Acme Café, Inc." → "acme-cafe-inc": the slug the server accepts, suggested from a name. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
}

export type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

/**
 * A number typed into a text field: empty is `null` (no limit), anything else must be a
 * non-negative number, whole unless `decimals`. `scale` converts units (GB → bytes).
 */
export function parseAmount(text: string, { decimals = false, scale = 1 }: { decimals?: boolean; scale?: number } = {}): Parsed {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: null };
  const pattern = decimals ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!pattern.test(trimmed)) {
    return { ok: false, error: decimals ? 'Enter a number, such as 5 or 0.5.' : 'Enter a whole number, such as 100.' };
  }
  const value = Math.round(Number(trimmed) * scale);
  if (!Number.isSafeInteger(value)) return { ok: false, error: 'That number is too large.' };
  return { ok: true, value };
}

/** A stored amount shown in an input: `null` (no limit) is empty. */
export function amountText(value: number | null | undefined, scale = 1): string {
  if (value === null || value === undefined) return '';
  const scaled = value / scale;
  return Number.isInteger(scaled) ? String(scaled) : String(Number(scaled.toFixed(3)));
}

/** The tRPC error code of a failed call (NOT_FOUND, CONFLICT, …), if any. */
export function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: unknown } | null } | null | undefined)?.data;
  return typeof data?.code === 'string' ? data.code : undefined;
}
