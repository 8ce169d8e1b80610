'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { USAGE_BREAKDOWNS, USAGE_RANGE_PRESETS } from '@/lib/enums';
import { formatBytes, formatNumber } from '@/lib/format';
import { USAGE_LIST, usageBreakdownInput, usageExportHref, usageRangeInput } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { PageHeader } from '@/components/ui/PageHeader';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { Select } from '@/components/ui/Select';
import { Table, Td, Th, Tr } from '@/components/ui/Table';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { CostChart, IngestionsChart, RequestsChart, StorageChart, TokensChart } from './LazyUsageCharts';
import {
  BREAKDOWN_LABELS,
  KIND_LABELS,
  PRESET_LABELS,
  formatClock,
  formatCost,
  formatDay,
  formatMoment,
  formatUsd,
  type BreakdownRow,
  type BreakdownSort,
  type UsageQuota,
  type UsageReport,
} from './usage-helpers';

const SORT_LABELS: Record<BreakdownSort, string> = {
  tokens: 'Tokens',
  requests: 'Requests',
  ingestions: 'Ingestions',
  cost: 'Cost',
  name: 'Name',
};

const numeric = { headerClassName: 'text-right', className: 'text-right tabular-nums' };
const muted = 'text-xs text-slate-500 dark:text-slate-400';

/** The Usage page: range, figures, charts, quotas, top users and the breakdown, all from the daily rollups. */
export function UsageDashboard() {
  const trpc = useTRPC();
  const params = useListParams(USAGE_LIST);
  const report = useQuery({ ...trpc.usage.report.queryOptions(usageRangeInput(params.committed)), placeholderData: keepPreviousData });
  const data = report.data;
  const own = data?.range.scope === 'own';

  return (
    <div className="space-y-6">
      <PageHeader
        title="Usage"
        description={
          own
            ? 'Your own usage: the questions you asked, the files you uploaded and what they cost. Admins who manage users see the whole workspace.'
            : 'Tokens, requests, uploads, storage and cost of the whole workspace, day by day.'
        }
        actions={
          <a
            href={usageExportHref(params.committed)}
            download
            className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          >
            Export CSV
          </a>
        }
      />
      <RangeControls params={params} report={data} />
      {report.error ? <Alert>The usage could not be loaded: {errorMessage(report.error)}</Alert> : null}
      {data ? (
        <div aria-busy={report.isFetching} className={report.isPlaceholderData ? 'space-y-6 opacity-60' : 'space-y-6'}>
          <Summary report={data} />
          <BurnRate report={data} />
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="lg:col-span-2">
              <TokensChart report={data} />
            </div>
            <RequestsChart report={data} />
            <CostChart report={data} />
            <IngestionsChart report={data} />
            <StorageChart report={data} />
          </div>
          <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Quotas report={data} />
            <div className="min-w-0 space-y-4">
              <TopUsers report={data} />
              <Refusals report={data} />
            </div>
          </div>
        </div>
      ) : report.isPending ? (
        <p className="text-sm text-slate-500">Loading usage…</p>
      ) : null}
      <Breakdown params={params} />
    </div>
  );
}

type Params = ReturnType<typeof useListParams<BreakdownSort, 'range' | 'from' | 'to' | 'by'>>;

