import { describe, expect, it } from 'vitest';
import { CASE_METRICS, RUN_METRICS } from '@/server/evals/metrics/catalogue';
import { fixtureCases, fixtureComparison, fixtureRun } from '@/test/eval-run-fixture';
import { escapeHtml, formatCost, formatMs, formatPoints, formatShare, formatUtc } from './format';
import { binValues, metricDistribution, runReportHtml } from './html';

const options = { workspace: 'Acme Corp', generatedAt: new Date('2026-12-02T08:00:00Z') };

describe('binValues', () => {
  it('puts values in ten equal bins over 0–1, 1 in the last and tenths where a person expects them', () => {
    expect(binValues([0, 0.05, 0.1, 0.3, 0.7, 0.99, 1])).toEqual([2, 1, 0, 1, 0, 0, 0, 1, 0, 2]);
    expect(binValues([])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts successful cases where the metric applies', () => {
    // Case 1: nDCG 1, case 2: 0.631, case 3 errored (no value); citation recall applies to case 1 only.
    expect(metricDistribution(fixtureCases(), 'ndcgAtK')).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
    expect(metricDistribution(fixtureCases(), 'citationRecall')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('formatting for people', () => {
  it('writes shares, differences, durations, money and dates the same everywhere', () => {
    expect([formatShare(0.8166), formatShare(null), formatPoints(-0.1), formatPoints(0.00001), formatPoints(0.25)]).toEqual([
      '81.7%',
      '—',
      '−10.0 pp',
      '0.0 pp',
      '+25.0 pp',
    ]);
    expect([formatMs(850), formatMs(1240), formatMs(134_000), formatCost(0.0042), formatUtc(new Date('2026-11-30T09:02:19.5Z'))]).toEqual([
      '850 ms',
      '1.2 s',
      '2 min 14 s',
      '$0.0042',
      '2026-11-30 09:02:19 UTC',
    ]);
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
  });
});

describe('runReportHtml', () => {
  const html = runReportHtml(fixtureRun(), fixtureCases(), { ...options, comparison: fixtureComparison() });

  it('is one self-contained file: no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\//);
    // Dark on screen only: paper always gets the light palette.
    expect(html).toContain('@media screen and (prefers-color-scheme:dark)');
    expect(html).toContain('@media print');
  });

  it('prints each metric with its formula beside the number, and the operational figures formatted for people', () => {
    for (const metric of [...Object.values(CASE_METRICS), ...Object.values(RUN_METRICS)]) {
      expect(html).toContain(escapeHtml(metric.formula));
    }
    expect(html).toContain(
      '<div class="label">nDCG@k</div><div class="value">81.5%</div><div class="small muted">n = 2 · higher is better</div>',
    );
    expect(html).toContain('<div class="value">850 ms</div>');
    expect(html).toContain('<div class="value">1.2 s</div>');
    expect(html).toContain('<div class="value">$0.0042</div>');
    expect(html).toContain('<dt>Duration</dt><dd>2 min 14 s</dd>');
    expect(html).toContain('<dt>Finished</dt><dd>2026-11-30 09:02:19 UTC</dd>');
  });

  it('says what produced the run', () => {
    expect(html).toContain('gpt-4o-mini <span class="muted">(openai)</span>');
    expect(html).toContain('top 10 passages of 40 candidates; vector weight 0.7, text weight 0.3, RRF k 60');
    expect(html).toContain(
      '12 indexed, set hash <span class="mono" title="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855">e3b0c44298fc</span>',
    );
  });

  it('marks gold passages with text, not only colour, and key facts as present or missing', () => {
    expect(html).toContain('<li value="1" class="gold"><span class="badge gold">Gold</span> <strong>handbook.pdf</strong>, p. 4 · Leaving');
    expect(html).toContain('<li value="2"><strong>travel-policy.docx</strong>');
    expect(html).toContain('<span class="badge good">Present</span> 30 days');
    expect(html).toContain('<span class="badge bad">Missing</span> 16 weeks');
  });

  it('links citation markers to their passages', () => {
    expect(html).toContain('30 days <sup>[<a href="#case-1-citation-1">1</a>]</sup>.');
    expect(html).toContain('<li id="case-1-citation-1" value="1">');
  });

  it('lists failing cases first, each in the contents, and the errored one unscored', () => {
    const order = ['id="case-2"', 'id="case-3"', 'id="passing"', 'id="case-1"'].map((s) => html.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<a href="#case-2">#2 How many days of parental leave are there?</a>');
    expect(html).toContain('<a href="#case-3">#3 Who approves expenses over $500?</a> <span class="muted small">Error</span>');
    expect(html).toContain('<p class="error">Error: The model provider timed out.</p>');
    expect(html).toContain('Not scored: the case failed with an error');
  });

  it('draws one distribution chart per metric from the cases', () => {
    expect(html.match(/<rect class="bar"/g)).toHaveLength(10 * Object.keys(CASE_METRICS).length);
    expect(html).toContain(
      'nDCG@k: 0–10%: 0, 10–20%: 0, 20–30%: 0, 30–40%: 0, 40–50%: 0, 50–60%: 0, 60–70%: 1, 70–80%: 0, 80–90%: 0, 90–100%: 1',
    );
  });

  it('shows the comparison: per metric the difference, interval, forest plot and verdict, and the changed cases', () => {
    expect(html).toContain('id="comparison"');
    expect(html).toContain(
      '<td class="num" data-label="Difference">−10.0 pp</td><td class="num" data-label="95% interval">−20.0 pp to −5.0 pp</td>',
    );
    expect(html).toContain('aria-label="Token F1: difference −10.0 pp, 95% interval −20.0 pp to −5.0 pp"');
    expect(html).toContain('<span class="badge bad">Worse</span>');
    expect(html).toContain('<span class="badge good">Better</span>');
    expect(html).toContain('<td class="mono">retrieval.topK</td><td>6</td><td>10</td>');
    expect(html).toContain('<li><a href="#case-2">#2</a> How many days of parental leave are there?</li>');
    expect(runReportHtml(fixtureRun(), fixtureCases(), options)).not.toContain('id="comparison"');
  });

  it('escapes every string from the run: questions, answers, filenames, names, snapshot fields', () => {
    const evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    const [first, second, third] = fixtureCases();
    const run = fixtureRun({ name: evil, datasetName: evil, createdBy: evil });
    run.snapshot = { ...run.snapshot!, model: evil, startedBy: { id: null, name: evil } };
    const cases = [
      {
        ...first!,
        question: evil,
        answer: `${evil} [1]`,
        expectedAnswer: evil,
        keyFacts: [{ text: evil, present: false }],
        citations: [{ ...first!.citations[0]!, filename: evil, quote: evil }],
        retrieved: [{ ...first!.retrieved[0]!, filename: evil, section: evil, content: evil }],
        goldDocuments: [{ ...first!.goldDocuments[0]!, filename: evil }],
        sentences: [{ text: evil, citations: [1], supportedByCitations: false, supportedByRetrieved: false, preciseCitations: [] }],
        failures: ['unsupported' as const],
      },
      second!,
      { ...third!, error: evil },
    ];
    const comparison = fixtureComparison();
    comparison.changes = [{ field: evil, baseline: evil, candidate: evil }];
    comparison.cases.items[0]!.question = evil;
    const out = runReportHtml(run, cases, { workspace: evil, generatedAt: options.generatedAt, comparison });
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/"><img/);
    expect(out).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;&#60;script&#62;alert(2)&#60;/script&#62;');
    // The answer keeps its citation link next to the escaped text.
    expect(out).toContain('&#60;/script&#62; <sup>[<a href="#case-1-citation-1">1</a>]</sup>');
    expect(out).toContain('<span class="badge warn">not supported by its citations; not supported by any retrieved passage</span>');
  });

  it('says plainly when the run has not started or finished', () => {
    const out = runReportHtml(
      fixtureRun({ status: 'pending', snapshot: null, summary: null, startedAt: null, finishedAt: null }),
      [],
      options,
    );
    expect(out).toContain('The run has not started, so nothing was recorded yet.');
    expect(out).toContain('The run has no summary yet (it is pending).');
    expect(out).toContain('No case failed.');
  });
});
