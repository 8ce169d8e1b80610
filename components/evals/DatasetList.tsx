'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatNumber } from '@/lib/format';
import { EVAL_DATASET_LIST, evalDatasetListInput } from '@/lib/eval-list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { DatasetFormDialog } from './DatasetFormDialog';
import { evaluationsPath } from './tabs';
import type { DatasetRow } from './types';

const muted = 'text-xs text-slate-500 dark:text-slate-400';

type Sort = 'name' | 'updated' | 'cases';
const SORT_LABELS: Record<Sort, string> = { name: 'Name', updated: 'Updated', cases: 'Cases' };

export const casesText = (n: number) => `${formatNumber(n)} ${n === 1 ? 'case' : 'cases'}`;

/** What a dataset is, for a workspace that has none yet, with the two ways to start one. */
function NoDatasets({ onCreate, onImport }: { onCreate: () => void; onImport: () => void }) {
  return (
    <Card className="mx-auto max-w-2xl text-center">
      <h2 className="text-lg font-semibold">No evaluation dataset yet</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        A dataset is a set of questions your assistant should answer well. Each question can have a reference answer, the key facts a right
        answer must contain, and the documents (and pages) that hold the answer. Runs score the assistant’s answers against them, so you can
        see whether a change to documents or settings made answers better or worse.
      </p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Write the questions here, import them from a CSV or JSONL file, or add answers you rated thumbs-down in the chat.
      </p>
      <div className="mt-4 flex flex-col justify-center gap-2 sm:flex-row">
        <Button onClick={onCreate}>Create a dataset</Button>
        <Button variant="secondary" onClick={onImport}>
          Import from a file
        </Button>
      </div>
    </Card>
  );
}

/** The workspace's evaluation datasets, by name, searched and paged on the server. */
export function DatasetList({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useListParams(EVAL_DATASET_LIST);
  // "import": the new dataset opens with its import dialog.
  const [creating, setCreating] = useState<'blank' | 'import' | null>(null);
  const list = useQuery({
    ...trpc.evalDatasets.list.queryOptions(evalDatasetListInput(params.committed)),
    placeholderData: keepPreviousData,
  });
  const href = (d: { id: string }) => `${evaluationsPath(slug, 'datasets')}/${d.id}`;
  const none = !params.committed.search && list.data?.total === 0 && params.committed.page === 1;

  const columns: Array<DataColumn<DatasetRow, Sort>> = [
    {
      id: 'name',
      header: 'Name',
      sort: 'name',
      className: 'max-w-96',
      cell: (d) => (
        <>
          <Link href={href(d)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            {d.name}
          </Link>
          {d.description ? <span className={`mt-0.5 line-clamp-2 ${muted}`}>{d.description}</span> : null}
        </>
      ),
    },
    { id: 'cases', header: 'Cases', sort: 'cases', className: 'tabular-nums whitespace-nowrap', cell: (d) => formatNumber(d.caseCount) },
    { id: 'version', header: 'Version', cell: (d) => <Badge>v{d.version}</Badge> },
    {
      id: 'updated',
      header: 'Updated',
      sort: 'updated',
      className: 'whitespace-nowrap',
      cell: (d) => <When at={d.updatedAt} format="date" />,
    },
  ];

  return (
    <div>
      <PageHeader
        title="Evaluation datasets"
        description="Questions with reference answers, key facts and the documents that hold the answer. Every change to a dataset’s cases makes a new version."
        actions={none ? undefined : <Button onClick={() => setCreating('blank')}>New dataset</Button>}
      />

      {list.error ? (
        <Alert className="mb-4" onRetry={() => void list.refetch()}>
          The datasets could not be loaded: {errorMessage(list.error)}
        </Alert>
      ) : null}

      {none ? (
        <NoDatasets onCreate={() => setCreating('blank')} onImport={() => setCreating('import')} />
      ) : (
        <>
          <div className="mb-4 max-w-md">
            <ListSearch id="eval-dataset-search" label="Search datasets" placeholder="Name" params={params} />
          </div>
          <DataList
            caption="Evaluation datasets"
            {...dataListState(list, params, 'datasets')}
            sort={dataListSort(params, SORT_LABELS)}
            rowKey={(d) => d.id}
            columns={columns}
            loadingText="Loading datasets…"
            empty={params.committed.search ? `No dataset is named like “${params.committed.search}”.` : 'No dataset on this page.'}
            card={(d) => (
              <>
                <Link href={href(d)} className="block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {d.name}
                </Link>
                {d.description ? <p className={`mt-1 line-clamp-2 ${muted}`}>{d.description}</p> : null}
                <CardFacts
                  facts={[
                    ['Cases', formatNumber(d.caseCount)],
                    ['Version', `v${d.version}`],
                    ['Updated', <When key="u" at={d.updatedAt} format="date" />],
                  ]}
                />
              </>
            )}
          />
        </>
      )}

      <DatasetFormDialog
        open={creating !== null}
        onOpenChange={(open) => {
          if (!open) setCreating(null);
        }}
        onSaved={(saved) => router.push(`${href(saved)}${creating === 'import' ? '?import=1' : ''}`)}
      />
    </div>
  );
}
