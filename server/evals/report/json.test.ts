import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CASE_METRICS, RUN_METRICS } from '@/server/evals/metrics/catalogue';
import { caseResultOutput, runOutput } from '@/server/evals/runs-schema';
import { fixtureCases, fixtureRun } from '@/test/eval-run-fixture';
import { REPORT_JSON_FORMAT, runReportJson } from './json';

/** The dates a JSON report carries as ISO strings, back to Date, so the contracts' schemas apply. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const revive = (_key: string, value: unknown) => (typeof value === 'string' && ISO.test(value) ? new Date(value) : value);

describe('runReportJson', () => {
  const generatedAt = new Date('2026-12-02T08:00:00Z');
  const text = runReportJson(fixtureRun(), fixtureCases().reverse(), { generatedAt });

  it('is pretty-printed JSON with dates as ISO strings', () => {
    expect(text).toContain('\n  "format": "agenticomni.evaluation-run",\n');
    const raw = JSON.parse(text) as { generatedAt: string; run: { finishedAt: string } };
    expect(raw.generatedAt).toBe('2026-12-02T08:00:00.000Z');
    expect(raw.run.finishedAt).toBe('2026-11-30T09:02:19.000Z');
  });

  it('round-trips: the run and its cases parse with the runs contracts and equal what went in', () => {
    const document = z
      .object({
        format: z.literal(REPORT_JSON_FORMAT),
        version: z.literal(1),
        generatedAt: z.date(),
        run: runOutput,
        metrics: z.record(z.string(), z.object({ label: z.string(), formula: z.string(), higherIsBetter: z.boolean() })),
        cases: z.array(caseResultOutput),
      })
      .strict()
      .parse(JSON.parse(text, revive));
    expect(document.run).toEqual(fixtureRun());
    expect(document.cases).toEqual(fixtureCases());
    expect(document.cases.map((c) => c.seq)).toEqual([1, 2, 3]);
  });

  it('gives the label, formula and direction of each metric the run has', () => {
    const { metrics } = JSON.parse(text) as { metrics: Record<string, unknown> };
    expect(Object.keys(metrics)).toEqual([...Object.keys(CASE_METRICS), ...Object.keys(RUN_METRICS)]);
    expect(metrics.hallucination).toEqual({ label: 'Hallucination', formula: CASE_METRICS.hallucination.formula, higherIsBetter: false });
  });

  it('lists only the metrics present, and no operational figures before the run has a summary', () => {
    const [first] = fixtureCases();
    const pending = runReportJson(fixtureRun({ status: 'running', summary: null }), [{ ...first!, metrics: { tokenF1: 0.5 } }]);
    expect(Object.keys((JSON.parse(pending) as { metrics: object }).metrics)).toEqual(['tokenF1']);
  });
});
