import 'server-only';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import { processingJobs, type JobProgress } from '@/db/schema';
import { claimJob, completeJob, failJob, reapExpiredLeases, renewLease, reportProgress, type Job, type JobType } from './queue';

/** A failure with a sentence for people; `retryable` false means trying again cannot help (a corrupt file). */
export class JobError extends Error {
  override name = 'JobError';
  constructor(
    readonly userMessage: string,
    readonly retryable = false,
    /** The internal error behind it, if any: logged with the job id, never shown. */
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Thrown when a job turns out to be someone else's now (its lease ran out, or it was cancelled). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

export type JobContext = {
  db: Db;
  job: Job;
  workerId: string;
  /** Aborted when the job is cancelled or its lease is lost: stop and return. */
  signal: AbortSignal;
  progress: (progress: JobProgress) => Promise<void>;
  /**
   * Locks the job row in `tx` and throws {@link LeaseLostError} unless this worker still holds
   * it. A handler calls it in the transaction that writes its results, so a worker that stalled
   * past its lease (while another took the job over) can never write them too.
   */
  fence: (tx: Tx) => Promise<void>;
};

export type JobHandler = {
  run: (ctx: JobContext) => Promise<void>;
  /** Called once the job has failed for good (out of retries, or not retryable). */
  onFinalFailure?: (db: Db, job: Job, message: string) => Promise<void>;
};

export type WorkerOptions = {
  db?: Db;
  id?: string;
  handlers: Partial<Record<JobType, JobHandler>>;
  leaseMs?: number;
  pollMs?: number;
  log?: (message: string) => void;
};

/**
 * What people are told when a handler fails for a reason it did not put into words (a bug, an
 * engine that crashed): where it stopped, never the internal message, which goes to the log with
 * the job id.
 */
const INTERNAL_FAILURE: Record<string, string> = {
  extract: 'The file reader stopped with an internal error.',
  ocr: 'The OCR engine could not read this file.',
  chunk: 'Splitting the text into passages failed with an internal error.',
  embed: 'The embedding model failed on this document.',
  index: 'Saving the document for search failed with an internal error.',
};
export const INTERNAL_FAILURE_DEFAULT = 'Processing stopped with an internal error.';

export function internalFailureMessage(stage: string | undefined): string {
  return (stage && INTERNAL_FAILURE[stage]) || INTERNAL_FAILURE_DEFAULT;
}

async function fenceJob(tx: Tx, jobId: string, workerId: string): Promise<void> {
  const [row] = await tx
    .select({ id: processingJobs.id })
    .from(processingJobs)
    .where(and(eq(processingJobs.id, jobId), eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')))
    .for('update');
  if (!row) throw new LeaseLostError(`job ${jobId} is no longer held by ${workerId}`);
}

/**
 * Claims jobs one at a time and runs them, renewing the lease while the handler works. Several
 * workers (in the server and in `npm run worker` processes) share one queue safely.
 */
export class Worker {
  readonly id: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.id = options.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  private get db() {
    return this.options.db ?? getDb();
  }

  /** Runs at most one job; false when there was nothing to do. */
  async runOnce(): Promise<boolean> {
    await reapExpiredLeases(this.db);
    const types = Object.keys(this.options.handlers) as JobType[];
    const job = await claimJob(this.db, this.id, this.leaseMs, types);
    if (!job) return false;
    const handler = this.options.handlers[job.jobType]!;
    const controller = new AbortController();
    let stage: string | undefined;
    const renew = setInterval(
      () => {
        renewLease(this.db, job.id, this.id, this.leaseMs)
          .then((ours) => {
            if (!ours) controller.abort(new Error('lease lost'));
          })
          .catch(() => {});
      },
      Math.max(1_000, Math.floor(this.leaseMs / 3)),
    );
    try {
      await handler.run({
        db: this.db,
        job,
        workerId: this.id,
        signal: controller.signal,
        progress: (p) => {
          stage = p.stage;
          return reportProgress(this.db, job.id, this.id, p);
        },
        fence: (tx) => fenceJob(tx, job.id, this.id),
      });
      if (controller.signal.aborted) return true;
      await completeJob(this.db, job, this.id);
    } catch (error) {
      if (controller.signal.aborted || error instanceof LeaseLostError) {
        this.options.log?.(`job ${job.id} (${job.jobType}): no longer held by ${this.id}, its results were dropped`);
        return true;
      }
      const known = error instanceof JobError;
      const internal = known ? error.cause : error;
      if (internal !== undefined) {
        this.options.log?.(`job ${job.id} (${job.jobType}) failed at stage ${stage ?? 'start'}: ${describeError(internal)}`);
      }
      // The last attempt's reason is what the job, and the document once retries run out, show.
      const message = known ? error.userMessage : internalFailureMessage(stage);
      const outcome = await failJob(this.db, job, this.id, message, { retryable: known ? error.retryable : true });
      if (outcome === 'failed') await handler.onFinalFailure?.(this.db, job, message);
    } finally {
      clearInterval(renew);
    }
    return true;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        let worked = false;
        try {
          worked = await this.runOnce();
        } catch (error) {
          this.options.log?.(`worker ${this.id}: ${String(error)}`);
        }
        if (!worked && !this.stopped) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            setTimeout(resolve, this.pollMs);
          });
        }
      }
    })();
  }

  /** Checks the queue now instead of at the next poll (after an upload, say). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }
}
