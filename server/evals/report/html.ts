import { CASE_METRICS, CASE_METRIC_NAMES, RUN_METRICS, type MetricGroup } from '@/server/evals/metrics/catalogue';
import type { CaseResultOutput, CompareOutput, FailureReason, MetricComparison, RunOutput } from '@/server/evals/runs-schema';
import { escapeHtml as h, formatCost, formatInteger, formatMs, formatPoints, formatShare, formatUtc } from './format';

/**
 * A run as one self-contained HTML file: inline CSS, inline SVG charts, no script, no external
 * font or image, so it opens offline, prints, and can be served under a CSP that forbids scripts.
 * Every string from the run (questions, answers, filenames, names) goes through `h()`.
 */

export type HtmlReportOptions = {
  /** The workspace's name, printed in the header and footer. */
  workspace: string;
  generatedAt: Date;
  /** The run compared with its baseline, when there is one. */
  comparison?: CompareOutput | null;
};

export const BIN_COUNT = 10;

/** Counts of the values in ten equal bins over 0–1 (a value of exactly 1 falls in the last). */
export function binValues(values: readonly number[]): number[] {
  const bins = Array.from({ length: BIN_COUNT }, () => 0);
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    // The epsilon keeps 0.3 (stored as 0.29999…) in the bin a person expects.
    const index = Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(value * BIN_COUNT + 1e-9)));
    bins[index]!++;
  }
  return bins;
}

/** A metric's distribution over the successful cases where it applies. */
export function metricDistribution(cases: readonly CaseResultOutput[], metric: string): number[] {
  return binValues(
    cases
      .filter((c) => c.status === 'ok')
      .map((c) => c.metrics[metric])
      .filter((v): v is number => typeof v === 'number'),
  );
}

export const FAILURE_LABELS: Record<FailureReason, string> = {
  error: 'Error',
  abstained: 'Abstained (no answer found)',
  retrieval_miss: 'Gold documents not retrieved',
  missing_key_facts: 'Key facts missing',
  wrong_answer: 'Wrong answer',
  unsupported: 'Not supported by its citations',
};

const GROUP_LABELS: Record<MetricGroup, string> = {
  retrieval: 'Retrieval',
  answer: 'Answer',
  citations: 'Citations',
  operations: 'Operations',
};

