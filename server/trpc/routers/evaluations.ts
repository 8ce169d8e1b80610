import { z } from 'zod';
import {
  approveRun,
  cancelRun,
  compareRunsFor,
  createRun,
  deleteRun,
  exportRun,
  getRun,
  listRuns,
  runFailures,
  runOptions,
  runResults,
} from '@/server/evals/runs';
import {
  compareInput,
  compareOutput,
  createRunInput,
  exportRunInput,
  exportRunOutput,
  runDetailOutput,
  runFailuresOutput,
  runListInput,
  runListOutput,
  runOptionsOutput,
  runOutput,
  runResultsInput,
  runResultsOutput,
} from '@/server/evals/runs-schema';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const evals = permissionProcedure('evals:run');

/** Evaluation runs (issue 13): start, follow, cancel, read case by case, approve a baseline, compare. */
export const evaluationsRouter = createTRPCRouter({
  /** What a new run can use: model-judged metrics need a model provider. */
  options: evals.output(runOptionsOutput).query(({ ctx }) => runOptions(ctx.service)),

  list: evals
    .input(runListInput)
    .output(runListOutput)
    .query(({ ctx, input }) => listRuns(ctx.service, input)),

  /** The run with its snapshot, summary, per-metric distributions and stored reports. */
  get: evals
    .input(idInput)
    .output(runDetailOutput)
    .query(({ ctx, input }) => getRun(ctx.service, input)),

  /** A page of the run's cases, in dataset order; `failing` keeps those with a failure reason. */
  results: evals
    .input(runResultsInput)
    .output(runResultsOutput)
    .query(({ ctx, input }) => runResults(ctx.service, input)),

  /** The model and retrieval failures recorded for the run's cases. */
  failures: evals
    .input(idInput)
    .output(runFailuresOutput)
    .query(({ ctx, input }) => runFailures(ctx.service, input)),

  /** Starts a run of the dataset as the caller, in the background. */
  create: evals
    .input(createRunInput)
    .output(runOutput)
    .mutation(({ ctx, input }) => createRun(ctx.service, input)),

  cancel: evals
    .input(idInput)
    .output(runOutput)
    .mutation(({ ctx, input }) => cancelRun(ctx.service, input)),

  /** Makes a completed run its dataset's baseline. */
  approve: evals
    .input(idInput)
    .output(runOutput)
    .mutation(({ ctx, input }) => approveRun(ctx.service, input)),

  /** Stores a CSV, JSON or self-contained HTML report of a finished run; returns its download URL. */
  export: evals
    .input(exportRunInput)
    .output(exportRunOutput)
    .mutation(({ ctx, input }) => exportRun(ctx.service, input)),

  /** Deletes a finished run, its results and its stored reports. */
  delete: evals
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteRun(ctx.service, input)),

  /** Two runs of one dataset: per-metric paired bootstrap intervals and the cases that changed. */
  compare: evals
    .input(compareInput)
    .output(compareOutput)
    .query(({ ctx, input }) => compareRunsFor(ctx.service, input)),
});
