import { describe, expect, it } from 'vitest';
import { plotRange } from './CompareMetrics';
import { binLabel } from './RunDistribution';
import { isActiveRun, progressPercent, progressText, runTitle, snapshotFieldLabel } from './run-labels';

const comparison = (low: number | null, high: number | null, delta: number | null) => ({
  baselineMean: 0.5,
  candidateMean: 0.5,
  delta,
  low,
  high,
  n: 3,
  dropped: 0,
  significant: false,
  verdict: 'no-difference' as const,
});

describe('run labels', () => {
  it('names a run without a name by its short id, and says its progress in cases', () => {
    expect(runTitle({ id: '1a2b3c4d-0000-4000-8000-000000000000', name: null })).toBe('Run #1a2b3c4d');
    expect(runTitle({ id: '1a2b3c4d-0000-4000-8000-000000000000', name: 'top k 10' })).toBe('top k 10');
    expect(progressText({ done: 12, total: 40, errors: 0 })).toBe('12 of 40 cases');
    expect(progressText({ done: 1, total: 1, errors: 1 })).toBe('1 of 1 case, 1 error');
    expect(progressPercent({ done: 10, total: 40, errors: 0 })).toBe(25);
    expect(progressPercent({ done: 0, total: 0, errors: 0 })).toBeNull();
    expect(isActiveRun('pending')).toBe(true);
    expect(isActiveRun('cancelled')).toBe(false);
    expect(snapshotFieldLabel('retrieval.topK')).toBe('Passages per answer (top k)');
    expect(snapshotFieldLabel('something.new')).toBe('something.new');
  });

  it('labels the ten distribution bins over 0–100%', () => {
    expect(binLabel(0, 10)).toBe('0–10%');
    expect(binLabel(9, 10)).toBe('90–100%');
  });

  it('draws every interval on one axis wide enough for the widest, at least ±5%, at most ±100%', () => {
    expect(plotRange({ a: comparison(-0.01, 0.02, 0.005) })).toBe(0.05);
    expect(plotRange({ a: comparison(-0.5, 0, -0.167), b: comparison(0.02, 0.3, 0.1) })).toBe(0.5);
    expect(plotRange({ a: comparison(-1, 0, -0.33) })).toBe(1);
    expect(plotRange({ a: comparison(null, null, null) })).toBe(0.05);
  });
});
