/** Latency summary in milliseconds. */
export type Summary = { n: number; mean: number; p50: number; p95: number; min: number; max: number };

/** Nearest-rank percentile: a value actually observed, no interpolation between samples. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    n: sorted.length,
    mean: total / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Milliseconds taken by `fn`, measured with performance.now(). */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Runs the variants alternately (rotating who goes first) so drift over the run — JIT, GC,
 * table caches warming — lands on all of them equally instead of on whichever ran last.
 */
export async function interleave<K extends string, T>(
  variants: Record<K, () => Promise<T>>,
  iterations: number,
  warmup: number,
): Promise<Record<K, T[]>> {
  const keys = Object.keys(variants) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let i = 0; i < warmup + iterations; i++) {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[(i + j) % keys.length]!;
      const sample = await variants[key]();
      if (i >= warmup) samples[key].push(sample);
    }
  }
  return samples;
}
