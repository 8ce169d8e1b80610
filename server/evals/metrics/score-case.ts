/** All per-case quality metrics of one case in one call, keyed as in `CASE_METRICS`. */
import { answerMetrics, type AnswerInput } from './answer';
import type { CaseMetricName } from './catalogue';
import { citationMetrics, type CitationInput, type SentenceVerdict, type SupportOptions } from './citations';
import { retrievalMetrics, type RetrievalInput, type RetrievalOptions } from './retrieval';

export type CaseInput = {
  retrieval: RetrievalInput;
  answer: AnswerInput;
  citations: CitationInput;
};

export type CaseScore = {
  metrics: Record<CaseMetricName, number | null>;
  /** The retrieval cut-off used. */
  k: number;
  /** Each answer sentence's support, for the case view. */
  sentences: SentenceVerdict[];
};

export function scoreCase(input: CaseInput, options: RetrievalOptions & SupportOptions = {}): CaseScore {
  const { k, ...retrieval } = retrievalMetrics(input.retrieval, options);
  const answer = answerMetrics(input.answer);
  const { sentences, ...citations } = citationMetrics(input.citations, options);
  return { metrics: { ...retrieval, ...answer, ...citations }, k, sentences };
}
