import 'server-only';
import type { Worker } from './worker';

// The worker running inside this server process, if any (started by instrumentation.ts).
const holder = globalThis as unknown as { __agenticomniWorker?: Worker };

export function setInProcessWorker(worker: Worker | undefined) {
  holder.__agenticomniWorker = worker;
}

/** Lets the in-process worker pick up a job now rather than at its next poll. */
export function pokeWorker() {
  holder.__agenticomniWorker?.poke();
}
