import { formatBytes, formatNumber } from './format';

/** The classes of data a tenant sets a retention period for. */
export const RETENTION_CLASSES = ['chats', 'documents', 'usage_events', 'evaluations', 'audit'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

/** The audit log is kept at least this long; a tenant may raise it, never lower it. */
export const AUDIT_FLOOR_DAYS = 365;
/** A hundred years: longer than that is "forever". */
export const MAX_RETENTION_DAYS = 36_500;

export const LEGAL_HOLD_TARGETS = ['user', 'document'] as const;
export type LegalHoldTarget = (typeof LEGAL_HOLD_TARGETS)[number];

/** Days per class; null keeps the data forever. */
export type RetentionPolicies = Record<RetentionClass, number | null>;

export const RETENTION_CLASS_INFO: Record<RetentionClass, { label: string; what: string }> = {
  chats: { label: 'Chats', what: 'Conversations, their messages and the feedback on them.' },
  documents: { label: 'Documents', what: 'Uploaded files with their extracted text, passages, embeddings and full-text entries.' },
  usage_events: { label: 'Usage events', what: 'Each metered request. The daily totals on the Usage page are kept.' },
  evaluations: { label: 'Evaluation runs', what: 'Evaluation runs with their results, scores and reports. Datasets are kept.' },
  audit: { label: 'Audit log', what: `Who did what. Kept at least ${AUDIT_FLOOR_DAYS} days.` },
};

/** What a purge of one class removes (or removed), by kind of row; `bytes` is stored file size. */
export type RetentionCounts = Partial<Record<RetentionClass, Record<string, number>>>;

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** One class's counts as a phrase: "12 messages in 3 conversations (and 2 feedback)". */
export function describeClassCounts(cls: RetentionClass, c: Record<string, number>): string {
  const n = (k: string) => c[k] ?? 0;
  switch (cls) {
    case 'chats':
      return `${plural(n('messages'), 'message', 'messages')}, ${plural(n('sessions'), 'conversation', 'conversations')}, ${plural(n('feedback'), 'feedback entry', 'feedback entries')}`;
    case 'documents':
      return `${plural(n('documents'), 'document', 'documents')} (${formatBytes(n('bytes'))}, ${plural(n('chunks'), 'passage', 'passages')})`;
    case 'usage_events':
      return plural(n('events'), 'usage event', 'usage events');
    case 'evaluations':
      return `${plural(n('runs'), 'evaluation run', 'evaluation runs')} (${plural(n('results'), 'result', 'results')})`;
    case 'audit':
      return plural(n('entries'), 'audit entry', 'audit entries');
  }
}

/** Whether counts remove anything at all. */
export const removesAnything = (c: Record<string, number> | undefined) => Object.values(c ?? {}).some((v) => v > 0);

/** Classes whose new period is shorter than the saved one (forever → N days included). */
export function shortenedClasses(saved: RetentionPolicies, proposed: RetentionPolicies): RetentionClass[] {
  return RETENTION_CLASSES.filter((cls) => {
    const next = proposed[cls];
    const before = saved[cls];
    return next !== null && (before === null || next < before);
  });
}
