'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { EVAL_FEEDBACK_LIST, evalFeedbackListInput } from '@/lib/eval-list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { PageHeader } from '@/components/ui/PageHeader';
import { dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { AddToDatasetDialog } from './AddToDatasetDialog';
import { evaluationsPath } from './tabs';
import type { FeedbackRow } from './types';

const muted = 'text-xs text-slate-500 dark:text-slate-400';

function InDatasets({ row, slug }: { row: FeedbackRow; slug: string }) {
  if (row.datasets.length === 0) return <span className={muted}>Not in a dataset yet</span>;
  return (
    <ul className="space-y-0.5 text-sm" aria-label="In datasets">
      {row.datasets.map((d) => (
        <li key={d.id}>
          <Link href={`${evaluationsPath(slug, 'datasets')}/${d.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
            {d.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The answers the signed-in person rated thumbs-down, newest first, each ready to become a case. */
export function FeedbackList({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const params = useListParams(EVAL_FEEDBACK_LIST);
  const [adding, setAdding] = useState<FeedbackRow | null>(null);
  const list = useQuery({
    ...trpc.evalDatasets.listFeedback.queryOptions(evalFeedbackListInput(params.committed)),
    placeholderData: keepPreviousData,
  });
  const chatHref = (r: FeedbackRow) => `/t/${slug}/chat?session=${r.sessionId}`;
  const question = (r: FeedbackRow) => r.question ?? 'No question before this answer';
  const addButton = (r: FeedbackRow) => (
    <Button
      variant="secondary"
      className="min-h-8! px-3! py-1! text-xs!"
      aria-label={`Add to dataset: ${question(r).slice(0, 60)}`}
      onClick={() => setAdding(r)}
    >
      Add to dataset
    </Button>
  );

  const columns: Array<DataColumn<FeedbackRow, never>> = [
    {
      id: 'question',
      header: 'Question',
      className: 'min-w-48 max-w-72',
      cell: (r) => (
        <>
          <span className="line-clamp-3 font-medium break-words">{question(r)}</span>
          <Link href={chatHref(r)} className="mt-1 inline-block text-xs text-indigo-700 hover:underline dark:text-indigo-300">
            Open the chat
          </Link>
        </>
      ),
    },
    {
      id: 'answer',
      header: 'Answer',
      className: 'min-w-56 max-w-96',
      cell: (r) => <span className="line-clamp-3 break-words text-slate-700 dark:text-slate-300">{r.answerExcerpt}</span>,
    },
    {
      id: 'comment',
      header: 'Your comment',
      className: 'min-w-40 max-w-64',
      cell: (r) => (r.comment ? <span className="line-clamp-3 break-words">{r.comment}</span> : <span className={muted}>None</span>),
    },
    { id: 'rated', header: 'Rated', className: 'whitespace-nowrap', cell: (r) => <When at={r.ratedAt} /> },
    { id: 'datasets', header: 'In datasets', className: 'min-w-32', cell: (r) => <InDatasets row={r} slug={slug} /> },
    { id: 'actions', header: <span className="sr-only">Actions</span>, className: 'text-right', cell: addButton },
  ];

  return (
    <div>
      <PageHeader
        title="Your thumbs-down answers"
        description="Answers you rated as unhelpful in the chat. Add one to a dataset to test that the assistant answers it better after a change."
      />
      {list.error ? (
        <Alert className="mb-4" onRetry={() => void list.refetch()}>
          Your rated answers could not be loaded: {errorMessage(list.error)}
        </Alert>
      ) : null}
      <DataList
        caption="Answers you rated thumbs-down, newest first"
        {...dataListState(list, params, 'answers')}
        rowKey={(r) => r.messageId}
        columns={columns}
        loadingText="Loading your rated answers…"
        empty="No thumbs-down yet. When an answer in the chat is wrong, rate it thumbs-down and it appears here."
        card={(r) => (
          <div className="space-y-2">
            <p className="font-medium break-words">{question(r)}</p>
            <p className="line-clamp-3 text-sm break-words text-slate-700 dark:text-slate-300">{r.answerExcerpt}</p>
            {r.comment ? <p className="text-sm break-words">Your comment: {r.comment}</p> : null}
            <p className={muted}>
              Rated <When at={r.ratedAt} /> ·{' '}
              <Link href={chatHref(r)} className="text-indigo-700 hover:underline dark:text-indigo-300">
                Open the chat
              </Link>
            </p>
            <div>
              <p className={muted}>In datasets</p>
              <InDatasets row={r} slug={slug} />
            </div>
            <div>{addButton(r)}</div>
          </div>
        )}
      />
      <AddToDatasetDialog
        slug={slug}
        messageId={adding?.messageId ?? null}
        alreadyIn={adding?.datasets}
        open={adding !== null}
        onClose={() => setAdding(null)}
      />
    </div>
  );
}
