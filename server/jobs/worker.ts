import 'server-only';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { getDb, type Db } from '@/db/client';
import type { JobProgress } from '@/db/schema';
import { claimJob, completeJob, failJob, reapExpiredLeases, renewLease, reportProgress, type Job, type JobType } from './queue';

/** A failure with a sentence for people; `retryable` false means trying again cannot help (a corrupt file). */
export class JobError extends Error {
  override name = 'JobError';
  constructor(
    readonly userMessage: string,
    readonly retryable = false,
  ) {
    super(userMessage);
  }
}

export type JobContext = {
  db: Db;
  job: Job;
  /** Aborted when the job is cancelled or its lease is lost: stop and return. */
  signal: AbortSignal;
  progress: (progress: JobProgress) => Promise<void>;
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

const UNEXPECTED = 'Processing failed unexpectedly. It will be retried automatically.';

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
    const renew = setInterval(() => {
      renewLease(this.db, job.id, this.id, this.leaseMs)
        .then((ours) => {
          if (!ours) controller.abort(new Error('lease lost'));
        })
        .catch(() => {});
    }, Math.max(1_000, Math.floor(this.leaseMs / 3)));
    try {
      await handler.run({
        db: this.db,
        job,
        signal: controller.signal,
        progress: (p) => reportProgress(this.db, job.id, this.id, p),
      });
      if (controller.signal.aborted) return true;
      await completeJob(this.db, job, this.id);
    } catch (error) {
      if (controller.signal.aborted) return true;
      const known = error instanceof JobError;
      if (!known) this.options.log?.(`job ${job.id} (${job.jobType}) failed: ${String(error)}`);
      const message = known ? error.userMessage : UNEXPECTED;
      const outcome = await failJob(this.db, job, this.id, message, { retryable: known ? error.retryable : true });
      if (outcome === 'failed') {
        await handler.onFinalFailure?.(this.db, job, known ? message : 'Processing failed repeatedly. Retry it, or contact support if it keeps failing.');
      }
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
