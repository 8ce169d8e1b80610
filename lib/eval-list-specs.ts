import { defineListSpec, type ListParams } from './list-params';

/** The Evaluations section's lists: search, sort and page in the URL. */

export const EVAL_DATASET_LIST = defineListSpec({
  pageSize: 20,
  sorts: { name: 'asc', updated: 'desc', cases: 'desc' },
  defaultSort: { by: 'name', dir: 'asc' },
});
export const EVAL_CASE_LIST = defineListSpec({ pageSize: 20 });
export const EVAL_FEEDBACK_LIST = defineListSpec({ pageSize: 20 });

const searchText = (search: string) => search.slice(0, 200) || undefined;

export function evalDatasetListInput(p: ListParams<'name' | 'updated' | 'cases', never>) {
  return { page: p.page, pageSize: EVAL_DATASET_LIST.pageSize, search: searchText(p.search), sort: p.sort, dir: p.dir };
}

export function evalDatasetGetInput(id: string, p: ListParams<never, never>) {
  return { id, page: p.page, pageSize: EVAL_CASE_LIST.pageSize, search: searchText(p.search) };
}

export function evalFeedbackListInput(p: ListParams<never, never>) {
  return { page: p.page, pageSize: EVAL_FEEDBACK_LIST.pageSize };
}
