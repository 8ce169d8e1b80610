'use client';

import { Alert } from '@/components/ui/Alert';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { useReturnFocus } from '@/components/ui/hooks';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage } from '@/components/ui/errors';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/format';
import { ChunkBrowser } from './ChunkBrowser';
import { DeleteDocumentDialog, type DeleteTarget } from './DeleteDocumentDialog';
import { DocumentPreview } from './DocumentPreview';
import { DocumentStatusView } from './DocumentStatusView';
import { EditDocumentDialog, type EditTarget } from './EditDocumentDialog';
import { STATUS, isBusy, readOnlyReason } from './labels';
import { useReprocessDocument } from './mutations';
import { LiveRegion, TagLink, linkClass, useAnnouncer } from './parts';
import { When } from '@/components/ui/When';
import { ProcessingHistory } from './ProcessingHistory';
import { applyChange, useDocumentChanges } from './useDocumentChanges';

const buttonLink =
  'inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';

function isNotFound(error: unknown): boolean {
  const data = (error as { data?: { code?: string } | null } | null)?.data;
  return data?.code === 'NOT_FOUND' || data?.code === 'BAD_REQUEST';
}

/** What an unknown id, a deleted document or another workspace's document shows. */
export function DocumentNotFound({ slug }: { slug: string }) {
  return (
    <Card className="mx-auto max-w-lg text-center">
      <h1 className="text-xl font-semibold">Document not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        It may have been deleted, or the link points to a document you cannot see.
      </p>
      <p className="mt-4">
        <Link href={`/t/${slug}/documents`} className={linkClass}>
          Back to documents
        </Link>
      </p>
    </Card>
  );
}

/** Human names for the file's own properties found during extraction (title, author…). */
function propertyRows(metadata: Record<string, unknown>): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'ocrPages') {
      if (Array.isArray(value) && value.length > 0) rows.push(['Pages read with OCR', value.join(', ')]);
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    if (value === '') continue;
    const label = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
    rows.push([label.charAt(0).toUpperCase() + label.slice(1).toLowerCase(), String(value)]);
  }
  return rows.slice(0, 10);
}

