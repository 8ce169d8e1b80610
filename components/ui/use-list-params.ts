'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useOptimistic, useRef, useState, useTransition } from 'react';
import {
  changeListParams,
  listParamsQuery,
  readListParams,
  type ListParams,
  type ListParamsChange,
  type ListSpec,
  type SortDir,
} from '@/lib/list-params';

const SEARCH_DELAY_MS = 300;

/**
 * A list's search, sort, filters and page, kept in the URL so they survive a reload and can be
 * shared. Typing replaces the history entry (one entry per search, not per key); choosing a
 * filter, a sort or a page pushes one, so Back undoes it. Until the navigation lands, the list
 * shows the new choice at once (optimistic) and reports itself pending.
 */
export function useListParams<S extends string, F extends string>(spec: ListSpec<S, F>) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const fromUrl = useMemo(() => readListParams(spec, new URLSearchParams(searchParams.toString())), [spec, searchParams]);
  const [navigating, startTransition] = useTransition();
  const [params, setOptimistic] = useOptimistic(fromUrl);

  // The search box shows what is typed; the URL (and the query) follow once typing pauses.
  const [searchText, setSearchTextState] = useState(fromUrl.search);
  const [urlSearch, setUrlSearch] = useState(fromUrl.search);
  if (urlSearch !== fromUrl.search) {
    // Back/Forward or a link changed the search: the box follows the address.
    setUrlSearch(fromUrl.search);
    setSearchTextState(fromUrl.search);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  // The last change asked for: the address only updates when its navigation lands, and a second
  // change made before then must build on the first, not on the address.
  const requested = useRef<ListParams<S, F> | null>(null);
  useEffect(() => {
    if (requested.current && listParamsQuery(spec, requested.current) === listParamsQuery(spec, fromUrl)) requested.current = null;
  }, [spec, fromUrl]);

  const navigate = useCallback(
    (change: ListParamsChange<S, F>, mode: 'push' | 'replace') => {
      // Not the render's values: a debounced search may land after other changes.
      const current = requested.current ?? readListParams(spec, new URLSearchParams(window.location.search));
      const next: ListParams<S, F> = changeListParams(spec, current, change);
      requested.current = next;
      const query = listParamsQuery(spec, next, new URLSearchParams(window.location.search));
      const href = query ? `${pathname}?${query}` : pathname;
      startTransition(() => {
        setOptimistic(next);
        if (mode === 'push') router.push(href, { scroll: false });
        else router.replace(href, { scroll: false });
      });
    },
    [spec, pathname, router, setOptimistic],
  );

  const setSearchText = useCallback(
    (text: string) => {
      setSearchTextState(text);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => navigate({ search: text.trim() }, 'replace'), SEARCH_DELAY_MS);
    },
    [navigate],
  );

  return {
    /** What the controls show: the latest choice, even before the address has caught up. */
    ...params,
    /**
     * What the address says: query with this. The page prefetched the same on the server, and a
     * navigation brings the next one with it, so asking earlier would only ask twice.
     */
    committed: fromUrl,
    searchText,
    setSearchText,
    /** True while a change is on its way into the address (the query has not started yet). */
    navigating,
    /** Clicking the sorted column flips it; another column starts in its own first direction. */
    sortBy: (by: S) => navigate(by === params.sort ? { sort: by, dir: params.dir === 'asc' ? 'desc' : 'asc' } : { sort: by }, 'push'),
    setDir: (dir: SortDir) => navigate({ dir }, 'push'),
    setFilter: (key: F, value: string) => navigate({ filters: { [key]: value } as Partial<Record<F, string>> }, 'push'),
    /** Several filters in one step (a date range's start and end), so Back undoes them together. */
    setFilters: (filters: Partial<Record<F, string>>) => navigate({ filters }, 'push'),
    setPage: (page: number) => navigate({ page }, 'push'),
    clear: () => {
      clearTimeout(timer.current);
      setSearchTextState('');
      const none = Object.fromEntries(Object.keys(spec.filters ?? {}).map((key) => [key, ''])) as Record<F, string>;
      navigate({ search: '', filters: none }, 'push');
    },
  };
}

export type ListParamsState<S extends string, F extends string> = ReturnType<typeof useListParams<S, F>>;

type PageOf<T> = { items: T[]; page: number; pageSize: number; total: number };
type ListQuery<T> = { data: PageOf<T> | undefined; isPending: boolean; isFetching: boolean; isPlaceholderData: boolean };

/**
 * What DataList needs from a list query and the URL state: its rows, whether it is loading, busy
 * (a request or a navigation on its way) or showing an earlier page, and the pagination.
 */
export function dataListState<T, S extends string, F extends string>(
  list: ListQuery<T>,
  params: Pick<ListParamsState<S, F>, 'navigating' | 'setPage'>,
  label: string,
) {
  return {
    items: list.data?.items,
    pending: list.isPending,
    busy: list.isFetching || params.navigating,
    stale: list.isPlaceholderData || params.navigating,
    pagination: list.data
      ? { page: list.data.page, pageSize: list.data.pageSize, total: list.data.total, onPage: params.setPage, label }
      : null,
  };
}

/** DataList's sort, from the URL state: the column headers (and the phones' select) drive it. */
export function dataListSort<S extends string, F extends string>(params: ListParamsState<S, F>, labels: Record<S, string>) {
  return { by: params.sort, dir: params.dir, onSort: params.sortBy, onDir: params.setDir, labels };
}
