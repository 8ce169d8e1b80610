import 'server-only';
import { scheduleDailyRetention } from '@/server/gdpr/retention/run';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { schedulePurges } from '@/server/tenants/purge';
import { getDb } from '@/db/client';
import { scheduleIdempotencySweep } from '@/server/rest/idempotency';
import { scheduleReservationSweep } from '@/server/usage/reserve';
import { setInProcessWorker } from '@/server/jobs/runtime';
import { Worker } from '@/server/jobs/worker';

/**
 * Starts the background work of this server process: the job worker (unless WORKER_IN_SERVER=0,
 * for deployments that run `npm run worker` processes instead) and any tenant purge left unfinished.
 */
export function startBackgroundWork() {
  if (process.env.DISABLE_BACKGROUND_JOBS === '1') return;
  schedulePurges(1_000);
  // Quota reservations left by a crashed process go back within a minute of expiring.
  scheduleReservationSweep(60_000);
  // Idempotency keys of the public API are forgotten after 24 hours; checked hourly.
  scheduleIdempotencySweep(60 * 60_000, getDb());
  // Retention: one run per tenant and tenant-local day, checked hourly.
  scheduleDailyRetention();
  if (process.env.WORKER_IN_SERVER === '0') return;
  const worker = new Worker({ handlers: JOB_HANDLERS, log: (m) => console.warn(m) });
  setInProcessWorker(worker);
  worker.start();
  const stop = () => void worker.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
