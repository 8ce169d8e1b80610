/**
 * The list pages' URL parameters and the query input each asks for: shared by the page (server
 * prefetch) and the list (browser), so both ask the same question and the prefetched page is used.
 */
import {
  AUDIT_STATUSES,
  DOCUMENT_STATUSES,
  FILE_TYPES,
  GDPR_STATUSES,
  GDPR_TYPES,
  JOB_STATUSES,
  MAIL_STATUSES,
  TENANT_STATUSES,
  USAGE_BREAKDOWNS,
  USAGE_RANGE_PRESETS,
  USER_STATUSES,
} from './enums';
import { defineListSpec, isUuid, oneOf, type ListParams } from './list-params';

type Params<Spec> = Spec extends { sorts?: Record<infer S, unknown>; filters?: Record<infer F, unknown> }
  ? ListParams<S & string, F & string>
  : never;

const searchText = (search: string) => search.slice(0, 200) || undefined;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

export const DOCUMENT_LIST = defineListSpec({
  pageSize: 20,
  sorts: { created: 'desc', name: 'asc', status: 'asc', size: 'desc', processed: 'desc' },
  defaultSort: { by: 'created', dir: 'desc' },
  filters: { status: oneOf(DOCUMENT_STATUSES), collection: isUuid, type: oneOf(FILE_TYPES), tag: (v: string) => v.length <= 40 },
});

export function documentListInput(p: Params<typeof DOCUMENT_LIST>) {
  return {
    page: p.page,
    pageSize: DOCUMENT_LIST.pageSize,
    sort: p.sort,
    dir: p.dir,
    search: searchText(p.search),
    status: (p.filters.status || undefined) as (typeof DOCUMENT_STATUSES)[number] | undefined,
    collectionId: p.filters.collection || undefined,
    fileType: (p.filters.type || undefined) as (typeof FILE_TYPES)[number] | undefined,
    tag: p.filters.tag || undefined,
  };
}

export const TENANT_LIST = defineListSpec({
  pageSize: 20,
  sorts: { name: 'asc', created: 'desc', users: 'desc', documents: 'desc', storage: 'desc', tokens: 'desc', lastActivity: 'desc' },
  defaultSort: { by: 'created', dir: 'desc' },
  filters: { status: oneOf(TENANT_STATUSES) },
});

export function tenantListInput(p: Params<typeof TENANT_LIST>) {
  return {
    page: p.page,
    pageSize: TENANT_LIST.pageSize,
    sort: p.sort,
    dir: p.dir,
    search: searchText(p.search),
    status: (p.filters.status || undefined) as (typeof TENANT_STATUSES)[number] | undefined,
  };
}

export const USER_LIST = defineListSpec({
  pageSize: 20,
  sorts: { name: 'asc', email: 'asc', lastLogin: 'desc', created: 'desc' },
  defaultSort: { by: 'created', dir: 'desc' },
  filters: { role: isUuid, status: oneOf(USER_STATUSES) },
});

export function userListInput(p: Params<typeof USER_LIST>) {
  return {
    page: p.page,
    pageSize: USER_LIST.pageSize,
    sort: p.sort,
    dir: p.dir,
    search: searchText(p.search),
    roleId: p.filters.role || undefined,
    status: (p.filters.status || undefined) as (typeof USER_STATUSES)[number] | undefined,
  };
}

export const API_KEY_LIST = defineListSpec({ pageSize: 20, filters: { revoked: oneOf(['1']) } });

export function apiKeyListInput(p: Params<typeof API_KEY_LIST>) {
  return { includeRevoked: p.filters.revoked === '1', page: p.page, pageSize: API_KEY_LIST.pageSize };
}

export const JOB_LIST = defineListSpec({ pageSize: 20, filters: { status: oneOf(JOB_STATUSES) } });

export function jobListInput(p: Params<typeof JOB_LIST>) {
  return {
    status: (p.filters.status || undefined) as (typeof JOB_STATUSES)[number] | undefined,
    page: p.page,
    pageSize: JOB_LIST.pageSize,
  };
}

export const AUDIT_LIST = defineListSpec({
  pageSize: 25,
  searchKey: 'actor',
  filters: { action: (v) => v.length <= 200, resource: (v) => v.length <= 200, status: oneOf(AUDIT_STATUSES), from: isDay, to: isDay },
});

/** "2026-03-04" as local midnight of that day (plus `days`). */
export function dayStart(value: string, days = 0): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
}