function RangeControls({ params, report }: { params: Params; report: UsageReport | undefined }) {
  const preset = params.filters.range || '30d';
  const [from, setFrom] = useState(params.filters.from || report?.range.from || '');
  const [to, setTo] = useState(params.filters.to || report?.range.to || '');
  const apply = (e: FormEvent) => {
    e.preventDefault();
    params.setFilters({ range: 'custom', from, to });
  };
  return (
    <form
      onSubmit={apply}
      className="grid items-end gap-3 sm:grid-cols-[12rem_auto] md:grid-cols-[12rem_10rem_10rem_auto]"
      aria-label="Date range"
    >
      <Field id="usage-range" label="Range">
        <Select
          id="usage-range"
          value={preset}
          onChange={(e) => {
            const next = e.target.value;
            if (next === 'custom') {
              setFrom(report?.range.from ?? from);
              setTo(report?.range.to ?? to);
              params.setFilters({ range: 'custom', from: report?.range.from ?? from, to: report?.range.to ?? to });
            } else params.setFilters({ range: next === '30d' ? '' : next, from: '', to: '' });
          }}
        >
          {USAGE_RANGE_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
        </Select>
      </Field>
      {preset === 'custom' ? (
        <>
          <Field id="usage-from" label="From">
            <Input id="usage-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </Field>
          <Field id="usage-to" label="To (included)">
            <Input id="usage-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
          </Field>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </>
      ) : null}
      {report ? (
        <p className={`${muted} sm:col-span-full`}>
          {formatDay(report.range.from, true)} – {formatDay(report.range.to, true)} ({report.range.days} day
          {report.range.days === 1 ? '' : 's'}). Days start at midnight {report.range.timeZone}. At most 366 days at once.
        </p>
      ) : null}
    </form>
  );
}

function Summary({ report }: { report: UsageReport }) {
  const t = report.totals;
  const tiles: Array<[string, string, string]> = [
    [
      'Tokens',
      formatNumber(t.tokensIn + t.tokensOut),
      `${formatNumber(t.tokensIn)} in · ${formatNumber(t.tokensOut)} out · ${formatNumber(t.tokensCached)} cached`,
    ],
    ['Requests', formatNumber(t.requests), `${formatNumber(t.failedRequests)} failed`],
    ['Ingestions', formatNumber(t.ingestions), `${formatNumber(t.ocrPages)} OCR pages`],
    ['Cost', formatCost(t.costUsd, t.unpricedEvents), t.unpricedEvents ? 'unpriced: model without a price, cost unknown' : 'priced usage'],
    ['Storage now', formatBytes(t.storageBytes), report.range.scope === 'own' ? 'your uploads' : 'the workspace'],
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {tiles.map(([label, value, detail]) => (
        <div key={label} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
          <dd className={muted}>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

function BurnRate({ report }: { report: UsageReport }) {
  const b = report.burnRate;
  const whose = report.range.scope === 'own' ? 'your daily token limit' : 'the daily token quota';
  const text =
    b.verdict === 'none'
      ? `No daily token limit is set, so there is nothing to run out of (${formatNumber(b.tokensToday)} tokens used today).`
      : b.verdict === 'reached'
        ? `${formatNumber(b.tokensToday)} of ${formatNumber(b.max)} tokens used today: ${whose} is reached until midnight ${report.range.timeZone}.`
        : b.verdict === 'today' && b.at
          ? `At this rate ${whose} is reached at ${formatClock(b.at, report.range.timeZone)} (${formatNumber(b.tokensToday)} of ${formatNumber(b.max)} tokens used so far today).`
          : `At this rate ${whose} is not reached today (${formatNumber(b.tokensToday)} of ${formatNumber(b.max)} tokens used so far).`;
  return (
    <p
      role="status"
      className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
    >
      <span className="font-medium">Burn rate: </span>
      {text}
    </p>
  );
}

function quotaValue(q: UsageQuota, value: number | null): string {
  if (value === null) return '—';
  if (q.unit === 'bytes') return formatBytes(value);
  if (q.unit === 'usd') return formatUsd(value);
  return formatNumber(value);
}

function Quotas({ report }: { report: UsageReport }) {
  const tz = report.range.timeZone;
  return (
    <section aria-labelledby="usage-quotas" className="min-w-0 space-y-2">
      <h2 id="usage-quotas" className="font-semibold">
        Quotas
      </h2>
      <Table caption="Quotas: used, left and when each resets">
        <thead>
          <tr>
            <Th>Limit</Th>
            <Th className="text-right">Used</Th>
            <Th className="text-right">Left</Th>
            <Th>Resets</Th>
          </tr>
        </thead>
        <tbody>
          {report.quotas.map((q) => {
            const left = q.max === null || q.used === null ? null : Math.max(0, q.max - q.used);
            const share = q.max && q.used !== null ? (q.used / q.max) * 100 : null;
            return (
              <Tr key={q.limit}>
                <Td>
                  <span className="font-medium">{q.label}</span>
                  <p className={muted}>{q.max === null ? 'No limit' : `Limit ${quotaValue(q, q.max)}`}</p>
                </Td>
                <Td className="text-right tabular-nums">
                  {quotaValue(q, q.used)}
                  <p className={muted}>{q.usedBy}</p>
                  {share !== null ? (
                    <ProgressBar label={`${q.label} used`} value={share} valueText={`${Math.round(share)}% used`} className="mt-1" />
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{q.max === null ? 'No limit' : quotaValue(q, left)}</Td>
                <Td className="whitespace-nowrap">
                  {q.resetsAt ? formatMoment(q.resetsAt, tz) : q.limit === 'requestsPerMinute' ? 'Every minute' : 'Does not reset'}
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      <p className={muted}>Resets are shown in {tz}. An empty limit means no limit.</p>
    </section>
  );
}

function TopUsers({ report }: { report: UsageReport }) {
  return (
    <section aria-labelledby="usage-top-users" className="min-w-0 space-y-2">
      <h2 id="usage-top-users" className="font-semibold">
        {report.range.scope === 'own' ? 'Your tokens' : 'Top users'}
      </h2>
      {report.topUsers.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No tokens were used in this range.</p>
      ) : (
        <ol className="space-y-2">
          {report.topUsers.map((u, i) => (
            <li
              key={u.userId ?? 'none'}
              className="flex items-baseline justify-between gap-3 rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900"
            >
              <span className="min-w-0">
                <span className="text-slate-500 tabular-nums">{i + 1}. </span>
                <span className="font-medium break-words">{u.name}</span>
                {u.email && u.email !== u.name ? <span className={`block ${muted}`}>{u.email}</span> : null}
              </span>
              <span className="shrink-0 text-right text-sm tabular-nums">
                {formatNumber(u.tokens)} tokens
                <span className={`block ${muted}`}>{formatCost(u.costUsd, u.unpricedEvents)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const LIMIT_LABELS: Record<string, string> = {
  tokens_per_day: 'Tokens per day (workspace)',
  tokens_per_user_per_day: 'Tokens per day (per user)',
  tokens_per_api_key_per_day: 'Tokens per day (per API key)',
  cost_per_month: 'Cost per month',
  ingestions_per_day: 'Ingestions per day',
  storage_bytes: 'Storage',
};

function Refusals({ report }: { report: UsageReport }) {
  return (
    <section aria-labelledby="usage-refusals" className="min-w-0 space-y-2">
      <h2 id="usage-refusals" className="font-semibold">
        Refused by a limit
      </h2>
      {report.refusals.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No request was refused by a quota in this range.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {report.refusals.map((r) => (
            <li key={r.limit} className="flex justify-between gap-3">
              <span>{LIMIT_LABELS[r.limit] ?? r.limit}</span>
              <span className="tabular-nums">
                {formatNumber(r.refusals)} {r.refusals === 1 ? 'request' : 'requests'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function groupLabel(by: string, row: BreakdownRow): string {
  return by === 'kind' ? (KIND_LABELS[row.key as keyof typeof KIND_LABELS] ?? row.label) : row.label;
}

function Breakdown({ params }: { params: Params }) {
  const trpc = useTRPC();
  const by = params.filters.by || 'user';
  const list = useQuery({ ...trpc.usage.breakdown.queryOptions(usageBreakdownInput(params.committed)), placeholderData: keepPreviousData });
  const columns: Array<DataColumn<BreakdownRow, BreakdownSort>> = [
    {
      id: 'name',
      header: BREAKDOWN_LABELS[by as keyof typeof BREAKDOWN_LABELS],
      sort: 'name',
      className: 'min-w-40',
      cell: (r) => (
        <>
          <span className="font-medium break-words">{groupLabel(by, r)}</span>
          {r.detail ? <p className={`font-mono ${muted}`}>{r.detail}</p> : null}
        </>
      ),
    },
    { id: 'tokens', header: 'Tokens', sort: 'tokens', ...numeric, cell: (r) => formatNumber(r.tokensIn + r.tokensOut) },
    { id: 'requests', header: 'Requests', sort: 'requests', ...numeric, cell: (r) => formatNumber(r.requests) },
    { id: 'ingestions', header: 'Ingestions', sort: 'ingestions', ...numeric, cell: (r) => formatNumber(r.ingestions) },
    { id: 'cost', header: 'Cost', sort: 'cost', ...numeric, cell: (r) => formatCost(r.costUsd, r.unpricedEvents) },
  ];
  return (
    <section aria-labelledby="usage-breakdown" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="usage-breakdown" className="font-semibold">
          Breakdown
        </h2>
        <div className="w-48">
          <Field id="usage-by" label="Group by">
            <Select id="usage-by" value={by} onChange={(e) => params.setFilter('by', e.target.value === 'user' ? '' : e.target.value)}>
              {USAGE_BREAKDOWNS.map((b) => (
                <option key={b} value={b}>
                  {BREAKDOWN_LABELS[b]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
      {list.error ? <Alert>The breakdown could not be loaded: {errorMessage(list.error)}</Alert> : null}
      <DataList
        caption={`Usage by ${BREAKDOWN_LABELS[by as keyof typeof BREAKDOWN_LABELS].toLowerCase()}`}
        {...dataListState(list, params, 'groups')}
        rowKey={(r) => r.key || '(none)'}
        columns={columns}
        card={(r) => (
          <>
            <p className="font-medium break-words">{groupLabel(by, r)}</p>
            {r.detail ? <p className={`font-mono ${muted}`}>{r.detail}</p> : null}
            <CardFacts
              facts={[
                ['Tokens', formatNumber(r.tokensIn + r.tokensOut)],
                ['Requests', formatNumber(r.requests)],
                ['Ingestions', formatNumber(r.ingestions)],
                ['Cost', formatCost(r.costUsd, r.unpricedEvents)],
              ]}
            />
          </>
        )}
        sort={dataListSort(params, SORT_LABELS)}
        loadingText="Loading the breakdown…"
        empty="No usage in this range."
      />
    </section>
  );
}
