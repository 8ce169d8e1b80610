/**
 * Whether a case passes, and if not why: the checks a person reads a failing case by. Thresholds
 * are constants so the page, the reports and the CLI say the same thing.
 */
import type { MetricValues } from './aggregate';

export const FAILURE_REASONS = ['error', 'abstained', 'retrieval_miss', 'missing_key_facts', 'wrong_answer', 'unsupported'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Below this token F1 against the reference (when the case has no key facts), the answer is wrong. */
export const WRONG_ANSWER_F1 = 0.5;
/** Below this citation recall, most of the answer is not backed by what it cites. */
export const UNSUPPORTED_CITATION_RECALL = 0.5;

export const VERDICT_RULES =
  `a case fails when it errored; when it answered "no answer found" although it has a reference, key facts or gold documents; ` +
  `when no gold document is among the first k retrieved (hit@k = 0); when a key fact is missing (coverage < 1); ` +
  `when it has a reference but no key facts and token F1 < ${WRONG_ANSWER_F1}; or when citation recall < ${UNSUPPORTED_CITATION_RECALL}`;

export type VerdictInput = {
  status: 'ok' | 'error';
  abstained: boolean;
  metrics: MetricValues;
  /** What the case expects: a case expecting nothing is a question the documents should not answer. */
  expects: { reference: boolean; keyFacts: boolean; gold: boolean };
};

/** The reasons a case fails, in a stable order; empty when it passes. */
export function caseVerdict({ status, abstained, metrics, expects }: VerdictInput): FailureReason[] {
  if (status === 'error') return ['error'];
  const reasons: FailureReason[] = [];
  const expectsAnswer = expects.reference || expects.keyFacts || expects.gold;
  if (abstained && expectsAnswer) reasons.push('abstained');
  if (metrics.hitAtK === 0) reasons.push('retrieval_miss');
  if (typeof metrics.keyFactCoverage === 'number' && metrics.keyFactCoverage < 1) reasons.push('missing_key_facts');
  if (!expects.keyFacts && typeof metrics.tokenF1 === 'number' && metrics.tokenF1 < WRONG_ANSWER_F1 && !abstained) {
    reasons.push('wrong_answer');
  }
  if (typeof metrics.citationRecall === 'number' && metrics.citationRecall < UNSUPPORTED_CITATION_RECALL) reasons.push('unsupported');
  return reasons;
}
