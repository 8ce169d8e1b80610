/**
 * A list page's search, sort, filters and page, as they stand in its URL. Pure and isomorphic: the
 * page (server) reads the same parameters as the list (browser), so its prefetch asks for exactly
 * what the list will ask for, and the list finds its first page already in the cache.
 */

export type SortDir = 'asc' | 'desc';

export type ListSpec<S extends string, F extends string> = {
  pageSize: number;
  /** URL key of the search box (`q` unless said). */
  searchKey?: string;
  /** Sortable columns with the direction each starts in (names A→Z, dates newest first). */
  sorts?: Record<S, SortDir>;
  defaultSort?: { by: NoInfer<S>; dir: SortDir };
  /** Filters by URL key, each with a check: a value that fails it (a hand-edited URL) counts as unset. */
  filters?: Record<F, (value: string) => boolean>;
};

export type ListParams<S extends string, F extends string> = {
  search: string;
  /** Always one of the spec's sorts (lists without sorting never read it). */
  sort: S;
  dir: SortDir;
  page: number;
  filters: Record<F, string>;
};

export type ListParamsChange<S extends string, F extends string> = Partial<Omit<ListParams<S, F>, 'filters'>> & {
  filters?: Partial<Record<F, string>>;
};

/** Next.js hands a page its search params as a record; a browser has URLSearchParams. */
export type SearchParamsRecord = Record<string, string | string[] | undefined>;
type Source = URLSearchParams | SearchParamsRecord;

function get(source: Source, key: string): string {
  if (source instanceof URLSearchParams) return source.get(key) ?? '';
  const value = source[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function defineListSpec<S extends string = never, F extends string = never>(spec: ListSpec<S, F>): ListSpec<S, F> {
  return spec;
}

export function readListParams<S extends string, F extends string>(spec: ListSpec<S, F>, source: Source): ListParams<S, F> {
  const rawSort = get(source, 'sort');
  const sorts = spec.sorts ?? ({} as Record<S, SortDir>);
  const sort = (Object.hasOwn(sorts, rawSort) ? rawSort : spec.defaultSort?.by) as S;
  const rawDir = get(source, 'dir');
  const dir: SortDir =
    rawDir === 'asc' || rawDir === 'desc'
      ? rawDir
      : sort === spec.defaultSort?.by
        ? (spec.defaultSort?.dir ?? 'desc')
        : (sorts[sort] ?? 'desc');
  const page = Number(get(source, 'page'));
  const filters = {} as Record<F, string>;
  for (const [key, check] of Object.entries(spec.filters ?? {}) as Array<[F, (value: string) => boolean]>) {
    const value = get(source, key);
    filters[key] = value && check(value) ? value : '';
  }
  return {
    search: get(source, spec.searchKey ?? 'q').trim(),
    sort,
    dir,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    filters,
  };
}

/** The URL query for `params`: defaults are left out, so an untouched list keeps a clean address. */
export function listParamsQuery<S extends string, F extends string>(
  spec: ListSpec<S, F>,
  params: ListParams<S, F>,
  base = new URLSearchParams(),
): string {
  const query = new URLSearchParams(base);
  const set = (key: string, value: string, fallback = '') => (value && value !== fallback ? query.set(key, value) : query.delete(key));
  set(spec.searchKey ?? 'q', params.search);
  if (spec.defaultSort) {
    const isDefault = params.sort === spec.defaultSort.by && params.dir === spec.defaultSort.dir;
    set('sort', isDefault ? '' : params.sort);
    set('dir', isDefault ? '' : params.dir);
  }
  for (const key of Object.keys(spec.filters ?? {}) as F[]) set(key, params.filters[key]);
  set('page', params.page > 1 ? String(params.page) : '');
  return query.toString();
}

/**
 * Applies a change: anything but the page going back to page 1 (a page belongs to one set of
 * filters), and a new sort column starting in its own first direction.
 */
export function changeListParams<S extends string, F extends string>(
  spec: ListSpec<S, F>,
  current: ListParams<S, F>,
  change: ListParamsChange<S, F>,
): ListParams<S, F> {
  const sort = change.sort ?? current.sort;
  const dir =
    change.dir ?? (change.sort !== undefined && change.sort !== current.sort ? (spec.sorts?.[change.sort] ?? 'desc') : current.dir);
  return {
    search: change.search ?? current.search,
    sort,
    dir,
    filters: { ...current.filters, ...change.filters } as Record<F, string>,
    page: change.page ?? 1,
  };
}

export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
export const oneOf = (values: readonly string[]) => (value: string) => values.includes(value);
