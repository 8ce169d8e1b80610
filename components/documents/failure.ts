/**
 * What a processing job's outcome means for people, in one place for the document page, the
 * document list and the queue: whether it will be tried again, how many attempts it had (counted
 * from the attempts themselves, so "Attempts 4 of 4" always matches the attempts listed), and
 * what to do next, which depends on whether the reader may retry it.
 */

export type JobFacts = {
  status: 'pending' | 'processing' | 'retrying' | 'failed' | 'completed' | 'cancelled';
  /** Attempts made (started) so far. */
  attempts: number;
  /** The first run plus its retries. */
  maxAttempts: number;
};

/** "4 of 4": attempts made of the most there can be. */
export function attemptsText(job: Pick<JobFacts, 'attempts' | 'maxAttempts'>): string {
  return `${job.attempts} of ${Math.max(job.maxAttempts, job.attempts)}`;
}

/** Whether a failed job stopped because every attempt was used (rather than an error retrying cannot fix). */
export function usedAllAttempts(job: Pick<JobFacts, 'attempts' | 'maxAttempts'>): boolean {
  return job.attempts >= job.maxAttempts;
}

/**
 * One sentence on where the job stands after a failure or cancel: "Failed after 4 attempts; it
 * will not be retried automatically." Null while it is fine (waiting, running, done). `short`
 * for narrow places (list cells, queue rows): "Not retried: all 4 attempts failed."
 */
export function outcomeText(job: JobFacts, { short = false }: { short?: boolean } = {}): string | null {
  if (short) return shortOutcome(job);
  if (job.status === 'failed') {
    if (usedAllAttempts(job))
      return `Failed after ${job.attempts} ${job.attempts === 1 ? 'attempt' : 'attempts'}; it will not be retried automatically.`;
    const when = job.attempts <= 1 ? 'Failed' : `Failed on attempt ${job.attempts}`;
    return `${when}; it will not be retried automatically, because trying again would fail the same way.`;
  }
  if (job.status === 'cancelled') return 'Cancelled; it will not run again by itself.';
  if (job.status === 'retrying') {
    return `Attempt ${job.attempts} of ${Math.max(job.maxAttempts, job.attempts)} failed; it will be tried again automatically.`;
  }
  return null;
}

function shortOutcome(job: JobFacts): string | null {
  if (job.status === 'failed') {
    return usedAllAttempts(job) ? `Not retried: all ${job.attempts} attempts failed.` : 'Not retried: it would fail the same way.';
  }
  if (job.status === 'cancelled') return 'Cancelled: it will not run.';
  if (job.status === 'retrying') return 'It will be tried again.';
  return null;
}

/**
 * What to do about a failed document. Only people who may process it again are told to retry;
 * everyone else is told who can.
 */
export function failureAdvice(job: JobFacts | null, canRetry: boolean): string {
  if (!canRetry) {
    return 'You cannot process this document again yourself: its uploader, an editor with write access to it, or an admin can fix the file or retry it.';
  }
  if (job?.status === 'cancelled') return 'Choose Retry to process it again from the start.';
  if (job && job.status === 'failed' && !usedAllAttempts(job)) {
    return 'The file itself is the problem, so Retry would fail the same way: open it, save or export it again (as a PDF, say), upload the new copy, then delete this one.';
  }
  return 'Choose Retry to process it again from the start. If it keeps failing, tell your workspace admin: the processing history below has each attempt’s reason.';
}