const STATUS_LABELS: Record<RunOutput['status'], string> = {
  pending: 'Pending',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1d23;--muted:#5b6270;--line:#d9dde3;--card:#f6f7f9;--accent:#2454c5;--bar:#4a72d9;
--good:#137a3c;--good-bg:#e5f5ea;--bad:#b3261e;--bad-bg:#fbe9e7;--warn:#8a5a00;--warn-bg:#fff4d6;--gold:#8a6100;--gold-bg:#fff1c2}
@media screen and (prefers-color-scheme:dark){:root{--bg:#15171c;--fg:#e6e8ec;--muted:#a2a9b6;--line:#343945;--card:#1e2128;--accent:#8fb0ff;--bar:#6f91ea;
--good:#7fd69c;--good-bg:#173523;--bad:#ff9b93;--bad-bg:#3d1c1a;--warn:#f3c969;--warn-bg:#3a2d0c;--gold:#f3cf6a;--gold-bg:#3a300e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:40px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:20px 0 8px}
h4{font-size:.8rem;margin:14px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
a{color:var(--accent)}
p{margin:6px 0}
.muted{color:var(--muted)}
.small{font-size:.8rem}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.78rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.badge.good{color:var(--good);background:var(--good-bg)}
.badge.bad{color:var(--bad);background:var(--bad-bg)}
.badge.warn{color:var(--warn);background:var(--warn-bg)}
.badge.gold{color:var(--gold);background:var(--gold-bg)}
.badge.neutral{color:var(--muted)}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:20px 0}
nav.toc ol{margin:4px 0;padding-left:20px}
nav.toc li{margin:2px 0;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid}
.card .label{font-weight:600}
.card .value{font-size:1.5rem;font-weight:650;font-variant-numeric:tabular-nums}
.card .formula{font-size:.72rem;color:var(--muted);margin-top:4px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 10px;break-inside:avoid}
figcaption{font-weight:600;font-size:.9rem}
figure svg{width:100%}
svg{display:block;max-width:100%;height:auto}
svg .bar{fill:var(--bar)}
svg .axis{stroke:var(--line);stroke-width:1}
svg .zero{stroke:var(--muted);stroke-width:1;stroke-dasharray:3 3}
svg text{fill:var(--muted);font-size:10px;font-family:inherit}
svg .ci{stroke:var(--fg);stroke-width:2}
svg .pt{fill:var(--fg)}
svg .better{stroke:var(--good);fill:var(--good)}
svg .worse{stroke:var(--bad);fill:var(--bad)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
article.case{border:1px solid var(--line);border-left:6px solid var(--good);border-radius:8px;padding:4px 16px 14px;margin:16px 0}
article.case.failing{border-left-color:var(--bad)}
article.case h3{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
article.case h3 .q{flex:1 1 320px;overflow-wrap:anywhere}
.answer{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--card);border-radius:6px;padding:8px 10px;margin:0}
.answer sup a{text-decoration:none;font-weight:600}
ol.passages,ol.citations,ul.facts{margin:4px 0;padding-left:22px}
ol.passages li,ol.citations li,ul.facts li{margin:4px 0;overflow-wrap:anywhere}
li.gold{background:var(--gold-bg);border-radius:4px;padding:2px 6px;margin-left:-6px}
blockquote{margin:2px 0 0;padding-left:10px;border-left:3px solid var(--line);color:var(--muted);white-space:pre-wrap}
.metric-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:2px 16px;margin:0}
.metric-grid div{display:flex;justify-content:space-between;gap:8px;border-bottom:1px dotted var(--line)}
.metric-grid dt{color:var(--muted)}
.metric-grid dd{margin:0;font-variant-numeric:tabular-nums}
.error{color:var(--bad);font-weight:600}
td.plot svg{width:200px;max-width:none}
ul.checks{margin:4px 0;padding-left:22px}ul.checks li{margin:4px 0;overflow-wrap:anywhere}
footer{margin-top:48px;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);padding-top:8px}
@media (max-width:560px){main{padding:16px 12px 32px}h1{font-size:1.3rem}dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin-bottom:6px}
article.case{padding:2px 10px 10px}.cards{grid-template-columns:1fr 1fr}.card .value{font-size:1.2rem}
table.compare thead{display:none}table.compare tr{display:grid;grid-template-columns:1fr 1fr;gap:2px 12px;padding:8px 0;border-bottom:1px solid var(--line)}
table.compare th,table.compare td{border:0;padding:0;text-align:left}table.compare .wide{grid-column:1/-1}
table.compare td::before{content:attr(data-label);display:block;font-size:.72rem;color:var(--muted)}}
@media print{:root{--fg:#000;--muted:#444;--line:#bbb;--card:#fff;--accent:#000}
body{font-size:11pt}main{max-width:none;padding:0}nav.toc{break-after:page}h2{break-after:avoid}h3{break-after:avoid}
a{text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

type MetricName = (typeof CASE_METRIC_NAMES)[number];

/** The case metrics this run has (in catalogue order). */
function metricsOf(run: RunOutput, cases: readonly CaseResultOutput[]): MetricName[] {
  const present = new Set([...Object.keys(run.summary?.metrics ?? {}), ...cases.flatMap((c) => Object.keys(c.metrics))]);
  return CASE_METRIC_NAMES.filter((name) => present.has(name));
}

function runTitle(run: RunOutput): string {
  return run.name ?? `Run ${run.id.slice(0, 8)}`;
}

function durationOf(run: RunOutput): string {
  return run.startedAt && run.finishedAt ? formatMs(run.finishedAt.getTime() - run.startedAt.getTime()) : '—';
}

function isFailing(c: CaseResultOutput): boolean {
  return c.failures.length > 0 || c.status === 'error';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function header(run: RunOutput, options: HtmlReportOptions): string {
  const statusClass = run.status === 'completed' ? 'good' : run.status === 'failed' ? 'bad' : 'warn';
  const startedBy = run.snapshot?.startedBy.name ?? run.createdBy ?? '—';
  return `<header>
<p class="muted small">${h(options.workspace)} · Evaluation report</p>
<h1>${h(runTitle(run))}</h1>
<p><span class="badge ${statusClass}">${h(STATUS_LABELS[run.status])}</span>${run.isBaseline ? ' <span class="badge neutral">Approved baseline</span>' : ''}</p>
<dl class="facts">
<dt>Run</dt><dd class="mono">${h(run.id)}</dd>
<dt>Dataset</dt><dd>${h(run.datasetName)}${run.snapshot ? ` (version ${h(run.snapshot.datasetVersion)})` : ''}</dd>
<dt>Started by</dt><dd>${h(startedBy)}</dd>
<dt>Created</dt><dd>${h(formatUtc(run.createdAt))}</dd>
<dt>Started</dt><dd>${h(formatUtc(run.startedAt))}</dd>
<dt>Finished</dt><dd>${h(formatUtc(run.finishedAt))}</dd>
<dt>Duration</dt><dd>${h(durationOf(run))}</dd>
${run.error ? `<dt>Error</dt><dd class="error">${h(run.error)}</dd>` : ''}
</dl>
</header>`;
}

function snapshotSection(run: RunOutput): string {
  const s = run.snapshot;
  if (!s)
    return `<section id="snapshot"><h2>What produced this run</h2><p class="muted">The run has not started, so nothing was recorded yet.</p></section>`;
  const r = s.retrieval;
  return `<section id="snapshot"><h2>What produced this run</h2>
<dl class="facts">
<dt>Model</dt><dd>${h(s.model)} <span class="muted">(${h(s.provider)})</span></dd>
<dt>Embedder</dt><dd>${h(s.embedder)}</dd>
<dt>Retrieval</dt><dd>top ${h(r.topK)} passages of ${h(r.candidates)} candidates; vector weight ${h(r.vectorWeight)}, text weight ${h(r.textWeight)}, RRF k ${h(r.rrfK)}</dd>
<dt>Metric cut-off</dt><dd>k = ${h(s.k)} distinct documents</dd>
<dt>Collections</dt><dd>${s.collectionIds.length === 0 ? 'every collection the person who started it could read' : `${h(s.collectionIds.length)} chosen`}</dd>
<dt>Documents</dt><dd>${h(formatInteger(s.documentCount))} indexed, set hash <span class="mono" title="${h(s.documentsHash)}">${h(s.documentsHash.slice(0, 12))}</span></dd>
<dt>Dataset</dt><dd>version ${h(s.datasetVersion)}, ${h(formatInteger(s.caseCount))} cases</dd>
</dl></section>`;
}

function card(label: string, value: string, detail: string, formula?: string): string {
  return `<div class="card"><div class="label">${h(label)}</div><div class="value">${h(value)}</div><div class="small muted">${h(detail)}</div>${
    formula ? `<div class="formula">${h(formula)}</div>` : ''
  }</div>`;
}

function direction(higherIsBetter: boolean): string {
  return higherIsBetter ? 'higher is better' : 'lower is better';
}

function summarySection(run: RunOutput, metrics: MetricName[]): string {
  const s = run.summary;
  if (!s)
    return `<section id="summary"><h2>Summary</h2><p class="muted">The run has no summary yet (it is ${h(STATUS_LABELS[run.status].toLowerCase())}).</p></section>`;
  const failing = s.cases - s.passing;
  const counts = [
    card('Cases', formatInteger(s.cases), `${formatInteger(s.succeeded)} answered`),
    card('Passing', formatInteger(s.passing), 'every applicable check passed'),
    card('Failing', formatInteger(failing), 'errors and abstentions included'),
    card('Errors', formatInteger(s.errors), 'counted apart, never averaged in'),
    card('Abstained', formatInteger(s.abstained), '“no answer found”'),
  ].join('');
  const groups = (['retrieval', 'answer', 'citations'] as const)
    .map((group) => {
      const cards = metrics
        .filter((name) => CASE_METRICS[name].group === group)
        .map((name) => {
          const m = CASE_METRICS[name];
          const summary = s.metrics[name];
          return card(m.label, formatShare(summary?.mean), `n = ${summary?.n ?? 0} · ${direction(m.higherIsBetter)}`, m.formula);
        });
      return cards.length ? `<h3>${GROUP_LABELS[group]}</h3><div class="cards">${cards.join('')}</div>` : '';
    })
    .join('');
  const ops = [
    card(RUN_METRICS.latencyP50.label, formatMs(s.latencyMs.p50), `n = ${s.latencyMs.n}`, RUN_METRICS.latencyP50.formula),
    card(RUN_METRICS.latencyP95.label, formatMs(s.latencyMs.p95), `n = ${s.latencyMs.n}`, RUN_METRICS.latencyP95.formula),
    card(
      RUN_METRICS.tokens.label,
      formatInteger(s.tokens.mean),
      `per case · ${formatInteger(s.tokens.total)} in all · n = ${s.tokens.n}`,
      RUN_METRICS.tokens.formula,
    ),
    card(RUN_METRICS.costUsd.label, formatCost(s.costUsd.total), `n = ${s.costUsd.n}`, RUN_METRICS.costUsd.formula),
  ].join('');
  return `<section id="summary"><h2>Summary</h2>
<div class="cards">${counts}</div>
${groups}
<h3>${GROUP_LABELS.operations}</h3><div class="cards">${ops}</div>
</section>`;
}

/** A bar chart of ten bins over 0–1, with the counts written above the bars. */
function histogram(label: string, bins: number[]): string {
  const width = 240;
  const height = 110;
  const left = 8;
  const plot = width - 2 * left;
  const top = 14;
  const bottom = height - 18;
  const max = Math.max(1, ...bins);
  const slot = plot / bins.length;
  const bars = bins
    .map((count, i) => {
      const barHeight = ((bottom - top) * count) / max;
      const x = left + i * slot + 1.5;
      const y = bottom - barHeight;
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 3).toFixed(1)}" height="${barHeight.toFixed(1)}"/>${
        count > 0 ? `<text x="${(x + (slot - 3) / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle">${count}</text>` : ''
      }`;
    })
    .join('');
  const description = bins.map((count, i) => `${i * 10}–${(i + 1) * 10}%: ${count}`).join(', ');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${h(`${label}: cases per bin, ${description}`)}">
<title>${h(`${label}: ${description}`)}</title>${bars}
<line class="axis" x1="${left}" y1="${bottom}" x2="${width - left}" y2="${bottom}"/>
<text x="${left}" y="${height - 4}">0%</text><text x="${width / 2}" y="${height - 4}" text-anchor="middle">50%</text><text x="${width - left}" y="${height - 4}" text-anchor="end">100%</text>
</svg>`;
}

function distributionSection(cases: readonly CaseResultOutput[], metrics: MetricName[]): string {
  if (metrics.length === 0) return '';
  const figures = metrics
    .map((name) => {
      const bins = metricDistribution(cases, name);
      const n = bins.reduce((a, b) => a + b, 0);
      return `<figure><figcaption>${h(CASE_METRICS[name].label)} <span class="muted small">n = ${n}</span></figcaption>${histogram(CASE_METRICS[name].label, bins)}</figure>`;
    })
    .join('');
  return `<section id="distributions"><h2>Distribution per metric</h2><p class="muted small">Cases per tenth of the 0–100% range (successful cases where the metric applies).</p><div class="charts">${figures}</div></section>`;
}

const VERDICT_LABELS: Record<MetricComparison['verdict'], string> = { better: 'Better', worse: 'Worse', 'no-difference': 'No difference' };
const VERDICT_CLASSES: Record<MetricComparison['verdict'], string> = { better: 'good', worse: 'bad', 'no-difference': 'neutral' };

/** One metric's difference and 95% interval on a scale shared by the table's rows (a forest plot). */
function forest(m: MetricComparison, scale: number, label: string): string {
  const width = 200;
  const height = 24;
  const pad = 8;
  const x = (v: number) => pad + ((v + scale) / (2 * scale)) * (width - 2 * pad);
  const zero = `<line class="zero" x1="${x(0).toFixed(1)}" y1="2" x2="${x(0).toFixed(1)}" y2="${height - 2}"/>`;
  const tone = m.verdict === 'better' ? ' better' : m.verdict === 'worse' ? ' worse' : '';
  const interval =
    m.low !== null && m.high !== null
      ? `<line class="ci${tone}" x1="${x(m.low).toFixed(1)}" y1="12" x2="${Math.max(x(m.high), x(m.low) + 0.5).toFixed(1)}" y2="12"/>`
      : '';
  const point = m.delta !== null ? `<circle class="pt${tone}" cx="${x(m.delta).toFixed(1)}" cy="12" r="4"/>` : '';
  const text = `${label}: difference ${formatPoints(m.delta)}, 95% interval ${formatPoints(m.low)} to ${formatPoints(m.high)}`;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${h(text)}"><title>${h(text)}</title>${zero}${interval}${point}</svg>`;
}

/** The comparison's verdicts follow each metric's direction; say which ones fall to improve. */
function lowerIsBetter(names: MetricName[]): string {
  const lower = names.filter((name) => !CASE_METRICS[name].higherIsBetter).map((name) => CASE_METRICS[name].label);
  return lower.length ? `<p class="small muted">Lower is better for ${h(lower.join(', '))}; higher is better for the others.</p>` : '';
}

function comparisonSection(run: RunOutput, comparison: CompareOutput): string {
  const names = CASE_METRIC_NAMES.filter((name) => comparison.metrics[name]);
  const scale = Math.max(
    0.05,
    ...names.flatMap((name) => {
      const m = comparison.metrics[name]!;
      return [m.low, m.high, m.delta].filter((v): v is number => v !== null).map(Math.abs);
    }),
  );
  const rows = names
    .map((name) => {
      const m = comparison.metrics[name]!;
      const def = CASE_METRICS[name];
      return `<tr><th scope="row" class="wide">${h(def.label)}</th>
<td class="num" data-label="Baseline">${h(formatShare(m.baselineMean))}</td><td class="num" data-label="This run">${h(formatShare(m.candidateMean))}</td>
<td class="num" data-label="Difference">${h(formatPoints(m.delta))}</td><td class="num" data-label="95% interval">${h(formatPoints(m.low))} to ${h(formatPoints(m.high))}</td>
<td class="plot wide" data-label="Interval (dashed line: no change)">${forest(m, scale, def.label)}</td>
<td data-label="Verdict (${direction(def.higherIsBetter)})"><span class="badge ${VERDICT_CLASSES[m.verdict]}">${VERDICT_LABELS[m.verdict]}</span></td><td class="num" data-label="Pairs">${m.n}${
        m.dropped ? ` <span class="muted small">(${m.dropped} left out)</span>` : ''
      }</td></tr>`;
    })
    .join('');
  const listed = (change: 'newlyFailing' | 'newlyPassing') =>
    comparison.cases.items
      .filter((c) => c.change === change)
      .map((c) => `<li><a href="#case-${c.seq}">#${c.seq}</a> ${h(truncate(c.question, 120))}</li>`)
      .join('');
  const failingList = listed('newlyFailing');
  const passingList = listed('newlyPassing');
  const baseline = comparison.baseline;
  const isCandidate = comparison.candidate.id === run.id;
  return `<section id="comparison"><h2>Compared with the baseline</h2>
<p>Baseline: <strong>${h(runTitle(baseline))}</strong> <span class="mono">${h(baseline.id)}</span>, finished ${h(formatUtc(baseline.finishedAt))}${
    baseline.isBaseline ? ' <span class="badge neutral">Approved baseline</span>' : ''
  }. ${h(comparison.paired)} cases scored in both runs are compared; differences are this run minus the baseline, with a paired bootstrap 95% interval.${
    isCandidate ? '' : ' <span class="error">This comparison is about another run.</span>'
  }</p>
${
  comparison.changes.length
    ? `<h3>What changed</h3><div class="table-wrap"><table><thead><tr><th>Setting</th><th>Baseline</th><th>This run</th></tr></thead><tbody>${comparison.changes
        .map((c) => `<tr><td class="mono">${h(c.field)}</td><td>${h(c.baseline)}</td><td>${h(c.candidate)}</td></tr>`)
        .join('')}</tbody></table></div>`
    : '<p class="muted">The runs were produced by the same settings.</p>'
}
<h3>Metrics</h3>
<div class="table-wrap"><table class="compare"><thead><tr><th>Metric</th><th class="num">Baseline</th><th class="num">This run</th><th class="num">Difference</th><th class="num">95% interval</th><th>Interval <span class="small">(${h(formatPoints(-scale))} to ${h(
    formatPoints(scale),
  )}; dashed: no change)</span></th><th>Verdict</th><th class="num">Pairs</th></tr></thead><tbody>${rows}</tbody></table></div>
${lowerIsBetter(names)}
<h3>Cases</h3>
<div class="cards">${card('Newly failing', formatInteger(comparison.counts.newlyFailing), 'passed in the baseline')}${card(
    'Newly passing',
    formatInteger(comparison.counts.newlyPassing),
    'failed in the baseline',
  )}${card('Still failing', formatInteger(comparison.counts.stillFailing), 'in both runs')}${card('Still passing', formatInteger(comparison.counts.stillPassing), 'in both runs')}</div>
${failingList ? `<h4>Newly failing</h4><ul>${failingList}</ul>` : ''}
${passingList ? `<h4>Newly passing</h4><ul>${passingList}</ul>` : ''}
</section>`;
}

/** The answer with each `[n]` marker linked to its citation below. */
function answerHtml(c: CaseResultOutput): string {
  if (!c.answer) return '<p class="muted">No answer.</p>';
  const cited = new Set(c.citations.map((x) => x.n));
  const text = h(c.answer).replace(/\[(\d+(?:\s*,\s*\d+)*)\]/g, (_marker, list: string) => {
    const links = list
      .split(',')
      .map((s) => Number(s.trim()))
      .map((n) => (cited.has(n) ? `<a href="#case-${c.seq}-citation-${n}">${n}</a>` : `${n}`))
      .join(', ');
    return `<sup>[${links}]</sup>`;
  });
  return `<p class="answer">${text}</p>`;
}

/** The answer's sentences that the citation checks found wanting (a passing answer has none). */
function sentenceChecks(c: CaseResultOutput): string {
  const items = c.sentences
    .filter((x) => !x.supportedByCitations || !x.supportedByRetrieved)
    .map((x) => {
      const notes = [
        !x.supportedByCitations ? (x.citations.length ? 'not supported by its citations' : 'cites nothing') : null,
        !x.supportedByRetrieved ? 'not supported by any retrieved passage' : null,
      ].filter(Boolean);
      return `<li><span class="badge warn">${h(notes.join('; '))}</span> ${h(x.text)}</li>`;
    })
    .join('');
  return items ? `<h4>Sentences that failed the support test</h4><ul class="checks">${items}</ul>` : '';
}

function caseArticle(c: CaseResultOutput, metrics: MetricName[]): string {
  const failing = isFailing(c);
  const verdict = failing
    ? c.failures.length
      ? c.failures.map((f) => `<span class="badge ${f === 'error' ? 'bad' : 'warn'}">${h(FAILURE_LABELS[f])}</span>`).join(' ')
      : '<span class="badge bad">Failing</span>'
    : '<span class="badge good">Passing</span>';
  const citations = c.citations.length
    ? `<ol class="citations">${[...c.citations]
        .sort((a, b) => a.n - b.n)
        .map(
          (x) =>
            `<li id="case-${c.seq}-citation-${x.n}" value="${x.n}"><strong>${h(x.filename)}</strong>${x.page !== null ? `, p. ${h(x.page)}` : ''}<blockquote>${h(
              truncate(x.quote, 600),
            )}</blockquote></li>`,
        )
        .join('')}</ol>`
    : '<p class="muted">No citations.</p>';
  const retrieved = c.retrieved.length
    ? `<ol class="passages">${[...c.retrieved]
        .sort((a, b) => a.rank - b.rank)
        .map(
          (p) =>
            `<li value="${p.rank}"${p.gold ? ' class="gold"' : ''}>${p.gold ? '<span class="badge gold">Gold</span> ' : ''}<strong>${h(p.filename)}</strong>${
              p.page !== null ? `, p. ${h(p.page)}` : ''
            }${p.section ? ` · ${h(p.section)}` : ''} <span class="muted small">score ${h(p.score.toFixed(3))}</span><blockquote>${h(truncate(p.content, 500))}</blockquote></li>`,
        )
        .join('')}</ol>`
    : '<p class="muted">Nothing was retrieved.</p>';
  const gold = c.goldDocuments.length
    ? c.goldDocuments.map((d) => `${h(d.filename ?? d.documentId)}${d.pages?.length ? ` (p. ${h(d.pages.join(', '))})` : ''}`).join('; ')
    : '<span class="muted">none listed</span>';
  const facts = c.keyFacts.length
    ? `<ul class="facts">${c.keyFacts
        .map(
          (f) =>
            `<li>${f.present ? '<span class="badge good">Present</span>' : '<span class="badge bad">Missing</span>'} ${h(f.text)}</li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">No key facts.</p>';
  const metricList = metrics
    .map((name) => `<div><dt>${h(CASE_METRICS[name].label)}</dt><dd>${h(formatShare(c.metrics[name]))}</dd></div>`)
    .join('');
  return `<article class="case${failing ? ' failing' : ''}" id="case-${c.seq}">
<h3><span class="muted">#${c.seq}</span> <span class="q">${h(c.question)}</span></h3>
<p>${verdict}${c.abstained && !c.failures.includes('abstained') ? ' <span class="badge warn">Abstained</span>' : ''}</p>
${c.status === 'error' ? `<p class="error">Error: ${h(c.error ?? 'unknown')}</p>` : ''}
<h4>Answer</h4>${answerHtml(c)}
${c.expectedAnswer ? `<h4>Reference answer</h4><p>${h(c.expectedAnswer)}</p>` : ''}
<h4>Citations</h4>${citations}
<h4>Key facts</h4>${facts}
<h4>Retrieved passages, in rank order</h4><p class="small">Gold documents: ${gold}</p>${retrieved}
${sentenceChecks(c)}
${
  c.status === 'error'
    ? '<p class="small muted">Not scored: the case failed with an error, and errors are never averaged in.</p>'
    : metrics.length
      ? `<h4>Metrics</h4><dl class="metric-grid">${metricList}</dl>`
      : ''
}
<p class="small muted">Latency ${h(formatMs(c.latencyMs))} · ${h(formatInteger(c.inputTokens))} tokens in, ${h(formatInteger(c.outputTokens))} out · cost ${h(
    formatCost(c.costUsd),
  )}</p>
</article>`;
}

function tableOfContents(failing: CaseResultOutput[], passing: CaseResultOutput[], hasComparison: boolean, hasMetrics: boolean): string {
  const failingItems = failing
    .map(
      (c) =>
        `<li><a href="#case-${c.seq}">#${c.seq} ${h(truncate(c.question, 90))}</a> <span class="muted small">${h(c.failures.map((f) => FAILURE_LABELS[f]).join(', '))}</span></li>`,
    )
    .join('');
  return `<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>
<li><a href="#snapshot">What produced this run</a></li>
<li><a href="#summary">Summary</a></li>
${hasMetrics ? '<li><a href="#distributions">Distribution per metric</a></li>' : ''}
${hasComparison ? '<li><a href="#comparison">Compared with the baseline</a></li>' : ''}
<li><a href="#failing">Failing cases (${failing.length})</a>${failingItems ? `<ol>${failingItems}</ol>` : ''}</li>
<li><a href="#passing">Passing cases (${passing.length})</a></li>
</ol></nav>`;
}

export function runReportHtml(run: RunOutput, cases: readonly CaseResultOutput[], options: HtmlReportOptions): string {
  const ordered = [...cases].sort((a, b) => a.seq - b.seq);
  const failing = ordered.filter(isFailing);
  const passing = ordered.filter((c) => !isFailing(c));
  const metrics = metricsOf(run, ordered);
  const comparison = options.comparison ?? null;
  const title = `${runTitle(run)} · ${run.datasetName} · Evaluation report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="AgenticOmni Console">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${header(run, options)}
${tableOfContents(failing, passing, comparison !== null, metrics.length > 0)}
${snapshotSection(run)}
${summarySection(run, metrics)}
${distributionSection(ordered, metrics)}
${comparison ? comparisonSection(run, comparison) : ''}
<section id="failing"><h2>Failing cases (${failing.length})</h2>
${failing.length ? failing.map((c) => caseArticle(c, metrics)).join('\n') : '<p class="muted">No case failed.</p>'}
</section>
<section id="passing"><h2>Passing cases (${passing.length})</h2>
${passing.length ? passing.map((c) => caseArticle(c, metrics)).join('\n') : '<p class="muted">No case passed.</p>'}
</section>
<footer>Generated ${h(formatUtc(options.generatedAt))} for ${h(options.workspace)} by the AgenticOmni Console. Metrics are computed without any model; each formula is printed beside its number.</footer>
</main>
</body>
</html>
`;
}
