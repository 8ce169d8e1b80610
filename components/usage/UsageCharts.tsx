'use client';

import { useTheme } from 'next-themes';
import { useId, useState, type ReactElement, type ReactNode } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes, formatNumber } from '@/lib/format';
import { Button } from '@/components/ui/Button';
import { Table, Td, Th, Tr } from '@/components/ui/Table';
import { formatCompact, formatCost, formatDay, formatUsd, type UsageReport } from './usage-helpers';

/** Colour-blind-safe series colours (Okabe–Ito), a lighter set for dark backgrounds. */
const SERIES = {
  light: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#666666'],
  dark: ['#56B4E9', '#F0A35E', '#3FD0A4', '#E3A3CB', '#F5C04A', '#9AD3F5', '#BBBBBB'],
};

function useChartColours() {
  const { resolvedTheme } = useTheme();
  const dark = resolvedTheme === 'dark';
  return {
    series: dark ? SERIES.dark : SERIES.light,
    axis: dark ? '#94a3b8' : '#475569',
    grid: dark ? '#1e293b' : '#e2e8f0',
    tooltip: dark
      ? { backgroundColor: '#0f172a', border: '1px solid #334155', color: '#f1f5f9' }
      : { backgroundColor: '#ffffff', border: '1px solid #e2e8f0', color: '#0f172a' },
  };
}

type Column<Row> = { header: string; cell: (row: Row) => ReactNode };

/**
 * A chart with a title, the tenant's day boundary, an aria-label that says what it shows, and a
 * "Show as table" toggle with the same figures for screen readers and for people who read tables.
 */
