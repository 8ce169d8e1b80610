'use client';

import { skipToken, useQuery } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Textarea } from '@/components/ui/Textarea';
import { parseCertificateFile } from '@/lib/gdpr-certificate-file';
import { formatDateTime } from '@/lib/format';

type Submitted = { certificate: Record<string, unknown>; signature: string };

/** Checks a certificate of erasure someone received: pasted or uploaded, with its signature. */
export function VerifyCertificateForm() {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [signature, setSignature] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const result = useQuery(trpc.gdprCertificates.verify.queryOptions(submitted ?? skipToken));

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    if (file.size > 64 * 1024) {
      setError('That file is too large to be a certificate of erasure (64 KB at most).');
      return;
    }
    setText(await file.text());
    setError(null);
    setSubmitted(null);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseCertificateFile(text);
    if (!parsed.ok) {
      setError(parsed.error);
      setSubmitted(null);
      return;
    }
    const sig = signature.trim() || parsed.signature;
    if (!sig) {
      setError('This certificate came without its signature: paste the signature in the field below.');
      setSubmitted(null);
      return;
    }
    setError(null);
    setSubmitted({ certificate: parsed.certificate, signature: sig });
  }

  const verdict = submitted ? result.data : undefined;
  const completedAt = typeof submitted?.certificate.completedAt === 'string' ? submitted.certificate.completedAt : null;
  return (
    <div className="space-y-4">
      <Card>
        <h1 className="text-xl font-semibold">Verify a certificate of erasure</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Paste the certificate file you received, or choose it. The check runs against this console’s published signing keys; nothing you
          paste is stored.
        </p>
        <form onSubmit={onSubmit} noValidate className="mt-5 space-y-4">
          <Field id="certificate-file" label="Certificate file">
            <input
              id="certificate-file"
              type="file"
              accept="application/json,.json"
              onChange={(e) => void onFile(e)}
              className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
            />
          </Field>
          <Field id="certificate-json" label="Certificate (JSON)" hint="The whole file, from { to }." error={error}>
            <Textarea
              id="certificate-json"
              rows={10}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setSubmitted(null);
              }}
              spellCheck={false}
              className="font-mono text-xs"
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy('certificate-json', { hint: true, error })}
            />
          </Field>
          <Field id="certificate-signature" label="Signature (if not in the file)" hint="Base64, as issued with the certificate.">
            <Input
              id="certificate-signature"
              value={signature}
              onChange={(e) => {
                setSignature(e.target.value);
                setSubmitted(null);
              }}
              spellCheck={false}
              className="font-mono text-xs"
              aria-describedby="certificate-signature-hint"
            />
          </Field>
          <Button type="submit" disabled={Boolean(submitted) && result.isFetching}>
            Verify
          </Button>
        </form>
      </Card>
      {submitted && result.error ? <Alert onRetry={() => void result.refetch()}>{errorMessage(result.error)}</Alert> : null}
      {verdict ? (
        <Card role="status" aria-live="polite" data-testid="certificate-verdict">
          <h2
            className={
              verdict.valid
                ? 'text-lg font-semibold text-emerald-700 dark:text-emerald-400'
                : 'text-lg font-semibold text-red-700 dark:text-red-400'
            }
          >
            {verdict.valid ? 'Valid certificate' : 'Not valid'}
          </h2>
          <p className="mt-1 text-sm">{verdict.reason}</p>
          {verdict.valid && completedAt ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Erasure completed {formatDateTime(completedAt)}.</p>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
