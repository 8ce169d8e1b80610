import {
  addFromFeedback,
  createCase,
  createDataset,
  deleteCase,
  deleteDataset,
  exportCases,
  getDataset,
  importCases,
  listDatasets,
  updateCase,
  updateDataset,
} from '@/server/evals/datasets';
import { listFeedback } from '@/server/evals/feedback';
import {
  addFromFeedbackInput,
  caseMutationOutput,
  createCaseInput,
  createDatasetInput,
  datasetDetailOutput,
  datasetListInput,
  datasetListOutput,
  datasetOutput,
  deleteOutput,
  exportInput,
  exportOutput,
  feedbackListInput,
  feedbackListOutput,
  getDatasetInput,
  importInput,
  importOutput,
  updateCaseInput,
  updateDatasetInput,
} from '@/server/evals/datasets-schema';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const evals = permissionProcedure('evals:run');

export const evalDatasetsRouter = createTRPCRouter({
  list: evals
    .input(datasetListInput)
    .output(datasetListOutput)
    .query(({ ctx, input }) => listDatasets(ctx.service, input)),

  /** The dataset with a page of its cases. */
  get: evals
    .input(getDatasetInput)
    .output(datasetDetailOutput)
    .query(({ ctx, input }) => getDataset(ctx.service, input)),

  create: evals
    .input(createDatasetInput)
    .output(datasetOutput)
    .mutation(({ ctx, input }) => createDataset(ctx.service, input)),

  update: evals
    .input(updateDatasetInput)
    .output(datasetOutput)
    .mutation(({ ctx, input }) => updateDataset(ctx.service, input)),

  /** Deletes the dataset, its cases and the runs made on it. */
  delete: evals
    .input(idInput)
    .output(deleteOutput)
    .mutation(({ ctx, input }) => deleteDataset(ctx.service, input)),

  createCase: evals
    .input(createCaseInput)
    .output(caseMutationOutput)
    .mutation(({ ctx, input }) => createCase(ctx.service, input)),

  updateCase: evals
    .input(updateCaseInput)
    .output(caseMutationOutput)
    .mutation(({ ctx, input }) => updateCase(ctx.service, input)),

  deleteCase: evals
    .input(idInput)
    .output(deleteOutput)
    .mutation(({ ctx, input }) => deleteCase(ctx.service, input)),

  /** Appends every case of a CSV or JSONL file (at most 1 MB and 2,000 cases), or none. */
  import: evals
    .input(importInput)
    .output(importOutput)
    .mutation(({ ctx, input }) => importCases(ctx.service, input)),

  /** A mutation because it is audited: who took a copy of the dataset. */
  export: evals
    .input(exportInput)
    .output(exportOutput)
    .mutation(({ ctx, input }) => exportCases(ctx.service, input)),

  /** Turns a thumbs-down answer of the caller's chat into a case. */
  addFromFeedback: evals
    .input(addFromFeedbackInput)
    .output(caseMutationOutput)
    .mutation(({ ctx, input }) => addFromFeedback(ctx.service, input)),

  /** The caller's own thumbs-down answers, newest first, with the datasets already holding each. */
  listFeedback: evals
    .input(feedbackListInput)
    .output(feedbackListOutput)
    .query(({ ctx, input }) => listFeedback(ctx.service, input)),
});