function ChartCard<Row>({
  title,
  summary,
  timeZone,
  rows,
  rowKey,
  columns,
  children,
  note,
}: {
  title: string;
  summary: string;
  timeZone: string;
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: Array<Column<Row>>;
  children: ReactElement;
  note?: ReactNode;
}) {
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${id}-title`} className="font-semibold">
            {title}
          </h2>
          <p className="text-xs text-slate-500 dark:text-slate-400">Days start at midnight {timeZone}</p>
        </div>
        <Button
          variant="secondary"
          className="px-2! py-1! text-xs"
          aria-expanded={asTable}
          aria-controls={`${id}-table`}
          onClick={() => setAsTable(!asTable)}
        >
          {asTable ? 'Show as chart' : 'Show as table'}
        </Button>
      </div>
      {note ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{note}</p> : null}
      <div id={`${id}-table`} hidden={!asTable} className="mt-3 max-h-72 overflow-y-auto">
        {asTable ? (
          <Table caption={title}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <Th key={c.header}>{c.header}</Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Td key={c.header} className="tabular-nums">
                      {c.cell(row)}
                    </Td>
                  ))}
                </Tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </div>
      {asTable ? null : (
        <div role="img" aria-label={summary} className="mt-3 h-64 w-full">
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}

type Day = UsageReport['days'][number];
const dayColumn: Column<Day> = { header: 'Day', cell: (d) => formatDay(d.date, true) };
const OTHER = 'Other models';
const count = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;
const MAX_MODELS = 6;

/** Tokens per day, one stack per day: each model's input (solid) and output (lighter). */
export function TokensChart({ report }: { report: UsageReport }) {
  const colours = useChartColours();
  const totals = new Map<string, number>();
  for (const r of report.tokensByModel) totals.set(r.model, (totals.get(r.model) ?? 0) + r.tokensIn + r.tokensOut);
  const ranked = [...totals.entries()].sort((x, y) => y[1] - x[1]).map(([m]) => m);
  const shown = ranked.length > MAX_MODELS ? [...ranked.slice(0, MAX_MODELS - 1), OTHER] : ranked;
  const seriesOf = (model: string) => (shown.includes(model) ? model : OTHER);
  const byDay = new Map<string, Record<string, number | string>>(report.days.map((d) => [d.date, { date: d.date }]));
  for (const r of report.tokensByModel) {
    const row = byDay.get(r.date);
    if (!row) continue;
    const s = seriesOf(r.model || 'No model');
    row[`${s}|in`] = Number(row[`${s}|in`] ?? 0) + r.tokensIn;
    row[`${s}|out`] = Number(row[`${s}|out`] ?? 0) + r.tokensOut;
  }
  const data = [...byDay.values()];
  const total = report.totals.tokensIn + report.totals.tokensOut;
  const summary =
    total === 0
      ? 'No tokens were used in this range.'
      : `${formatNumber(total)} tokens over ${report.range.days} days (${formatNumber(report.totals.tokensIn)} input, ${formatNumber(report.totals.tokensOut)} output) across ${ranked.length} model${ranked.length === 1 ? '' : 's'}: ${ranked.map((m) => m || 'no model').join(', ')}.`;
  const name = (m: string) => m || 'No model';
  return (
    <ChartCard
      title="Tokens per day by model"
      summary={summary}
      timeZone={report.range.timeZone}
      rows={report.days}
      rowKey={(d) => d.date}
      columns={[
        dayColumn,
        { header: 'Input', cell: (d) => formatNumber(d.tokensIn) },
        { header: 'Output', cell: (d) => formatNumber(d.tokensOut) },
        { header: 'Cached', cell: (d) => formatNumber(d.tokensCached) },
      ]}
      note={`${formatNumber(total)} tokens in this range; solid is input, light is output.`}
    >
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={colours.grid} vertical={false} />
        <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tick={{ fill: colours.axis, fontSize: 12 }} />
        <YAxis tickFormatter={formatCompact} tick={{ fill: colours.axis, fontSize: 12 }} width={48} />
        <Tooltip
          contentStyle={colours.tooltip}
          labelFormatter={(d) => formatDay(String(d), true)}
          formatter={(v) => formatNumber(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {shown.flatMap((m, i) => [
          <Bar
            key={`${m}|in`}
            dataKey={`${m}|in`}
            name={`${name(m)} input`}
            stackId="tokens"
            fill={colours.series[i % colours.series.length]}
          />,
          <Bar
            key={`${m}|out`}
            dataKey={`${m}|out`}
            name={`${name(m)} output`}
            stackId="tokens"
            fill={colours.series[i % colours.series.length]}
            fillOpacity={0.45}
          />,
        ])}
      </BarChart>
    </ChartCard>
  );
}

function DayBars({
  report,
  title,
  bars,
  format,
  summary,
  note,
}: {
  report: UsageReport;
  title: string;
  bars: Array<{ key: keyof Day; name: string }>;
  format: (value: number) => string;
  summary: string;
  note?: ReactNode;
}) {
  const colours = useChartColours();
  return (
    <ChartCard
      title={title}
      summary={summary}
      timeZone={report.range.timeZone}
      rows={report.days}
      rowKey={(d) => d.date}
      columns={[dayColumn, ...bars.map((b) => ({ header: b.name, cell: (d: Day) => format(Number(d[b.key])) }))]}
      note={note}
    >
      <BarChart data={report.days} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={colours.grid} vertical={false} />
        <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tick={{ fill: colours.axis, fontSize: 12 }} />
        <YAxis
          tickFormatter={(v: number) => (format === formatUsd ? formatUsd(v) : formatCompact(v))}
          tick={{ fill: colours.axis, fontSize: 12 }}
          width={56}
          allowDecimals={format === formatUsd}
        />
        <Tooltip contentStyle={colours.tooltip} labelFormatter={(d) => formatDay(String(d), true)} formatter={(v) => format(Number(v))} />
        {bars.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
        {bars.map((b, i) => (
          <Bar key={String(b.key)} dataKey={String(b.key)} name={b.name} fill={colours.series[i % colours.series.length]} />
        ))}
      </BarChart>
    </ChartCard>
  );
}

export function RequestsChart({ report }: { report: UsageReport }) {
  const { requests, failedRequests } = report.totals;
  return (
    <DayBars
      report={report}
      title="Requests per day"
      bars={[
        { key: 'requests', name: 'Requests' },
        { key: 'failedRequests', name: 'Failed' },
      ]}
      format={formatNumber}
      summary={`${formatNumber(requests)} requests over ${report.range.days} days, ${formatNumber(failedRequests)} of them failed.`}
      note={`${count(requests, 'request', 'requests')}, ${formatNumber(failedRequests)} failed.`}
    />
  );
}

export function IngestionsChart({ report }: { report: UsageReport }) {
  const { ingestions, ocrPages } = report.totals;
  return (
    <DayBars
      report={report}
      title="Ingestions per day"
      bars={[
        { key: 'ingestions', name: 'Ingestions' },
        { key: 'ocrPages', name: 'OCR pages' },
      ]}
      format={formatNumber}
      summary={`${formatNumber(ingestions)} documents ingested and ${formatNumber(ocrPages)} pages read by OCR over ${report.range.days} days.`}
      note={`${count(ingestions, 'document', 'documents')} ingested, ${count(ocrPages, 'OCR page', 'OCR pages')}.`}
    />
  );
}

export function CostChart({ report }: { report: UsageReport }) {
  const { costUsd, unpricedEvents } = report.totals;
  return (
    <DayBars
      report={report}
      title="Cost per day"
      bars={[{ key: 'costUsd', name: 'Cost (USD)' }]}
      format={formatUsd}
      summary={`${formatUsd(costUsd)} of priced usage over ${report.range.days} days${unpricedEvents ? `, plus ${formatNumber(unpricedEvents)} unpriced events whose cost is unknown` : ''}.`}
      note={
        <>
          {formatCost(costUsd, unpricedEvents)}
          {unpricedEvents ? (
            <span className="text-slate-500 dark:text-slate-400">
              {' '}
              (unpriced: no price set for the model, so the cost is unknown, not zero)
            </span>
          ) : null}
        </>
      }
    />
  );
}

/** Stored bytes at the end of each day, carried from everything stored before the range. */
export function StorageChart({ report }: { report: UsageReport }) {
  const colours = useChartColours();
  const last = report.days.at(-1);
  return (
    <ChartCard
      title="Storage over time"
      summary={`Storage at the end of the range: ${formatBytes(last?.storageBytes ?? 0)}; at its start: ${formatBytes(report.days[0] ? report.days[0].storageBytes - report.days[0].storageDelta : 0)}.`}
      timeZone={report.range.timeZone}
      rows={report.days}
      rowKey={(d) => d.date}
      columns={[
        dayColumn,
        { header: 'Stored', cell: (d) => formatBytes(d.storageBytes) },
        { header: 'Change', cell: (d) => `${d.storageDelta >= 0 ? '+' : '−'}${formatBytes(Math.abs(d.storageDelta))}` },
      ]}
      note={`${formatBytes(report.totals.storageBytes)} stored now.`}
    >
      <AreaChart data={report.days} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={colours.grid} vertical={false} />
        <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tick={{ fill: colours.axis, fontSize: 12 }} />
        <YAxis tickFormatter={(v: number) => formatBytes(v)} tick={{ fill: colours.axis, fontSize: 12 }} width={64} />
        <Tooltip
          contentStyle={colours.tooltip}
          labelFormatter={(d) => formatDay(String(d), true)}
          formatter={(v) => formatBytes(Number(v))}
        />
        <Area
          type="stepAfter"
          dataKey="storageBytes"
          name="Stored"
          stroke={colours.series[2]}
          fill={colours.series[2]}
          fillOpacity={0.25}
        />
      </AreaChart>
    </ChartCard>
  );
}
