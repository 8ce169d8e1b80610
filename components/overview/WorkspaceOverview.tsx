'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Card } from '@/components/ui/Card';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { When } from '@/components/ui/When';
import { formatDateTimeIn, formatNumber } from '@/lib/format';
import {
  ACTOR_LABELS,
  plural,
  QUOTA_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
  usedOf,
  type AttentionItem,
  type OverviewData,
  type QuotaFigure,
} from './labels';

const muted = 'text-sm text-slate-600 dark:text-slate-400';
const link =
  'font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-100';

export type OverviewLinks = { slug: string; canOpenQueue: boolean; canOpenUsage: boolean; canOpenAudit: boolean };

/** The admin's landing page: quotas, documents, what needs attention and recent activity. */
export function WorkspaceOverview(links: OverviewLinks) {
  const trpc = useTRPC();
  // Usage moves all day; a minute is fresh enough for a page people leave open.
  const overview = useQuery({ ...trpc.overview.get.queryOptions(), refetchInterval: 60_000 });
  if (!overview.data) {
    return overview.error ? (
      <Alert onRetry={() => void overview.refetch()}>{errorMessage(overview.error)}</Alert>
    ) : (
      <p className={muted} role="status">
        Loading the overview…
      </p>
    );
  }
  const data = overview.data;
  return (
    <div className="space-y-6">
      <NeedsAttention data={data} links={links} />
      <section aria-labelledby="quotas-heading">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="quotas-heading" className="text-lg font-semibold">
            Usage against quotas
          </h2>
          <p className={muted}>
            Days start at midnight {data.timeZone}.{' '}
            {links.canOpenUsage ? (
              <Link href={`/t/${links.slug}/usage`} className={link}>
                See usage
              </Link>
            ) : null}
          </p>
        </div>
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {data.quotas.map((q) => (
            <li key={q.key}>
              <QuotaCard quota={q} data={data} />
            </li>
          ))}
        </ul>
      </section>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <DocumentsCard data={data} slug={links.slug} />
        {data.recentActivity ? <RecentActivity entries={data.recentActivity} slug={links.slug} canOpenAudit={links.canOpenAudit} /> : null}
      </div>
    </div>
  );
}

function QuotaCard({ quota: q, data }: { quota: QuotaFigure; data: OverviewData }) {
  const { title, whose } = QUOTA_LABELS[q.key];
  const over = q.percent !== null && q.percent >= 100;
  return (
    <Card className={cn('flex h-full flex-col gap-2 p-4', q.nearLimit && 'border-amber-400 dark:border-amber-500')}>
      <h3 className="text-sm font-medium text-slate-700 dark:text-slate-300">{title}</h3>
      <p className="text-xl font-semibold tabular-nums">
        {whose && q.used !== null ? <span className="sr-only">{whose}: </span> : null}
        {usedOf(q)}
      </p>
      {q.percent !== null ? (
        <>
          <ProgressBar
            label={title}
            value={q.percent}
            valueText={`${formatNumber(q.percent)}% of the limit: ${usedOf(q)}`}
            tone={over ? 'red' : q.nearLimit ? 'amber' : 'indigo'}
          />
          <p className={cn('text-sm tabular-nums', q.nearLimit ? 'font-medium text-amber-800 dark:text-amber-300' : muted)}>
            {formatNumber(q.percent)}% used{whose ? ` by the ${whose.toLowerCase()}` : ''}
            {over ? ': the limit is reached' : q.nearLimit ? `: at or above the ${data.softThresholdPercent}% warning level` : ''}
          </p>
        </>
      ) : (
        <p className={muted}>
          {q.limit === null ? 'No limit' : 'Counted per minute for the whole workspace; API keys may use half of it.'}
        </p>
      )}
      <p className={cn(muted, 'mt-auto')}>
        <Resets quota={q} timeZone={data.timeZone} />
      </p>
      {q.key === 'costPerMonthUsd' && data.unpricedEventsThisMonth > 0 ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          Not included: {plural(data.unpricedEventsThisMonth, 'use', 'uses')} of models without a price.
        </p>
      ) : null}
    </Card>
  );
}

function Resets({ quota: q, timeZone }: { quota: QuotaFigure; timeZone: string }) {
  if (q.key === 'storageBytes') return 'Never resets: deleting documents frees space.';
  if (q.key === 'requestsPerMinute') return 'Resets every minute.';
  if (!q.resetsAt) return null;
  return (
    <>
      Resets <time dateTime={q.resetsAt.toISOString()}>{formatDateTimeIn(q.resetsAt, timeZone)}</time>
    </>
  );
}