/** The audit filters as the API takes them; the end date is inclusive for people, exclusive for the API. */
export function auditFilters(p: Params<typeof AUDIT_LIST>) {
  const from = dayStart(p.filters.from);
  const to = dayStart(p.filters.to, 1);
  return {
    ...(p.search ? { actor: p.search.slice(0, 320) } : {}),
    ...(p.filters.action ? { action: p.filters.action } : {}),
    ...(p.filters.resource ? { resourceType: p.filters.resource } : {}),
    ...(p.filters.status ? { status: p.filters.status as (typeof AUDIT_STATUSES)[number] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** Null while the dates contradict each other (the list asks for nothing until they are fixed). */
export function auditListInput(p: Params<typeof AUDIT_LIST>) {
  const filters = auditFilters(p);
  if (filters.from && filters.to && filters.from >= filters.to) return null;
  return { page: p.page, pageSize: AUDIT_LIST.pageSize, ...filters };
}

export const OUTBOX_LIST = defineListSpec({ pageSize: 20, filters: { status: oneOf(MAIL_STATUSES) } });

export function outboxListInput(p: Params<typeof OUTBOX_LIST>) {
  return {
    page: p.page,
    pageSize: OUTBOX_LIST.pageSize,
    search: searchText(p.search),
    status: (p.filters.status || undefined) as (typeof MAIL_STATUSES)[number] | undefined,
  };
}

/** The superadmin's usage across tenants; the range is a preset of days (30 unless chosen). */
export const PLATFORM_USAGE_LIST = defineListSpec({
  pageSize: 20,
  sorts: { tokens: 'desc', cost: 'desc', storage: 'desc', growth: 'desc', name: 'asc' },
  defaultSort: { by: 'tokens', dir: 'desc' },
  filters: { days: oneOf(['7', '30', '90']) },
});

export function platformUsageListInput(p: Params<typeof PLATFORM_USAGE_LIST>) {
  return {
    days: Number(p.filters.days || 30) as 7 | 30 | 90,
    page: p.page,
    pageSize: PLATFORM_USAGE_LIST.pageSize,
    sort: p.sort,
    dir: p.dir,
    search: searchText(p.search),
  };
}

export const PRICE_LIST = defineListSpec({ pageSize: 50 });

export function priceListInput(p: Params<typeof PRICE_LIST>) {
  return { page: p.page, pageSize: PRICE_LIST.pageSize, search: searchText(p.search) };
}

/** The Usage page: its date range (preset, or custom from–to) and the breakdown table's grouping, sort and page. */
export const USAGE_LIST = defineListSpec({
  pageSize: 10,
  sorts: { name: 'asc', tokens: 'desc', requests: 'desc', ingestions: 'desc', cost: 'desc' },
  defaultSort: { by: 'tokens', dir: 'desc' },
  filters: { range: oneOf(USAGE_RANGE_PRESETS), from: isDay, to: isDay, by: oneOf(USAGE_BREAKDOWNS) },
});

/** The range as the API takes it (30 days unless said); the server checks a custom range's bounds. */
export function usageRangeInput(p: Params<typeof USAGE_LIST>) {
  const preset = (p.filters.range || '30d') as (typeof USAGE_RANGE_PRESETS)[number];
  return preset === 'custom' ? { preset, from: p.filters.from || undefined, to: p.filters.to || undefined } : { preset };
}

export function usageBreakdownInput(p: Params<typeof USAGE_LIST>) {
  return {
    range: usageRangeInput(p),
    by: (p.filters.by || 'user') as (typeof USAGE_BREAKDOWNS)[number],
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    pageSize: USAGE_LIST.pageSize,
  };
}

/** The CSV export's address for the same range. */
export function usageExportHref(p: Params<typeof USAGE_LIST>) {
  const range = usageRangeInput(p);
  const query = new URLSearchParams({ preset: range.preset });
  if ('from' in range && range.from) query.set('from', range.from);
  if ('to' in range && range.to) query.set('to', range.to);
  return `/api/usage/export?${query}`;
}

/** Data subject requests: open ones by due date first, filterable by state, type and urgency. */
export const GDPR_LIST = defineListSpec({
  pageSize: 20,
  sorts: { due: 'asc', received: 'desc', status: 'asc' },
  defaultSort: { by: 'due', dir: 'asc' },
  filters: { status: oneOf([...GDPR_STATUSES, 'open']), type: oneOf(GDPR_TYPES), due: oneOf(['overdue', 'due_soon']) },
});

export function gdprListInput(p: Params<typeof GDPR_LIST>) {
  return {
    page: p.page,
    pageSize: GDPR_LIST.pageSize,
    sort: p.sort,
    dir: p.dir,
    search: searchText(p.search),
    status: (p.filters.status || undefined) as (typeof GDPR_STATUSES)[number] | 'open' | undefined,
    type: (p.filters.type || undefined) as (typeof GDPR_TYPES)[number] | undefined,
    due: (p.filters.due || undefined) as 'overdue' | 'due_soon' | undefined,
  };
}
