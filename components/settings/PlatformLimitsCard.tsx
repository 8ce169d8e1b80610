'use client';

import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Card } from '@/components/ui/Card';
import { formErrorText } from '@/components/ui/errors';
import { FILE_TYPE_LABELS } from '@/lib/file-type-labels';
import { formatNumber } from '@/lib/format';
import { bytesText } from '@/lib/quota-units';

/**
 * What the platform's operator decides for this workspace, shown to its admins as facts they can
 * read but not change here: which files are accepted, how large, and how long data is kept.
 */
export function PlatformLimitsCard() {
  const trpc = useTRPC();
  const id = useId();
  const limits = useQuery({ ...trpc.settings.platformLimits.queryOptions(), refetchOnWindowFocus: false });
  const data = limits.data;
  return (
    <Card>
      <section aria-labelledby={`${id}-title`} className="space-y-4">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Set by the platform
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Your platform administrator decides these for the workspace. Ask them if you need a change.
          </p>
        </div>
        {limits.isError ? (
          <Alert onRetry={() => void limits.refetch()}>Could not load the platform’s limits: {formErrorText(limits.error, [])}</Alert>
        ) : !data ? (
          <p className="text-sm text-slate-500 dark:text-slate-400" aria-busy="true">
            Loading…
          </p>
        ) : (
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="font-medium text-slate-700 dark:text-slate-200">Allowed file types</dt>
              <dd className="mt-1">
                <ul aria-label="Allowed file types" className="flex flex-wrap gap-1">
                  {data.allowedFileTypes.map((type) => (
                    <li key={type} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
                      {FILE_TYPE_LABELS[type]}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-700 dark:text-slate-200">Maximum file size</dt>
              <dd className="mt-1">
                {bytesText(data.maxFileSizeBytes)}
                {data.maxFileSizeIsDefault ? <span className="text-slate-500 dark:text-slate-400"> (the platform default)</span> : null}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-700 dark:text-slate-200">Platform retention</dt>
              <dd className="mt-1">
                {data.retentionDays === null
                  ? 'No limit: kept until deleted'
                  : `${formatNumber(data.retentionDays)} ${data.retentionDays === 1 ? 'day' : 'days'}`}
              </dd>
            </div>
          </dl>
        )}
      </section>
    </Card>
  );
}
