'use client';

import { formatNumber } from '@/lib/format';
import { Button } from './Button';

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
  label = 'items',
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400" aria-live="polite">
        {total === 0 ? `No ${label}` : `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)} ${label}`}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <span className="text-slate-600 dark:text-slate-400">
          Page {formatNumber(page)} of {formatNumber(pages)}
        </span>
        <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
