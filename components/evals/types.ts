import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type DatasetRow = Outputs['evalDatasets']['list']['items'][number];
export type DatasetDetailData = Outputs['evalDatasets']['get'];
export type EvalCase = DatasetDetailData['cases']['items'][number];
export type FeedbackRow = Outputs['evalDatasets']['listFeedback']['items'][number];
