'use client';

import { useId, type HTMLAttributes, type ReactNode } from 'react';
import { Button } from './Button';
import { cn } from './cn';
import { useIsNarrow } from './hooks';
import { Pagination } from './Pagination';
import { Select } from './Select';
import { EmptyRow, SortableTh, Table, Td, Th, Tr } from './Table';

export type SortDir = 'asc' | 'desc';

export type DataColumn<T, S extends string> = {
  id: string;
  /** The header's text; a sortable column (`sort`) turns it into a sort button. */
  header: ReactNode;
  sort?: S;
  /** A custom header that sorts by several keys (name / email): aria-sort says whether one is active. */
  sortKeys?: readonly S[];
  className?: string;
  headerClassName?: string;
  cell: (row: T) => ReactNode;
};

export type DataListSort<S extends string> = {
  by: S;
  dir: SortDir;
  onSort: (by: S) => void;
  onDir: (dir: SortDir) => void;
  /** The choices of the phone's "Sort by" select, in order. */
  labels: Record<S, string>;
};

const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/**
 * A server-paged list: a table on wide screens, one card per row on phones. `busy` (a request or a
 * navigation on its way) sets aria-busy on the wrapper; `stale` (an earlier page shown while the
 * next loads) dims it. Pending, the rows say `loadingText`; with none, `empty`.
 */
export function DataList<T, S extends string = never>({
  caption,
  items,
  rowKey,
  columns,
  card,
  sort,
  pending,
  busy,
  stale = false,
  loadingText,
  empty,
  pagination,
  rowProps,
  density = 'normal',
  className,
}: {
  caption: string;
  items: readonly T[] | undefined;
  rowKey: (row: T) => string;
  columns: ReadonlyArray<DataColumn<T, S>>;
  card: (row: T) => ReactNode;
  sort?: DataListSort<S>;
  pending: boolean;
  busy: boolean;
  stale?: boolean;
  loadingText: string;
  empty: ReactNode;
  pagination?: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string } | null;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement>;
  /** `compact` narrows the cell padding so many columns fit a laptop screen. */
  density?: 'normal' | 'compact';
  className?: string;
}) {
  const narrow = useIsNarrow();
  const rows = items ?? [];
  const message = pending ? loadingText : rows.length === 0 ? empty : null;
  const pad = density === 'compact' ? 'px-3!' : undefined;

  return (
    <div className={cn('space-y-3', className)}>
      {narrow && sort ? <SortControls sort={sort} /> : null}
      <div aria-busy={busy} className={stale ? 'opacity-60 transition-opacity' : undefined}>
        {narrow ? (
          message !== null ? (
            <p className={`${box} text-center text-sm text-slate-500 dark:text-slate-400`}>{message}</p>
          ) : (
            <ul aria-label={caption} className="space-y-3">
              {rows.map((row) => (
                <li key={rowKey(row)} className={box}>
                  {card(row)}
                </li>
              ))}
            </ul>
          )
        ) : (
          <Table caption={caption}>
            <thead>
              <tr>
                {columns.map((column) =>
                  column.sort && sort ? (
                    <SortableTh
                      key={column.id}
                      label={String(column.header)}
                      active={sort.by === column.sort}
                      dir={sort.dir}
                      onSort={() => sort.onSort(column.sort as S)}
                      className={cn(pad, column.headerClassName)}
                    />
                  ) : (
                    <Th
                      key={column.id}
                      className={cn(pad, column.headerClassName)}
                      aria-sort={
                        column.sortKeys && sort
                          ? column.sortKeys.includes(sort.by)
                            ? sort.dir === 'asc'
                              ? 'ascending'
                              : 'descending'
                            : 'none'
                          : undefined
                      }
                    >
                      {column.header}
                    </Th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {message !== null ? (
                <EmptyRow colSpan={columns.length}>{message}</EmptyRow>
              ) : (
                rows.map((row) => (
                  <Tr key={rowKey(row)} {...rowProps?.(row)}>
                    {columns.map((column) => (
                      <Td key={column.id} className={cn(pad, column.className)}>
                        {column.cell(row)}
                      </Td>
                    ))}
                  </Tr>
                ))
              )}
            </tbody>
          </Table>
        )}
      </div>
      {pagination && pagination.total > 0 ? <Pagination {...pagination} /> : null}
    </div>
  );
}

/** Phones have no column headers: the sort is a select and a direction button. */
function SortControls<S extends string>({ sort }: { sort: DataListSort<S> }) {
  const id = useId();
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_auto] items-end gap-2">
      <div className="space-y-1">
        <label htmlFor={`${id}-sort`} className="block text-sm font-medium text-slate-700 dark:text-slate-200">
          Sort by
        </label>
        <Select id={`${id}-sort`} value={sort.by} onChange={(e) => sort.onSort(e.target.value as S)}>
          {(Object.keys(sort.labels) as S[]).map((key) => (
            <option key={key} value={key}>
              {sort.labels[key]}
            </option>
          ))}
        </Select>
      </div>
      <Button
        variant="secondary"
        className="px-3!"
        title={sort.dir === 'asc' ? 'Ascending' : 'Descending'}
        aria-label={sort.dir === 'asc' ? 'Ascending order; switch to descending' : 'Descending order; switch to ascending'}
        onClick={() => sort.onDir(sort.dir === 'asc' ? 'desc' : 'asc')}
      >
        <span aria-hidden>{sort.dir === 'asc' ? '▲' : '▼'}</span>
      </Button>
    </div>
  );
}

/** A card's figures: label on the left, value on the right. */
export function CardFacts({ facts }: { facts: Array<[label: string, value: ReactNode]> }) {
  return (
    <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="min-w-0 text-right tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
