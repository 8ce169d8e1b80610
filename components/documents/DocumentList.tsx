'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { useReturnFocus } from '@/components/ui/hooks';
import { ListSearch } from '@/components/ui/ListSearch';
import { Select } from '@/components/ui/Select';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { formatBytes, formatNumber } from '@/lib/format';
import { DOCUMENT_LIST, documentListInput } from '@/lib/list-specs';
import { Checkbox } from '@/components/ui/Checkbox';
import { BulkActions } from './BulkActions';
import { DeleteDocumentDialog, type DeleteTarget } from './DeleteDocumentDialog';
import { DocumentActionsMenu } from './DocumentActionsMenu';
import { DocumentStatusView } from './DocumentStatusView';
import { DOCUMENT_STATUSES, FILE_TYPES, STATUS } from './labels';
import { TagChips, linkClass } from './parts';
import type { DocumentRow, DocumentSort } from './types';

const SORT_LABELS: Record<DocumentSort, string> = {
  created: 'Uploaded',
  name: 'Name',
  status: 'Status',
  size: 'Size',
  processed: 'Processed',
};

const isRestricted = (doc: DocumentRow) => doc.visibility === 'restricted' || doc.collectionVisibility === 'restricted';
const muted = 'text-xs text-slate-500 dark:text-slate-400';

