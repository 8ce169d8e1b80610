'use client';

import { lazy, Suspense, type ComponentType } from 'react';
import type { UsageReport } from './usage-helpers';

type ChartProps = { report: UsageReport };
type ChartName = 'TokensChart' | 'RequestsChart' | 'IngestionsChart' | 'CostChart' | 'StorageChart';

// Recharts (with d3) is a third of the usage page's script: it loads with the first chart shown,
// not with the page, and once for all five charts.
const load = () => import('./UsageCharts');

function lazyChart(name: ChartName): ComponentType<ChartProps> {
  const Chart = lazy(() => load().then((m) => ({ default: m[name] })));
  function LazyChart(props: ChartProps) {
    return (
      <Suspense
        fallback={
          <div
            aria-busy
            className="flex h-[21.5rem] min-w-0 items-center justify-center rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 shadow-sm dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400"
          >
            Loading the chart…
          </div>
        }
      >
        <Chart {...props} />
      </Suspense>
    );
  }
  LazyChart.displayName = `Lazy${name}`;
  return LazyChart;
}

export const TokensChart = lazyChart('TokensChart');
export const RequestsChart = lazyChart('RequestsChart');
export const IngestionsChart = lazyChart('IngestionsChart');
export const CostChart = lazyChart('CostChart');
export const StorageChart = lazyChart('StorageChart');
