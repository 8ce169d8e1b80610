'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { CopyField } from '@/components/ui/CopyField';
import { errorMessage } from '@/components/ui/errors';
import { certificateFileText } from '@/lib/gdpr-certificate-file';
import { formatDateTime, formatNumber } from '@/lib/format';
import { STORE_LABELS } from './store-labels';

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const label = (store: string) => STORE_LABELS[store] ?? store;

/**
 * The certificate of erasure of one request (for the request's page): what was erased, what
 * remains (nothing), the audit chain's head after it, whether the signature holds, a download
 * of the signed file and the public page where anyone can check it.
 */
export function CertificatePanel({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.gdprCertificates.get.queryOptions({ requestId }));

  if (query.isPending) {
    return (
      <Card aria-busy="true">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Loading the certificate…
        </p>
      </Card>
    );
  }
  if (query.error) return <Alert onRetry={() => void query.refetch()}>{errorMessage(query.error)}</Alert>;
  if (!query.data) {
    return (
      <Card>
        <h2 className="text-base font-semibold">Certificate of erasure</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Issued when the erasure has completed.</p>
      </Card>
    );
  }

  const { certificate, signature, verification } = query.data;
  const removed = Object.entries(certificate.removed).filter(([, n]) => n > 0);
  const remaining = Object.values(certificate.remaining).reduce((sum, n) => sum + n, 0);
  return (
    <Card aria-labelledby="certificate-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="certificate-title" className="text-base font-semibold">
          Certificate of erasure
        </h2>
        <Badge tone={verification.valid ? 'success' : 'danger'}>{verification.valid ? 'Signature valid' : 'Signature invalid'}</Badge>
      </div>
      {verification.valid ? null : <Alert className="mt-3">{verification.reason}</Alert>}
      <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Subject (pseudonym)</dt>
          <dd className="font-mono text-xs break-all">{certificate.subjectPseudonym}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Shared documents</dt>
          <dd>
            {certificate.scopes.sharedDocuments === 'keep'
              ? `Kept for the workspace (${formatNumber(certificate.sharedDocumentsKept)})`
              : 'Deleted with everything derived from them'}
          </dd>
        </div>
        {certificate.keptDocumentMentions > 0 ? (
          <div className="sm:col-span-2">
            <dt className="text-slate-500 dark:text-slate-400">Kept by choice</dt>
            <dd>
              {formatNumber(certificate.keptDocumentMentions)} passages of the kept shared documents still mention the person’s e-mail
              address.
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Started</dt>
          <dd>{formatDateTime(certificate.startedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Completed</dt>
          <dd>{formatDateTime(certificate.completedAt)}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-500 dark:text-slate-400">Remaining after erasure</dt>
          <dd>
            {remaining === 0
              ? `Nothing, in any of the ${formatNumber(certificate.scopes.stores.length)} stores checked`
              : `${formatNumber(remaining)} items`}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-500 dark:text-slate-400">Removed</dt>
          <dd>
            {removed.length === 0 ? (
              'Nothing was found to remove.'
            ) : (
              <ul className="mt-1 grid gap-x-6 gap-y-1 sm:grid-cols-2">
                {removed.map(([store, n]) => (
                  <li key={store} className="flex justify-between gap-3">
                    <span>{label(store)}</span>
                    <span className="tabular-nums">{formatNumber(n)}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <div className="mt-4 space-y-3">
        <CopyField label="Audit chain head after the erasure" value={certificate.auditChain.head} />
        <p className="text-xs text-slate-500 dark:text-slate-400">Signed with {certificate.signingKey} (Ed25519).</p>
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button onClick={() => download(`erasure-certificate-${certificate.requestId}.json`, certificateFileText(certificate, signature))}>
          Download certificate
        </Button>
        <Link
          href="/verify-certificate"
          className="inline-flex min-h-10 items-center rounded-md px-4 py-2 text-sm font-medium text-indigo-700 hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800"
        >
          Verify a certificate
        </Link>
      </div>
    </Card>
  );
}
