'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { EVAL_CASE_LIST, evalDatasetGetInput } from '@/lib/eval-list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { ListSearch } from '@/components/ui/ListSearch';
import { useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { CaseDialog } from './CaseDialog';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { casesText } from './DatasetList';
import { DatasetFormDialog } from './DatasetFormDialog';
import { ImportDialog } from './ImportDialog';
import { pagesLabel } from './pages';
import { evaluationsPath } from './tabs';
import type { EvalCase } from './types';
import { shortId, useDocumentNames, type DocumentName } from './useDocumentNames';

const muted = 'text-xs text-slate-500 dark:text-slate-400';

function download(filename: string, content: string, format: 'csv' | 'jsonl') {
  // The byte-order mark makes spreadsheet programs read a CSV as UTF-8; JSONL readers want none.
  const parts = format === 'csv' ? ['\uFEFF', content] : [content];
  const url = URL.createObjectURL(new Blob(parts, { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/jsonl' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function KeyFacts({ facts }: { facts: string[] }) {
  if (facts.length === 0) return <span className={muted}>None</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Key facts">
      {facts.map((f) => (
        <li
          key={f}
          className="max-w-56 truncate rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
          title={f}
        >
          {f}
        </li>
      ))}
    </ul>
  );
}

function GoldDocuments({
  documents,
  slug,
  documentName,
}: {
  documents: EvalCase['documents'];
  slug: string;
  documentName: (id: string) => DocumentName;
}) {
  if (documents.length === 0) return <span className={muted}>None</span>;
  return (
    <ul className="space-y-0.5" aria-label="Gold documents">
      {documents.map((d) => {
        const known = documentName(d.documentId);
        const pages = pagesLabel(d.pages);
        return (
          <li key={d.documentId} className="text-sm">
            {known && !known.missing ? (
              <Link
                href={`/t/${slug}/documents/${d.documentId}`}
                className="break-all text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {known.name}
              </Link>
            ) : (
              <span className="text-slate-600 dark:text-slate-400" title={d.documentId}>
                {known?.missing ? `${known.name} (${shortId(d.documentId)})` : shortId(d.documentId)}
              </span>
            )}
            {pages ? <span className={`ml-1 whitespace-nowrap ${muted}`}>{pages}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

function FromFeedback({ source }: { source: EvalCase['source'] }) {
  return source ? (
    <Badge tone="warning" className="mt-1">
      From feedback
    </Badge>
  ) : null;
}

/**
 * One dataset: its name, version and cases, paged and searched on the server, with the case
 * editor, import and export. Each change to the cases shows the dataset's new version.
 */
export function DatasetDetail({ slug, id, canReadDocuments }: { slug: string; id: string; canReadDocuments: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useListParams(EVAL_CASE_LIST);
  const detail = useQuery({
    ...trpc.evalDatasets.get.queryOptions(evalDatasetGetInput(id, params.committed)),
    placeholderData: keepPreviousData,
  });
  const [editingDataset, setEditingDataset] = useState(false);
  const [deletingDataset, setDeletingDataset] = useState(false);
  const [caseDialog, setCaseDialog] = useState<{ editing: EvalCase | null } | null>(null);
  const [deletingCase, setDeletingCase] = useState<EvalCase | null>(null);
  const [importing, setImporting] = useState(() => searchParams.get('import') === '1');
  const listPath = evaluationsPath(slug, 'datasets');

  useEffect(() => {
    // A dataset made from "Import from a file" arrives with ?import=1: the dialog is open, the address clean.
    if (searchParams.get('import') === '1') router.replace(pathname, { scroll: false });
  }, [searchParams, router, pathname]);

  const cases = detail.data?.cases.items ?? [];
  const documentName = useDocumentNames(
    cases.flatMap((c) => c.documents.map((d) => d.documentId)),
    canReadDocuments,
  );

  const removeDataset = useMutation(
    trpc.evalDatasets.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`${detail.data?.name ?? 'The dataset'} was deleted.`);
        router.push(listPath);
        await qc.invalidateQueries({ queryKey: trpc.evalDatasets.list.queryKey() });
      },
    }),
  );
  const removeCase = useMutation(
    trpc.evalDatasets.deleteCase.mutationOptions({
      onSuccess: async ({ version }) => {
        await qc.invalidateQueries({ queryKey: trpc.evalDatasets.pathKey() });
        toast.success(`Case deleted. The dataset is now v${version ?? ''}.`);
        setDeletingCase(null);
      },
    }),
  );
  const exportCases = useMutation(
    trpc.evalDatasets.export.mutationOptions({
      onSuccess: ({ filename, content }, { format }) => {
        download(filename, content, format);
        toast.success(`Downloaded ${filename}.`);
      },
    }),
  );

  if (detail.error && !detail.data) {
    const gone = (detail.error as { data?: { code?: string } }).data?.code === 'NOT_FOUND';
    return gone ? (
      <Card role="alert">
        <h1 className="text-xl font-semibold">Dataset not found</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">It may have been deleted.</p>
        <Link href={listPath} className="mt-3 inline-block text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          Back to the datasets
        </Link>
      </Card>
    ) : (
      <Alert onRetry={() => void detail.refetch()}>The dataset could not be loaded: {errorMessage(detail.error)}</Alert>
    );
  }
  const dataset = detail.data;
  const filtered = Boolean(params.committed.search);

  const columns: Array<DataColumn<EvalCase, never>> = [
    {
      id: 'question',
      header: 'Question',
      className: 'min-w-56 max-w-80',
      cell: (c) => (
        <>
          <span className="line-clamp-3 font-medium break-words">{c.question}</span>
          <FromFeedback source={c.source} />
        </>
      ),
    },
    {
      id: 'answer',
      header: 'Reference answer',
      className: 'min-w-48 max-w-72',
      cell: (c) =>
        c.expectedAnswer ? (
          <span className="line-clamp-3 break-words text-slate-700 dark:text-slate-300" title={c.expectedAnswer}>
            {c.expectedAnswer}
          </span>
        ) : (
          <span className={muted}>None</span>
        ),
    },
    { id: 'facts', header: 'Key facts', className: 'min-w-40 max-w-64', cell: (c) => <KeyFacts facts={c.keyFacts} /> },
    {
      id: 'documents',
      header: 'Gold documents',
      className: 'min-w-40 max-w-64',
      cell: (c) => <GoldDocuments documents={c.documents} slug={slug} documentName={documentName} />,
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'whitespace-nowrap text-right',
      cell: (c) => <CaseActions c={c} onEdit={() => setCaseDialog({ editing: c })} onDelete={() => setDeletingCase(c)} />,
    },
  ];

  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={listPath} className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Datasets
        </Link>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{dataset?.name ?? 'Dataset'}</h1>
          {dataset ? (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
              <Badge tone="info">v{dataset.version}</Badge>
              <span>{casesText(dataset.caseCount)}</span>
              <span aria-hidden>·</span>
              <span>
                updated <When at={dataset.updatedAt} />
              </span>
            </p>
          ) : null}
          {dataset?.description ? <p className="mt-2 max-w-3xl text-slate-600 dark:text-slate-400">{dataset.description}</p> : null}
        </div>
        {dataset ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => setEditingDataset(true)}>
              Edit
            </Button>
            <Button variant="danger" onClick={() => setDeletingDataset(true)}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>

      {dataset ? (
        <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
          <div className="w-full max-w-md">
            <ListSearch id="eval-case-search" label="Search questions" placeholder="Words of the question" params={params} />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => setCaseDialog({ editing: null })}>Add case</Button>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              Import
            </Button>
            <Button
              variant="secondary"
              disabled={exportCases.isPending || dataset.caseCount === 0}
              onClick={() => exportCases.mutate({ datasetId: id, format: 'csv' })}
            >
              Export CSV
            </Button>
            <Button
              variant="secondary"
              disabled={exportCases.isPending || dataset.caseCount === 0}
              onClick={() => exportCases.mutate({ datasetId: id, format: 'jsonl' })}
            >
              Export JSONL
            </Button>
          </div>
        </div>
      ) : null}

      {exportCases.isError ? <Alert className="mb-4">The export failed: {errorMessage(exportCases.error)}</Alert> : null}
      {detail.error && detail.data ? (
        <Alert className="mb-4" onRetry={() => void detail.refetch()}>
          The cases could not be loaded: {errorMessage(detail.error)}
        </Alert>
      ) : null}

      <DataList
        caption={`Cases of ${dataset?.name ?? 'the dataset'}, in the order they were added`}
        items={detail.data?.cases.items}
        pending={detail.isPending}
        busy={detail.isFetching || params.navigating}
        stale={detail.isPlaceholderData || params.navigating}
        pagination={
          detail.data
            ? {
                page: detail.data.cases.page,
                pageSize: detail.data.cases.pageSize,
                total: detail.data.cases.total,
                onPage: params.setPage,
                label: 'cases',
              }
            : null
        }
        rowKey={(c) => c.id}
        columns={columns}
        loadingText="Loading cases…"
        empty={
          filtered
            ? `No question contains “${params.committed.search}”.`
            : 'No case yet. Add one, import a CSV or JSONL file, or add an answer you rated thumbs-down in the chat.'
        }
        card={(c) => (
          <div className="space-y-2">
            <p className="font-medium break-words">{c.question}</p>
            <FromFeedback source={c.source} />
            {c.expectedAnswer ? (
              <p className="line-clamp-3 text-sm break-words text-slate-700 dark:text-slate-300">{c.expectedAnswer}</p>
            ) : null}
            <div>
              <p className={muted}>Key facts</p>
              <KeyFacts facts={c.keyFacts} />
            </div>
            <div>
              <p className={muted}>Gold documents</p>
              <GoldDocuments documents={c.documents} slug={slug} documentName={documentName} />
            </div>
            <CaseActions c={c} onEdit={() => setCaseDialog({ editing: c })} onDelete={() => setDeletingCase(c)} />
          </div>
        )}
      />

      {dataset ? (
        <>
          <DatasetFormDialog
            open={editingDataset}
            onOpenChange={setEditingDataset}
            dataset={dataset}
            onSaved={() => toast.success('Dataset saved.')}
          />
          <ConfirmDeleteDialog
            open={deletingDataset}
            title={`Delete ${dataset.name}?`}
            description="The dataset, its cases and every evaluation run made on it are deleted. This cannot be undone."
            confirmLabel="Delete dataset"
            pending={removeDataset.isPending}
            error={removeDataset.error}
            onConfirm={() => removeDataset.mutate({ id })}
            onClose={() => {
              removeDataset.reset();
              setDeletingDataset(false);
            }}
          >
            <p className="text-sm text-slate-700 dark:text-slate-300">{casesText(dataset.caseCount)} will be deleted with it.</p>
          </ConfirmDeleteDialog>
          <ImportDialog datasetId={id} open={importing} onClose={() => setImporting(false)} />
        </>
      ) : null}
      <CaseDialog
        slug={slug}
        datasetId={id}
        editing={caseDialog?.editing ?? null}
        open={caseDialog !== null}
        onClose={() => setCaseDialog(null)}
        canReadDocuments={canReadDocuments}
        documentName={documentName}
      />
      <ConfirmDeleteDialog
        open={deletingCase !== null}
        title="Delete this case?"
        description="The case leaves the dataset, which gets a new version. Earlier runs keep their results."
        confirmLabel="Delete case"
        pending={removeCase.isPending}
        error={removeCase.error}
        onConfirm={() => deletingCase && removeCase.mutate({ id: deletingCase.id })}
        onClose={() => {
          removeCase.reset();
          setDeletingCase(null);
        }}
      >
        {deletingCase ? <p className="text-sm break-words text-slate-700 dark:text-slate-300">“{deletingCase.question}”</p> : null}
      </ConfirmDeleteDialog>
    </div>
  );
}

function CaseActions({ c, onEdit, onDelete }: { c: EvalCase; onEdit: () => void; onDelete: () => void }) {
  const label = c.question.length > 60 ? `${c.question.slice(0, 60)}…` : c.question;
  return (
    <span className="inline-flex gap-1">
      <Button variant="ghost" className="min-h-8! px-2! py-1! text-xs!" aria-label={`Edit case: ${label}`} onClick={onEdit}>
        Edit
      </Button>
      <Button
        variant="ghost"
        className="min-h-8! px-2! py-1! text-xs! text-red-700! dark:text-red-400!"
        aria-label={`Delete case: ${label}`}
        onClick={onDelete}
      >
        Delete
      </Button>
    </span>
  );
}
