import { CASE_METRICS, CASE_METRIC_NAMES } from '@/server/evals/metrics/catalogue';
import type { CaseResultOutput, RunOutput } from '@/server/evals/runs-schema';
import { csvLine } from '@/server/usage/csv';

/**
 * A run as CSV, one row per case in seq order, for spreadsheets: RFC 4180 quoting and the formula
 * guard of `csvLine` (a question starting with "=" is shown, never run). Lists inside a cell
 * (documents) are one entry per line, as in the dataset CSV; failure reasons are `;`-joined.
 */
export const REPORT_CSV_HEADER = [
  'Seq',
  'Question',
  'Status',
  'Error',
  'Failure reasons',
  'Abstained',
  'Answer',
  'Reference answer',
  'Key facts present',
  'Key facts total',
  ...CASE_METRIC_NAMES.map((name) => CASE_METRICS[name].label),
  'Latency (ms)',
  'Input tokens',
  'Output tokens',
  'Cost (USD)',
  'Citations',
  'Gold documents',
  'Retrieved documents',
];

/** A 0–1 metric with four decimals; empty where it does not apply. */
function metricCell(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : '';
}

function goldCell(c: CaseResultOutput): string {
  return c.goldDocuments.map((d) => `${d.filename ?? d.documentId}${d.pages?.length ? ` (p. ${d.pages.join(', ')})` : ''}`).join('\n');
}

/** `rank:filename` in rank order, a gold passage marked with `*`. */
function retrievedCell(c: CaseResultOutput): string {
  return [...c.retrieved]
    .sort((a, b) => a.rank - b.rank)
    .map((p) => `${p.rank}:${p.filename}${p.gold ? '*' : ''}`)
    .join('\n');
}

export function runReportCsv(_run: RunOutput, cases: readonly CaseResultOutput[]): string {
  const rows = [...cases]
    .sort((a, b) => a.seq - b.seq)
    .map((c) =>
      csvLine([
        c.seq,
        c.question,
        c.status,
        c.error,
        c.failures.join(';'),
        c.abstained ? 'yes' : 'no',
        c.answer,
        c.expectedAnswer,
        c.keyFacts.filter((f) => f.present).length,
        c.keyFacts.length,
        ...CASE_METRIC_NAMES.map((name) => metricCell(c.metrics[name])),
        c.latencyMs,
        c.inputTokens,
        c.outputTokens,
        c.costUsd,
        c.citations.length,
        goldCell(c),
        retrievedCell(c),
      ]),
    );
  return csvLine(REPORT_CSV_HEADER) + rows.join('');
}
