'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { formatNumber } from '@/lib/format';

/**
 * A look at the original: a PDF one page at a time (rendered to an image on the server, so no PDF
 * viewer runs in the console), a picture as it is. Other types have no preview, only the download.
 */
export function DocumentPreview({
  id,
  filename,
  fileType,
  pageCount,
  headingId,
}: {
  id: string;
  filename: string;
  fileType: string;
  pageCount: number | null;
  headingId: string;
}) {
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState<number | null>(null);
  if (fileType !== 'pdf' && fileType !== 'png' && fileType !== 'jpeg') return null;
  const pdf = fileType === 'pdf';
  const pages = pdf ? pageCount : 1;
  const src = `/api/documents/${id}/preview${pdf ? `?page=${page}` : ''}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold">
          Preview
        </h2>
        {pdf && pages !== null && pages > 1 ? (
          <nav aria-label="Preview pages" className="flex items-center gap-2 text-sm">
            <Button variant="secondary" className="min-h-9! px-3! py-1!" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous page
            </Button>
            <span aria-live="polite" className="tabular-nums">
              Page {formatNumber(page)} of {formatNumber(pages)}
            </span>
            <Button variant="secondary" className="min-h-9! px-3! py-1!" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              Next page
            </Button>
          </nav>
        ) : null}
      </div>
      {/* A fixed height: the picture arriving late must not push down what a citation link scrolled into view. */}
      <div className="flex h-[70vh] items-center justify-center rounded-lg border border-slate-200 bg-slate-100 p-3 dark:border-slate-800 dark:bg-slate-950">
        {failed === page ? (
          <p className="p-6 text-sm text-slate-600 dark:text-slate-400">
            This {pdf ? 'page' : 'picture'} could not be shown. Download the original to see it.
          </p>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- a private, per-request image: nothing for next/image to optimise or cache
          <img
            key={src}
            src={src}
            alt={pdf ? `Page ${page} of ${filename}` : filename}
            className="max-h-full w-auto max-w-full bg-white object-contain shadow-sm"
            onError={() => setFailed(page)}
          />
        )}
      </div>
    </section>
  );
}