export function DocumentDetail({
  id,
  slug,
  canWrite,
  initialPage,
  initialChunk,
  initialQuote = null,
}: {
  id: string;
  slug: string;
  canWrite: boolean;
  initialPage: number | null;
  initialChunk: string | null;
  /** The cited sentence in the linked chunk (document character offsets). */
  initialQuote?: { from: number; to: number } | null;
}) {
  const trpc = useTRPC();
  const htmlId = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { message, announce } = useAnnouncer();
  const [deleted, setDeleted] = useState(false);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const returnFocus = useReturnFocus(deleting !== null || editing !== null);
  const reprocess = useReprocessDocument();
  const doc = useQuery({ ...trpc.documents.get.queryOptions({ id }), enabled: !deleted });
  const getFilter = trpc.documents.get.queryFilter({ id });

  useDocumentChanges({
    enabled: !deleted,
    onStarted: () => void queryClient.invalidateQueries(getFilter),
    onChanges: (changes) => {
      const change = changes.find((c) => c.id === id);
      if (!change) return;
      const before = queryClient.getQueryData(trpc.documents.get.queryKey({ id }));
      queryClient.setQueryData(trpc.documents.get.queryKey({ id }), (old) => (old ? applyChange(old, change) : old));
      // The history (jobs, attempts) and the processed time come with a fresh read.
      void queryClient.invalidateQueries(getFilter);
      if (before && before.status !== change.status) {
        announce(
          change.status === 'failed'
            ? `Processing failed: ${change.error ?? 'no reason was given.'}`
            : `Status: ${STATUS[change.status].label}.`,
        );
        if (change.status === 'completed') void queryClient.invalidateQueries(trpc.documents.chunks.pathFilter());
      }
    },
  });

  if (deleted) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        The document was deleted. Going back to the documents…
      </p>
    );
  }
  if (doc.isError) {
    if (isNotFound(doc.error)) return <DocumentNotFound slug={slug} />;
    return <Alert onRetry={() => void doc.refetch()}>The document could not be loaded: {errorMessage(doc.error)}</Alert>;
  }
  if (!doc.data) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Loading document…
      </p>
    );
  }

  const d = doc.data;
  const busy = isBusy(d.status);
  const failed = d.status === 'failed';
  const readOnly = readOnlyReason(d);
  const lastJob = d.jobs[0];

  return (
    <div className="space-y-8">
      <LiveRegion message={message} />
      <div>
        <Link href={`/t/${slug}/documents`} className={`${linkClass} text-sm`}>
          <span aria-hidden>← </span>All documents
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words">{d.filename}</h1>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              In{' '}
              <Link href={`/t/${slug}/documents?collection=${d.collectionId}`} className={linkClass}>
                {d.collectionName}
              </Link>
              {d.visibility === 'restricted' || d.collectionVisibility === 'restricted' ? ', restricted' : ''}
            </p>
            {d.tags.length > 0 ? (
              <ul aria-label="Tags" className="mt-2 flex flex-wrap gap-1.5">
                {d.tags.map((tag) => (
                  <li key={tag}>
                    <TagLink slug={slug} tag={tag} />
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            <a href={`/api/documents/${d.id}/file`} download={d.filename} className={buttonLink}>
              Download original
            </a>
            {canWrite ? (
              <>
                {/* A failed document's one action is Retry, beside its reason; Reprocess is the same action for the others. */}
                {failed ? null : (
                  <Button
                    variant="secondary"
                    disabled={busy || reprocess.isPending || readOnly !== null}
                    title={busy ? 'The document is being processed now.' : undefined}
                    aria-describedby={readOnly ? `${htmlId}-read-only` : `${htmlId}-reprocess-hint`}
                    onClick={() =>
                      reprocess.mutate({ id: d.id }, { onSuccess: () => toast.success(`${d.filename} will be processed again.`) })
                    }
                  >
                    {reprocess.isPending ? 'Reprocessing…' : 'Reprocess'}
                  </Button>
                )}
                <Button
                  variant="secondary"
                  disabled={readOnly !== null}
                  aria-describedby={readOnly ? `${htmlId}-read-only` : undefined}
                  onClick={(e) => {
                    returnFocus(e.currentTarget);
                    setEditing({ id: d.id, filename: d.filename, fileType: d.fileType, collectionId: d.collectionId, tags: d.tags });
                  }}
                >
                  Edit name, collection, tags
                </Button>
                <Button
                  variant="danger"
                  disabled={readOnly !== null}
                  aria-describedby={readOnly ? `${htmlId}-read-only` : undefined}
                  onClick={(e) => {
                    returnFocus(e.currentTarget);
                    setDeleting({ id: d.id, filename: d.filename, chunkCount: d.chunkCount });
                  }}
                >
                  Delete
                </Button>
              </>
            ) : null}
          </div>
        </div>
        {canWrite && readOnly ? (
          <p id={`${htmlId}-read-only`} className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {readOnly}
          </p>
        ) : canWrite && !failed ? (
          <p id={`${htmlId}-reprocess-hint`} className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Reprocess reads the original file again from the start and replaces its chunks (a failed document offers the same as Retry).
          </p>
        ) : null}
        {reprocess.isError ? <Alert className="mt-3">Could not reprocess: {errorMessage(reprocess.error)}</Alert> : null}
      </div>

      <section aria-labelledby={`${htmlId}-details`}>
        <h2 id={`${htmlId}-details`} className="sr-only">
          Details
        </h2>
        <Card className="p-4! sm:p-6!">
          <div className="flex flex-wrap items-start gap-x-6 gap-y-2 border-b border-slate-200 pb-4 dark:border-slate-800">
            <h3 className="pt-0.5 text-sm text-slate-500 dark:text-slate-400">Status</h3>
            <DocumentStatusView doc={d} canWrite={canWrite} detailed className="max-w-xl flex-1" />
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:gap-x-6 lg:grid-cols-3">
            <Item label="Collection">{d.collectionName}</Item>
            <Item label="Visibility">
              {d.visibility === 'restricted' || d.collectionVisibility === 'restricted' ? 'Restricted' : 'Everyone in the workspace'}
            </Item>
            <Item label="Type">{d.fileType.toUpperCase()}</Item>
            <Item label="MIME type">
              <span className="font-mono text-xs break-all">{d.mimeType}</span>
            </Item>
            <Item label="Size">
              <span title={`${formatNumber(d.sizeBytes)} bytes`}>{formatBytes(d.sizeBytes)}</span>
            </Item>
            <Item label="Checksum (SHA-256)">
              <span className="font-mono text-xs" title={d.checksumSha256}>
                <span aria-hidden>{d.checksumSha256.slice(0, 12)}…</span>
                <span className="sr-only">{d.checksumSha256}</span>
              </span>
            </Item>
            <Item label="Pages">{formatNumber(d.pageCount)}</Item>
            <Item label="Chunks">{d.status === 'completed' || d.chunkCount > 0 ? formatNumber(d.chunkCount) : '—'}</Item>
            <Item label="Uploaded">
              {formatDateTime(d.createdAt)}
              <span className="block text-xs font-normal break-all text-slate-500 dark:text-slate-400">
                by {d.uploadedByEmail ?? 'a deleted user'}, <When at={d.createdAt} />
              </span>
            </Item>
            <Item label="Processed">
              {d.processedAt ? (
                <>
                  {formatDateTime(d.processedAt)}
                  <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                    <When at={d.processedAt} />
                  </span>
                </>
              ) : failed ? (
                <span className="font-normal text-slate-500 dark:text-slate-400">
                  Not processed: it failed
                  {lastJob?.completedAt ? (
                    <span className="block text-xs">
                      <When at={lastJob.completedAt} />
                    </span>
                  ) : null}
                </span>
              ) : (
                <span className="font-normal text-slate-500 dark:text-slate-400">Not yet</span>
              )}
            </Item>
            {propertyRows(d.metadata).map(([label, value]) => (
              <Item key={label} label={label}>
                <span className="break-words">{value}</span>
              </Item>
            ))}
          </dl>
        </Card>
      </section>

      <DocumentPreview id={d.id} filename={d.filename} fileType={d.fileType} pageCount={d.pageCount} headingId={`${htmlId}-preview`} />

      <ProcessingHistory jobs={d.jobs} headingId={`${htmlId}-history`} />

      <ChunkBrowser
        documentId={d.id}
        status={d.status}
        headingId={`${htmlId}-chunks`}
        initialPage={initialPage}
        initialChunk={initialChunk}
        initialQuote={initialQuote}
      />

      <EditDocumentDialog doc={editing} onClose={() => setEditing(null)} />

      <DeleteDocumentDialog
        doc={deleting}
        onClose={() => {
          setDeleting(null);
        }}
        onDeleted={() => {
          setDeleted(true);
          router.push(`/t/${slug}/documents`);
        }}
      />
    </div>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 font-medium">{children}</dd>
    </div>
  );
}
