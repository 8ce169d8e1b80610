import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';
import type { CaseResultOutput, CompareOutput, RunDetailOutput, RunOutput } from '@/server/evals/runs-schema';

/** The evaluation pages' data: the router's outputs, which are the runs' contracts (runs-schema). */
export type Run = RunOutput;
export type RunDetail = RunDetailOutput;
export type CaseResult = CaseResultOutput;
export type Comparison = CompareOutput;
export type CompareCase = CompareOutput['cases']['items'][number];

type Outputs = inferRouterOutputs<AppRouter>;
export type DatasetOption = Outputs['evalDatasets']['list']['items'][number];
export type CollectionOption = Outputs['collections']['list'][number];
