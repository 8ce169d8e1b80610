'use client';

import { Alert } from '@/components/ui/Alert';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, type ComponentProps } from 'react';
import { useDebounced, useIsNarrow, useReturnFocus } from '@/components/ui/hooks';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { formatBytes, formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Pagination } from '@/components/ui/Pagination';
import { Select } from '@/components/ui/Select';
import { EmptyRow, SortableTh, Table, Td as BaseTd, Th as BaseTh, Tr } from '@/components/ui/Table';
import { cn } from '@/components/ui/cn';
import { DeleteDocumentDialog, type DeleteTarget } from './DeleteDocumentDialog';
import { DocumentActionsMenu } from './DocumentActionsMenu';
import { DocumentStatusView } from './DocumentStatusView';
import { DOCUMENT_STATUSES, FILE_TYPES, STATUS } from './labels';
import { linkClass } from './parts';
import { When } from '@/components/ui/When';
import type { DocumentRow, DocumentSort, DocumentStatus, FileType } from './types';

const PAGE_SIZE = 20;

/** Names start A→Z and statuses in pipeline order; sizes and dates biggest/newest first. */
const FIRST_DIR: Record<DocumentSort, 'asc' | 'desc'> = { name: 'asc', status: 'asc', size: 'desc', created: 'desc', processed: 'desc' };

const SORT_LABELS: Record<DocumentSort, string> = {
  created: 'Uploaded',
  name: 'Name',
  status: 'Status',
  size: 'Size',
  processed: 'Processed',
};

/** A denser table than the default: nine columns fit a laptop screen. */
function Th({ className, ...props }: ComponentProps<typeof BaseTh>) {
  return <BaseTh className={cn('px-3!', className)} {...props} />;
}
function Td({ className, ...props }: ComponentProps<typeof BaseTd>) {
  return <BaseTd className={cn('px-3!', className)} {...props} />;
}

const labelClass = 'block text-sm font-medium text-slate-700 dark:text-slate-200';

