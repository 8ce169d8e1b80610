/**
 * The answer against the case's reference: exact match and token F1 (SQuAD v1.1), and key-fact
 * coverage. Citation markers are stripped first, so `[1]` never counts as answer content.
 */
import { answerTokens, normalizeAnswer } from './text';

export type AnswerInput = {
  /** The answer as given, citation markers included. */
  answer: string;
  /** The reference answer; several are allowed and the best match counts (as SQuAD does). */
  reference?: string | readonly string[] | null;
  /** Strings a right answer must contain. */
  keyFacts?: readonly string[] | null;
};

/** Per-case answer metrics; `null` when the case has no reference (or no key facts). */
export type AnswerMetrics = {
  exactMatch: number | null;
  tokenF1: number | null;
  keyFactCoverage: number | null;
};

export const EXACT_MATCH_FORMULA =
  'exact match = 1 when the normalised answer equals the normalised reference (lowercase, no punctuation, no a/an/the, single spaces), else 0';
export const TOKEN_F1_FORMULA =
  'token F1 = 2·P·R / (P + R), P = shared tokens / answer tokens, R = shared tokens / reference tokens (tokens of the normalised texts, counted with multiplicity)';
export const KEY_FACT_COVERAGE_FORMULA =
  'key-fact coverage = (key facts whose normalised text appears as whole words in the normalised answer) / (number of key facts)';

function references(reference: AnswerInput['reference']): string[] {
  const list = typeof reference === 'string' ? [reference] : (reference ?? []);
  // A blank reference is no reference: the case says nothing about the answer's wording.
  return list.filter((r) => r.trim().length > 0);
}

/** 1 when the normalised texts are equal, else 0 (SQuAD exact match). */
export function exactMatch(answer: string, reference: string): number {
  return normalizeAnswer(answer) === normalizeAnswer(reference) ? 1 : 0;
}

/** SQuAD token F1: shared normalised tokens counted with multiplicity; 0 when nothing is shared. */
export function tokenF1(answer: string, reference: string): number {
  const predicted = answerTokens(answer);
  const gold = answerTokens(reference);
  // SQuAD: when either side has no token, F1 is 1 only if both are empty.
  if (predicted.length === 0 || gold.length === 0) return predicted.length === gold.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of predicted) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(t, left - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / predicted.length;
  const recall = shared / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Share of key facts present in the answer. Both sides are normalised as for exact match, then a
 * fact is present when its normalised text occurs in the normalised answer on word boundaries
 * ("10 days" is in "within 10 days", "10" is not in "100"). Facts that normalise to nothing are
 * ignored; with none left the coverage is `null`.
 */
export function keyFactCoverage(answer: string, keyFacts: readonly string[]): number | null {
  const facts = keyFacts.map(normalizeAnswer).filter((f) => f.length > 0);
  if (facts.length === 0) return null;
  const haystack = ` ${normalizeAnswer(answer)} `;
  return facts.filter((f) => haystack.includes(` ${f} `)).length / facts.length;
}

/** Exact match, token F1 (best over the references) and key-fact coverage of one case. */
export function answerMetrics(input: AnswerInput): AnswerMetrics {
  const refs = references(input.reference);
  const empty = normalizeAnswer(input.answer).length === 0;
  // An empty answer is wrong whenever there is something to be right about, whatever the reference normalises to.
  const best = (score: (answer: string, reference: string) => number) =>
    refs.length === 0 ? null : empty ? 0 : Math.max(...refs.map((r) => score(input.answer, r)));
  const coverage = keyFactCoverage(input.answer, input.keyFacts ?? []);
  return {
    exactMatch: best(exactMatch),
    tokenF1: best(tokenF1),
    keyFactCoverage: coverage === null ? null : empty ? 0 : coverage,
  };
}