/** The workspace's documents: searched, filtered, sorted and paged on the server (and in the URL); statuses live. */
export function DocumentList({ slug, canWrite }: { slug: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const params = useListParams(DOCUMENT_LIST);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const returnFocus = useReturnFocus(deleting !== null);

  const collections = useQuery(trpc.collections.list.queryOptions());
  const list = useQuery({ ...trpc.documents.list.queryOptions(documentListInput(params.committed)), placeholderData: keepPreviousData });

  // Selection for bulk actions: ids of documents on the shown page (another page or filter leaves them out).
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const rows = list.data?.items ?? [];
  const selected = rows.filter((doc) => picked.has(doc.id));
  const allPicked = rows.length > 0 && selected.length === rows.length;
  const toggle = (docId: string, on: boolean) =>
    setPicked((before) => {
      const next = new Set(before);
      if (on) next.add(docId);
      else next.delete(docId);
      return next;
    });
  const pickBox = (doc: DocumentRow) => (
    <Checkbox checked={picked.has(doc.id)} onChange={(e) => toggle(doc.id, e.target.checked)} aria-label={`Select ${doc.filename}`} />
  );

  const { status, collection, type, tag } = params.filters;
  const filtered = Boolean(params.search || status || collection || type || tag);
  const openDelete = (doc: DocumentRow, opener: HTMLElement | null) => {
    returnFocus(opener);
    setDeleting({ id: doc.id, filename: doc.filename, chunkCount: doc.chunkCount });
  };
  const docLink = (doc: DocumentRow) => (
    <Link href={`/t/${slug}/documents/${doc.id}`} className={`${linkClass} break-words`}>
      {doc.filename}
    </Link>
  );
  const chunks = (doc: DocumentRow) => (doc.status === 'completed' ? formatNumber(doc.chunkCount) : '—');

  const columns: Array<DataColumn<DocumentRow, DocumentSort>> = [
    {
      id: 'name',
      header: 'Name',
      sort: 'name',
      className: 'max-w-72 min-w-44',
      cell: (doc) => (
        // The selection box sits in the name cell, so the columns are the same for everyone.
        <div className="flex items-start gap-2">
          {canWrite ? pickBox(doc) : null}
          <div className="min-w-0">
            {docLink(doc)}
            <p className={`mt-0.5 flex flex-wrap items-center gap-1.5 ${muted}`}>
              <Link href={`/t/${slug}/documents?collection=${doc.collectionId}`} className="break-words hover:underline">
                <span className="sr-only">Collection: </span>
                {doc.collectionName}
              </Link>
              {isRestricted(doc) ? <Badge tone="warning">Restricted</Badge> : null}
            </p>
            <TagChips slug={slug} tags={doc.tags} />
          </div>
        </div>
      ),
    },
    { id: 'type', header: 'Type', className: 'text-slate-700 dark:text-slate-300', cell: (doc) => doc.fileType.toUpperCase() },
    {
      id: 'size',
      header: 'Size',
      sort: 'size',
      headerClassName: 'text-right',
      className: 'text-right whitespace-nowrap tabular-nums',
      cell: (doc) => formatBytes(doc.sizeBytes),
    },
    {
      id: 'status',
      header: 'Status',
      sort: 'status',
      className: 'min-w-36',
      cell: (doc) => <DocumentStatusView doc={doc} canWrite={canWrite} className="max-w-52" />,
    },
    {
      id: 'pages',
      header: 'Pages',
      headerClassName: 'text-right',
      className: 'text-right tabular-nums',
      cell: (doc) => formatNumber(doc.pageCount),
    },
    { id: 'chunks', header: 'Chunks', headerClassName: 'text-right', className: 'text-right tabular-nums', cell: chunks },
    {
      id: 'created',
      header: 'Uploaded',
      sort: 'created',
      className: 'min-w-36',
      cell: (doc) => (
        <>
          <When at={doc.createdAt} />
          <p className={`break-all ${muted}`}>{doc.uploadedByEmail ?? 'Deleted user'}</p>
        </>
      ),
    },
    {
      id: 'processed',
      header: 'Processed',
      sort: 'processed',
      className: 'whitespace-nowrap',
      cell: (doc) => <When at={doc.processedAt} empty={doc.status === 'failed' ? 'Not processed' : 'Not yet'} />,
    },
    ...(canWrite
      ? [
          {
            id: 'actions',
            header: <span className="sr-only">Actions</span>,
            className: 'text-right',
            cell: (doc: DocumentRow) => <DocumentActionsMenu doc={doc} onDelete={(opener) => openDelete(doc, opener)} />,
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <h2 id={`${id}-title`} tabIndex={-1} className="text-base font-semibold">
        All documents
      </h2>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))]">
        <div className="col-span-2 lg:col-span-1">
          <ListSearch id={`${id}-search`} label="Search documents" placeholder="Name, title or words inside" params={params} />
        </div>
        <Field id={`${id}-status`} label="Status">
          <Select id={`${id}-status`} value={status} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-collection`} label="Collection">
          <Select
            id={`${id}-collection`}
            value={collection}
            onChange={(e) => params.setFilter('collection', e.target.value)}
            disabled={!collections.data}
          >
            <option value="">All collections</option>
            {collections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-type`} label="File type">
          <Select id={`${id}-type`} value={type} onChange={(e) => params.setFilter('type', e.target.value)}>
            <option value="">All types</option>
            {FILE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {tag ? (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Only documents tagged <span className="font-medium">#{tag}</span>
          <button type="button" className={`${linkClass} text-sm`} onClick={() => params.setFilter('tag', '')}>
            Show all tags
          </button>
        </p>
      ) : null}

      {list.isError ? (
        <Alert onRetry={() => void list.refetch()}>The documents could not be loaded: {errorMessage(list.error)}</Alert>
      ) : null}

      {canWrite ? (
        <div className="space-y-2">
          <label className="inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            <Checkbox
              checked={allPicked}
              disabled={rows.length === 0}
              onChange={(e) => setPicked(e.target.checked ? new Set(rows.map((d) => d.id)) : new Set())}
              className="mt-0"
            />
            Select all on this page
          </label>
          <BulkActions selected={selected} onDone={(kept) => setPicked(new Set(kept))} />
        </div>
      ) : null}

      <DataList
        caption="Documents of this workspace"
        {...dataListState(list, params, 'documents')}
        rowKey={(doc) => doc.id}
        columns={columns}
        density="compact"
        sort={dataListSort(params, SORT_LABELS)}
        loadingText="Loading documents…"
        empty={
          filtered ? 'No documents match these filters.' : canWrite ? 'No documents yet. Upload the first ones above.' : 'No documents yet.'
        }
        card={(doc) => (
          <>
            <div className="flex items-start justify-between gap-3">
              {canWrite ? pickBox(doc) : null}
              <div className="min-w-0 flex-1">
                {docLink(doc)}
                <p className={`mt-0.5 flex flex-wrap items-center gap-1.5 ${muted}`}>
                  <Link href={`/t/${slug}/documents?collection=${doc.collectionId}`} className="hover:underline">
                    <span className="sr-only">Collection: </span>
                    {doc.collectionName}
                  </Link>
                  <span aria-hidden>·</span>
                  <span>{doc.fileType.toUpperCase()}</span>
                  <span aria-hidden>·</span>
                  <span>{formatBytes(doc.sizeBytes)}</span>
                  {isRestricted(doc) ? <Badge tone="warning">Restricted</Badge> : null}
                </p>
                <TagChips slug={slug} tags={doc.tags} />
              </div>
              {canWrite ? <DocumentActionsMenu doc={doc} onDelete={(opener) => openDelete(doc, opener)} /> : null}
            </div>
            <DocumentStatusView doc={doc} canWrite={canWrite} className="mt-3" />
            <CardFacts
              facts={[
                ['Pages', formatNumber(doc.pageCount)],
                ['Chunks', chunks(doc)],
                [
                  'Uploaded',
                  <>
                    <When at={doc.createdAt} />
                    <span className={`block truncate ${muted}`}>{doc.uploadedByEmail ?? 'Deleted user'}</span>
                  </>,
                ],
                ['Processed', <When key="processed" at={doc.processedAt} empty={doc.status === 'failed' ? 'Not processed' : 'Not yet'} />],
              ]}
            />
          </>
        )}
      />

      <DeleteDocumentDialog
        doc={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={() => {
          // The row and its Actions button are gone: focus goes back to the list's heading.
          returnFocus(document.getElementById(`${id}-title`));
        }}
      />
    </section>
  );
}
