import type { Tone } from '@/components/ui/Badge';
import type { CompareOutput, FailureReason, MetricComparison, RunOutput, RunStatus } from '@/server/evals/runs-schema';

/** What the runs' statuses, failure reasons and comparison verdicts say to a person, in one place. */

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  pending: 'Waiting',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const RUN_STATUS_TONES: Record<RunStatus, Tone> = {
  pending: 'neutral',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

/** The statuses in the order the filter offers them. */
export const RUN_STATUS_OPTIONS = Object.keys(RUN_STATUS_LABELS) as RunStatus[];

export const FAILURE_LABELS: Record<FailureReason, string> = {
  error: 'Error',
  abstained: 'No answer given',
  retrieval_miss: 'Gold document not retrieved',
  missing_key_facts: 'Key facts missing',
  wrong_answer: 'Differs from the reference',
  unsupported: 'Claims not supported',
};

export const FAILURE_DESCRIPTIONS: Record<FailureReason, string> = {
  error: 'The case could not be answered (see the error).',
  abstained: 'The assistant answered “no answer found” although the case expects an answer.',
  retrieval_miss: 'No gold document was among the first k documents retrieved (hit@k = 0).',
  missing_key_facts: 'The answer leaves out at least one key fact of the case.',
  wrong_answer: 'The answer shares too few words with the reference (token F1 below 0.5; cases without key facts).',
  unsupported: 'Less than half of the answer’s sentences are supported by the passages they cite (citation recall below 0.5).',
};

export type CaseChange = CompareOutput['cases']['items'][number]['change'];

export const CHANGE_LABELS: Record<CaseChange, string> = {
  newlyFailing: 'Newly failing',
  newlyPassing: 'Newly passing',
  stillFailing: 'Still failing',
  stillPassing: 'Still passing',
};

export const CHANGE_TONES: Record<CaseChange, Tone> = {
  newlyFailing: 'danger',
  newlyPassing: 'success',
  stillFailing: 'warning',
  stillPassing: 'neutral',
};

export const VERDICT_LABELS: Record<MetricComparison['verdict'], string> = {
  better: 'Better',
  worse: 'Worse',
  'no-difference': 'No significant difference',
};

export const VERDICT_TONES: Record<MetricComparison['verdict'], Tone> = {
  better: 'success',
  worse: 'danger',
  'no-difference': 'neutral',
};

export function isActiveRun(status: RunStatus): boolean {
  return status === 'pending' || status === 'running';
}

/** A run's name, or "Run #1a2b3c4d" for one started without a name. */
export function runTitle(run: Pick<RunOutput, 'id' | 'name'>): string {
  return run.name ?? `Run #${run.id.slice(0, 8)}`;
}

/** "12 of 40 cases", for the progress bars. */
export function progressText(progress: RunOutput['progress']): string {
  const errors = progress.errors > 0 ? `, ${progress.errors} ${progress.errors === 1 ? 'error' : 'errors'}` : '';
  return `${progress.done} of ${progress.total} ${progress.total === 1 ? 'case' : 'cases'}${errors}`;
}

export function progressPercent(progress: RunOutput['progress']): number | null {
  return progress.total > 0 ? (100 * progress.done) / progress.total : null;
}

/** The figures the runs list shows for each run. */
export const KEY_METRICS = ['hitAtK', 'keyFactCoverage', 'citationRecall', 'faithfulness'] as const;

export const GROUP_LABELS = {
  retrieval: 'Retrieval',
  answer: 'Answer',
  citations: 'Citations',
  operations: 'Operations',
} as const;

export const GROUP_DESCRIPTIONS = {
  retrieval: 'Whether the passages found come from the documents that hold the answer.',
  answer: 'The answer against the reference answer and the key facts.',
  citations: 'Whether the answer’s sentences are supported by the passages they cite and by what was retrieved.',
  operations: 'How long the answers took and what they cost.',
} as const;

/** The snapshot fields a comparison's "What changed" names, in words ("retrieval.topK"). */
const SNAPSHOT_FIELD_LABELS: Record<string, string> = {
  model: 'Model',
  provider: 'Provider',
  embedder: 'Embedder',
  datasetVersion: 'Dataset version',
  caseCount: 'Cases',
  'retrieval.topK': 'Passages per answer (top k)',
  'retrieval.candidates': 'Candidates searched',
  'retrieval.vectorWeight': 'Vector weight',
  'retrieval.textWeight': 'Text weight',
  'retrieval.rrfK': 'RRF k',
  'retrieval.rerank': 'Reranking',
  k: 'Metrics cut-off k',
  collectionIds: 'Collections',
  documentsHash: 'Set of documents',
  documentCount: 'Documents searchable',
  startedBy: 'Started by',
  'startedBy.name': 'Started by',
};

export function snapshotFieldLabel(field: string): string {
  return SNAPSHOT_FIELD_LABELS[field] ?? field;
}