function NeedsAttention({ data, links }: { data: OverviewData; links: OverviewLinks }) {
  return (
    <section aria-labelledby="attention-heading">
      <Card className={cn('p-4', data.attention.length > 0 && 'border-amber-400 dark:border-amber-500')}>
        <h2 id="attention-heading" className="text-lg font-semibold">
          Needs attention
        </h2>
        {data.attention.length === 0 ? (
          <p className={cn(muted, 'mt-1')}>
            Nothing needs your attention: every quota is below its warning level and no document is failed or stuck.
          </p>
        ) : (
          <ul className="mt-2 space-y-2">
            {data.attention.map((item) => (
              <li key={item.kind === 'quota' ? `quota-${item.quota}` : item.kind} className="flex gap-2 text-sm">
                <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-amber-500" />
                <span>
                  <AttentionText item={item} data={data} links={links} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}

function AttentionText({ item, data, links }: { item: AttentionItem; data: OverviewData; links: OverviewLinks }): ReactNode {
  switch (item.kind) {
    case 'quota': {
      const q = data.quotas.find((f) => f.key === item.quota)!;
      return (
        <>
          <strong className="font-medium">{QUOTA_LABELS[item.quota].title}</strong> is at {formatNumber(item.percent)}% of its limit (
          {usedOf(q)}
          ). <Resets quota={q} timeZone={data.timeZone} />
        </>
      );
    }
    case 'failedDocuments':
      return (
        <>
          {plural(item.count, 'document', 'documents')} failed to process.{' '}
          <Link href={`/t/${links.slug}/documents?status=failed`} className={link}>
            Show failed documents
          </Link>
        </>
      );
    case 'stuckDocuments':
      return (
        <>
          {plural(item.count, 'document has', 'documents have')} been waiting or processing for over 30 minutes (the oldest since{' '}
          <When at={item.since} />
          ).{' '}
          {links.canOpenQueue ? (
            <Link href={`/t/${links.slug}/documents/jobs`} className={link}>
              Open the processing queue
            </Link>
          ) : null}
        </>
      );
    case 'gdprOverdue':
      return (
        <>
          <strong className="font-medium">
            {plural(item.count, 'data protection request is', 'data protection requests are')} overdue
          </strong>
          : the legal month has passed.{' '}
          <Link href={`/t/${links.slug}/gdpr?due=overdue`} className={link}>
            Show overdue requests
          </Link>
        </>
      );
    case 'gdprDueSoon':
      return (
        <>
          {plural(item.count, 'data protection request is', 'data protection requests are')} due within 7 days.{' '}
          <Link href={`/t/${links.slug}/gdpr?due=due_soon`} className={link}>
            Show requests due soon
          </Link>
        </>
      );
  }
}

function DocumentsCard({ data, slug }: { data: OverviewData; slug: string }) {
  const d = data.documents;
  const figures: Array<{ label: string; value: number; href?: string; tone?: string }> = [
    { label: 'Processing', value: d.processing },
    {
      label: 'Failed',
      value: d.failed,
      href: d.failed > 0 ? `/t/${slug}/documents?status=failed` : undefined,
      tone: d.failed > 0 ? 'text-red-700 dark:text-red-400' : undefined,
    },
    { label: 'Completed', value: d.completed },
    { label: 'Total', value: d.total },
  ];
  return (
    <section aria-labelledby="documents-heading">
      <Card className="h-full p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="documents-heading" className="text-lg font-semibold">
            Documents
          </h2>
          <Link href={`/t/${slug}/documents`} className={cn(link, 'text-sm')}>
            All documents
          </Link>
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {figures.map((f) => (
            <div key={f.label} className="rounded-md bg-slate-50 px-3 py-2 dark:bg-slate-800/60">
              <dt className={muted}>{f.label}</dt>
              <dd className={cn('text-2xl font-semibold tabular-nums', f.tone)}>
                {f.href ? (
                  <Link
                    href={f.href}
                    className="underline underline-offset-2"
                    aria-label={`${plural(f.value, 'failed document', 'failed documents')}: show them`}
                  >
                    {formatNumber(f.value)}
                  </Link>
                ) : (
                  formatNumber(f.value)
                )}
              </dd>
            </div>
          ))}
        </dl>
        {d.stuck > 0 ? (
          <p className="mt-3 text-sm text-amber-800 dark:text-amber-300">
            {plural(d.stuck, 'document is', 'documents are')} stuck for over 30 minutes.
          </p>
        ) : null}
      </Card>
    </section>
  );
}

function RecentActivity({
  entries,
  slug,
  canOpenAudit,
}: {
  entries: NonNullable<OverviewData['recentActivity']>;
  slug: string;
  canOpenAudit: boolean;
}) {
  return (
    <section aria-labelledby="activity-heading">
      <Card className="h-full p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="activity-heading" className="text-lg font-semibold">
            Recent activity
          </h2>
          {canOpenAudit ? (
            <Link href={`/t/${slug}/audit`} className={cn(link, 'text-sm')}>
              Audit log
            </Link>
          ) : null}
        </div>
        {entries.length === 0 ? (
          <p className={cn(muted, 'mt-2')}>Nothing has happened in this workspace yet.</p>
        ) : (
          <ol className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
            {entries.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm">
                <span className="min-w-0">
                  <span className="font-mono text-xs break-all">{e.action}</span>
                  <span className={cn(muted, 'block')}>
                    {e.actorLabel ?? ACTOR_LABELS[e.actorType]}
                    {e.status !== 'success' ? (
                      <>
                        {' '}
                        <Badge tone={STATUS_TONES[e.status]}>{STATUS_LABELS[e.status]}</Badge>
                      </>
                    ) : null}
                  </span>
                </span>
                <When at={e.createdAt} className={muted} />
              </li>
            ))}
          </ol>
        )}
      </Card>
    </section>
  );
}
