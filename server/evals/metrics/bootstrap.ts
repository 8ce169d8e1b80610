/**
 * Paired bootstrap confidence interval for the difference of a metric's mean between two runs on
 * the same cases. Pairing by case removes the case-to-case variance that two unpaired means would
 * carry, so a real change shows on a small dataset. Seeded, hence reproducible: the same runs give
 * the same interval in the page, the export and the CLI gate.
 */

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 13;
export const DEFAULT_CONFIDENCE = 0.95;

export const BOOTSTRAP_FORMULA =
  'difference = mean over paired cases of (candidate − baseline); 95% CI = the 2.5th and 97.5th percentiles (linear interpolation) ' +
  'of that mean over resamples of the cases drawn with replacement; significant when the interval excludes 0';

/** mulberry32: a tiny 32-bit seeded PRNG, uniform in [0, 1); plenty for resampling indices. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A run's value of one metric per case id; `null`/absent where the metric does not apply or the case errored. */
export type PerCase = ReadonlyMap<string, number | null | undefined> | Readonly<Record<string, number | null | undefined>>;

export type BootstrapOptions = {
  resamples?: number;
  seed?: number;
  /** Confidence level, default 0.95. */
  confidence?: number;
  /** Whether a higher value is better (false for hallucination, latency, cost); decides "better"/"worse". */
  higherIsBetter?: boolean;
};

export type BootstrapResult = {
  /** Mean of candidate − baseline over the paired cases; `null` with no pair. */
  meanDifference: number | null;
  low: number | null;
  high: number | null;
  /** Paired cases used. */
  n: number;
  /** Cases of either run left out because a side has no value. */
  dropped: number;
  /** The interval excludes 0 (never with fewer than 2 pairs: one case says nothing about spread). */
  significant: boolean;
  verdict: 'better' | 'worse' | 'no-difference';
};

/** Linear-interpolation quantile (numpy's default) of an ascending list. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function entries(values: PerCase): Map<string, number | null | undefined> {
  return values instanceof Map ? new Map(values) : new Map(Object.entries(values));
}

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Paired bootstrap of `candidate − baseline` over the cases both runs scored. Cases present in
 * only one run, or `null` on either side, are dropped and counted in `dropped`.
 */
export function pairedBootstrap(baseline: PerCase, candidate: PerCase, options: BootstrapOptions = {}): BootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);

  const a = entries(baseline);
  const b = entries(candidate);
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  const diffs: number[] = [];
  for (const id of ids) {
    const x = a.get(id);
    const y = b.get(id);
    if (usable(x) && usable(y)) diffs.push(y - x);
  }
  const n = diffs.length;
  const dropped = ids.length - n;
  if (n === 0) return { meanDifference: null, low: null, high: null, n, dropped, significant: false, verdict: 'no-difference' };

  const random = mulberry32(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort((x, y) => x - y);
  const alpha = (1 - confidence) / 2;
  const low = quantileSorted(means, alpha);
  const high = quantileSorted(means, 1 - alpha);
  const meanDifference = diffs.reduce((s, d) => s + d, 0) / n;
  const significant = n >= 2 && (low > 0 || high < 0);
  const improved = (options.higherIsBetter ?? true) ? low > 0 : high < 0;
  return { meanDifference, low, high, n, dropped, significant, verdict: !significant ? 'no-difference' : improved ? 'better' : 'worse' };
}
