/**
 * A standalone job worker: `npm run worker`. Runs beside the console against the same
 * DATABASE_URL; any number of them share the queue (SKIP LOCKED claims, leases).
 */
import path from 'node:path';
import { closeDb } from '@/db/client';
import { encryptionKeysForStart } from '@/server/ai/encryption-keys';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { Worker } from '@/server/jobs/worker';

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

async function main() {
  if (!process.env.DATABASE_URL) {
    console.error(
      "Set DATABASE_URL to the console's database. (The embedded database serves one connection, so with it the worker runs inside the server.)",
    );
    process.exit(1);
  }
  try {
    // The server's keys (secrets, audit chain): refused now, not at the first job, when production
    // lacks them; a worker is production unless NODE_ENV says otherwise, and then shares `.data/`'s key.
    process.env.ENCRYPTION_KEYS = encryptionKeysForStart(
      { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
      path.join(process.cwd(), '.data'),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const worker = new Worker({
    handlers: JOB_HANDLERS,
    log: (m) => console.warn(m),
    leaseMs: positiveInt(process.env.WORKER_LEASE_MS),
    pollMs: positiveInt(process.env.WORKER_POLL_MS),
  });
  worker.start();
  console.log(`Worker ${worker.id} started.`);
  const stop = async () => {
    await worker.stop();
    await closeDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
