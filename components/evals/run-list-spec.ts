import { defineListSpec, isUuid, oneOf, type ListParams } from '@/lib/list-params';
import type { RunListInput, RunStatus } from '@/server/evals/runs-schema';
import { RUN_STATUS_OPTIONS } from './run-labels';

/**
 * The runs list's URL parameters (dataset, status, page) and the `evaluations.list` input they
 * ask for: shared by the page's prefetch and the list, so both ask the same question.
 */
export const RUN_LIST = defineListSpec({
  pageSize: 20,
  filters: { dataset: isUuid, status: oneOf(RUN_STATUS_OPTIONS) },
});

export function runListQueryInput(p: ListParams<never, 'dataset' | 'status'>): RunListInput {
  return {
    page: p.page,
    pageSize: RUN_LIST.pageSize,
    datasetId: p.filters.dataset || undefined,
    status: (p.filters.status || undefined) as RunStatus | undefined,
  };
}