/** The workspace's documents: searched, filtered, sorted and paged on the server; statuses live. */
export function DocumentList({ slug, canWrite }: { slug: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const narrow = useIsNarrow();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [status, setStatus] = useState<DocumentStatus | ''>('');
  const [collectionId, setCollectionId] = useState('');
  const [fileType, setFileType] = useState<FileType | ''>('');
  const [sort, setSort] = useState<{ by: DocumentSort; dir: 'asc' | 'desc' }>({ by: 'created', dir: 'desc' });
  // The page belongs to one set of filters: changing any of them goes back to page 1.
  const filterKey = JSON.stringify([search, status, collectionId, fileType, sort]);
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const returnFocus = useReturnFocus(deleting !== null);

  const collections = useQuery(trpc.collections.list.queryOptions());
  const list = useQuery({
    ...trpc.documents.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      sort: sort.by,
      dir: sort.dir,
      search: search || undefined,
      status: status || undefined,
      collectionId: collectionId || undefined,
      fileType: fileType || undefined,
    }),
    placeholderData: keepPreviousData,
  });

  const sortBy = (by: DocumentSort) =>
    setSort((s) => (s.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: FIRST_DIR[by] }));
  const sortProps = (by: DocumentSort) => ({ active: sort.by === by, dir: sort.dir, onSort: () => sortBy(by) });
  const filtered = Boolean(search || status || collectionId || fileType);
  const items = list.data?.items ?? [];
  const emptyText = filtered ? 'No documents match these filters.' : canWrite ? 'No documents yet. Upload the first ones above.' : 'No documents yet.';
  const openDelete = (doc: DocumentRow, opener: HTMLElement | null) => {
    returnFocus(opener);
    setDeleting({ id: doc.id, filename: doc.filename, chunkCount: doc.chunkCount });
  };
  const columns = canWrite ? 9 : 8;

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <h2 id={`${id}-title`} tabIndex={-1} className="text-base font-semibold">
        All documents
      </h2>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))]">
        <div className="col-span-2 space-y-1 lg:col-span-1">
          <label htmlFor={`${id}-search`} className={labelClass}>
            Search documents
          </label>
          <Input
            id={`${id}-search`}
            type="search"
            placeholder="File name"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-status`} className={labelClass}>
            Status
          </label>
          <Select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as DocumentStatus | '')}>
            <option value="">All statuses</option>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-collection`} className={labelClass}>
            Collection
          </label>
          <Select
            id={`${id}-collection`}
            value={collectionId}
            onChange={(e) => setCollectionId(e.target.value)}
            disabled={!collections.data}
          >
            <option value="">All collections</option>
            {collections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-type`} className={labelClass}>
            File type
          </label>
          <Select id={`${id}-type`} value={fileType} onChange={(e) => setFileType(e.target.value as FileType | '')}>
            <option value="">All types</option>
            {FILE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </Select>
        </div>
        {narrow ? (
          <div className="grid min-w-0 grid-cols-[minmax(0,1fr)_auto] items-end gap-2">
            <div className="space-y-1">
              <label htmlFor={`${id}-sort`} className={labelClass}>
                Sort by
              </label>
              <Select id={`${id}-sort`} value={sort.by} onChange={(e) => sortBy(e.target.value as DocumentSort)}>
                {(Object.keys(SORT_LABELS) as DocumentSort[]).map((key) => (
                  <option key={key} value={key}>
                    {SORT_LABELS[key]}
                  </option>
                ))}
              </Select>
            </div>
            <Button
              variant="secondary"
              className="px-3!"
              title={sort.dir === 'asc' ? 'Ascending' : 'Descending'}
              aria-label={sort.dir === 'asc' ? 'Ascending order; switch to descending' : 'Descending order; switch to ascending'}
              onClick={() => setSort((s) => ({ ...s, dir: s.dir === 'asc' ? 'desc' : 'asc' }))}
            >
              <span aria-hidden>{sort.dir === 'asc' ? '▲' : '▼'}</span>
            </Button>
          </div>
        ) : null}
      </div>

      {list.isError ? (
        <Alert onRetry={() => void list.refetch()}>The documents could not be loaded: {errorMessage(list.error)}</Alert>
      ) : null}

      {narrow ? (
        <DocumentCards
          items={items}
          slug={slug}
          canWrite={canWrite}
          pending={list.isPending}
          stale={list.isPlaceholderData}
          emptyText={emptyText}
          onDelete={openDelete}
        />
      ) : (
        <div aria-busy={list.isFetching} className={list.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
          <Table caption="Documents of this workspace">
            <thead>
              <tr>
                <SortableTh label="Name" {...sortProps('name')} className="px-3!" />
                <Th>Type</Th>
                <SortableTh label="Size" {...sortProps('size')} className="px-3! text-right" />
                <SortableTh label="Status" {...sortProps('status')} className="px-3!" />
                <Th className="text-right">Pages</Th>
                <Th className="text-right">Chunks</Th>
                <SortableTh label="Uploaded" {...sortProps('created')} className="px-3!" />
                <SortableTh label="Processed" {...sortProps('processed')} className="px-3!" />
                {canWrite ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.isPending ? (
                <EmptyRow colSpan={columns}>Loading documents…</EmptyRow>
              ) : items.length === 0 ? (
                <EmptyRow colSpan={columns}>{emptyText}</EmptyRow>
              ) : (
                items.map((doc) => (
                  <Tr key={doc.id}>
                    <Td className="max-w-72 min-w-44">
                      <Link href={`/t/${slug}/documents/${doc.id}`} className={`${linkClass} break-words`}>
                        {doc.filename}
                      </Link>
                      <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
                        <span className="break-words">{doc.collectionName}</span>
                        {(doc.visibility === 'restricted' || doc.collectionVisibility === 'restricted') ? <Badge tone="warning">Restricted</Badge> : null}
                      </p>
                    </Td>
                    <Td className="text-slate-700 dark:text-slate-300">{doc.fileType.toUpperCase()}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(doc.sizeBytes)}</Td>
                    <Td className="min-w-36">
                      <DocumentStatusView doc={doc} canWrite={canWrite} className="max-w-52" />
                    </Td>
                    <Td className="text-right tabular-nums">{formatNumber(doc.pageCount)}</Td>
                    <Td className="text-right tabular-nums">{doc.status === 'completed' ? formatNumber(doc.chunkCount) : '—'}</Td>
                    <Td className="min-w-36">
                      <When at={doc.createdAt} />
                      <p className="text-xs break-all text-slate-500 dark:text-slate-400">{doc.uploadedByEmail ?? 'Deleted user'}</p>
                    </Td>
                    <Td className="whitespace-nowrap">
                      <When at={doc.processedAt} empty="Not yet" />
                    </Td>
                    {canWrite ? (
                      <Td className="text-right">
                        <DocumentActionsMenu doc={doc} onDelete={(opener) => openDelete(doc, opener)} />
                      </Td>
                    ) : null}
                  </Tr>
                ))
              )}
            </tbody>
          </Table>
        </div>
      )}

      {list.data && list.data.total > 0 ? (
        <Pagination
          page={list.data.page}
          pageSize={list.data.pageSize}
          total={list.data.total}
          onPage={(next) => setPaging({ key: filterKey, page: next })}
          label="documents"
        />
      ) : null}

      <DeleteDocumentDialog
        doc={deleting}
        onClose={() => {
          setDeleting(null);
        }}
        onDeleted={() => {
          // The row and its Actions button are gone: focus goes back to the list's heading.
          returnFocus(document.getElementById(`${id}-title`));
        }}
      />
    </section>
  );
}

/** Phones: one card per document instead of a wide table. */
function DocumentCards({
  items,
  slug,
  canWrite,
  pending,
  stale,
  emptyText,
  onDelete,
}: {
  items: DocumentRow[];
  slug: string;
  canWrite: boolean;
  pending: boolean;
  stale: boolean;
  emptyText: string;
  onDelete: (doc: DocumentRow, opener: HTMLElement | null) => void;
}) {
  const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
  if (pending || items.length === 0) {
    return <p className={`${box} text-center text-sm text-slate-500 dark:text-slate-400`}>{pending ? 'Loading documents…' : emptyText}</p>;
  }
  return (
    <ul aria-label="Documents" className={`space-y-3 ${stale ? 'opacity-60 transition-opacity' : ''}`}>
      {items.map((doc) => (
        <li key={doc.id} className={box}>
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <Link href={`/t/${slug}/documents/${doc.id}`} className={`${linkClass} break-words`}>
                {doc.filename}
              </Link>
              <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
                <span>{doc.collectionName}</span>
                <span aria-hidden>·</span>
                <span>{doc.fileType.toUpperCase()}</span>
                <span aria-hidden>·</span>
                <span>{formatBytes(doc.sizeBytes)}</span>
                {(doc.visibility === 'restricted' || doc.collectionVisibility === 'restricted') ? <Badge tone="warning">Restricted</Badge> : null}
              </p>
            </div>
            {canWrite ? <DocumentActionsMenu doc={doc} onDelete={(opener) => onDelete(doc, opener)} /> : null}
          </div>
          <DocumentStatusView doc={doc} canWrite={canWrite} className="mt-3" />
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Pages</dt>
            <dd className="text-right tabular-nums">{formatNumber(doc.pageCount)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Chunks</dt>
            <dd className="text-right tabular-nums">{doc.status === 'completed' ? formatNumber(doc.chunkCount) : '—'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Uploaded</dt>
            <dd className="min-w-0 text-right">
              <When at={doc.createdAt} />
              <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{doc.uploadedByEmail ?? 'Deleted user'}</span>
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Processed</dt>
            <dd className="text-right">
              <When at={doc.processedAt} empty="Not yet" />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
