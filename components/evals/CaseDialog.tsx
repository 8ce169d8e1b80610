'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { fieldError, fieldErrors, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useFocusFirstInvalid } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { Textarea } from '@/components/ui/Textarea';
import { DocumentPicker } from './DocumentPicker';
import { pagesText, parsePages } from './pages';
import type { EvalCase } from './types';
import { shortId, type DocumentName } from './useDocumentNames';

type GoldDraft = { documentId: string; filename: string; pages: string; error: string | null };

const MAX_FACTS = 50;

/** The first server error about any key fact or gold document, for the sections' own lines. */
function firstError(error: unknown, prefix: string): string | null {
  const entry = Object.entries(fieldErrors(error)).find(([key]) => key === prefix || key.startsWith(`${prefix}.`));
  return entry?.[1][0] ?? null;
}

/** Where a case made from a thumbs-down came from: the wrong answer and the comment, for context. */
function FeedbackSource({ source, slug }: { source: NonNullable<EvalCase['source']>; slug: string }) {
  return (
    <section
      aria-labelledby="eval-case-source"
      className="rounded-md border border-amber-200 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40"
    >
      <h3 id="eval-case-source" className="flex items-center gap-2 text-sm font-semibold">
        <Badge tone="warning">From feedback</Badge> The answer that was rated thumbs-down
      </h3>
      <p className="mt-2 max-h-40 overflow-y-auto text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300">{source.answer}</p>
      {source.comment ? (
        <p className="mt-2 text-sm">
          <span className="font-medium">Comment: </span>
          {source.comment}
        </p>
      ) : (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">No comment was given with the rating.</p>
      )}
      <Link
        href={`/t/${slug}/chat?session=${source.sessionId}`}
        className="mt-2 inline-block text-xs text-indigo-700 hover:underline dark:text-indigo-300"
      >
        Open the chat
      </Link>
    </section>
  );
}

/**
 * Adds a case to a dataset or edits one: the question, an optional reference answer, key facts
 * (one line each) and gold documents with optional pages. Saving makes a new dataset version.
 */
export function CaseDialog({
  slug,
  datasetId,
  editing,
  open,
  onClose,
  canReadDocuments,
  documentName,
}: {
  slug: string;
  datasetId: string;
  /** The case to edit; null adds one. */
  editing: EvalCase | null;
  open: boolean;
  onClose: () => void;
  canReadDocuments: boolean;
  documentName: (id: string) => DocumentName;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const factInput = useRef<HTMLInputElement>(null);
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const [facts, setFacts] = useState<string[]>([]);
  const [fact, setFact] = useState('');
  const [factError, setFactError] = useState<string | null>(null);
  const [golds, setGolds] = useState<GoldDraft[]>([]);
  const [shownFor, setShownFor] = useState<{ open: boolean; id: string | undefined }>({ open: false, id: undefined });
  if (shownFor.open !== open || shownFor.id !== editing?.id) {
    setShownFor({ open, id: editing?.id });
    if (open) {
      setQuestion(editing?.question ?? '');
      setAnswer(editing?.expectedAnswer ?? '');
      setFacts(editing?.keyFacts ?? []);
      setFact('');
      setFactError(null);
      setGolds(
        (editing?.documents ?? []).map((d) => ({
          documentId: d.documentId,
          filename: documentName(d.documentId)?.name ?? shortId(d.documentId),
          pages: pagesText(d.pages),
          error: null,
        })),
      );
    }
  }

  const onSuccess = async ({ version }: { version: number }) => {
    await qc.invalidateQueries({ queryKey: trpc.evalDatasets.pathKey() });
    toast.success(`${editing ? 'Case saved' : 'Case added'}. The dataset is now v${version}.`);
    close();
  };
  const create = useMutation(trpc.evalDatasets.createCase.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.evalDatasets.updateCase.mutationOptions({ onSuccess }));
  const save = editing ? update : create;
  const err = save.error;
  useFocusFirstInvalid(form, err);

  function close() {
    create.reset();
    update.reset();
    onClose();
  }

  function addFact() {
    const text = fact.trim();
    if (!text) {
      setFactError('Type the fact first.');
      return;
    }
    if (facts.includes(text)) {
      setFactError('This fact is already listed.');
      return;
    }
    if (facts.length >= MAX_FACTS) {
      setFactError(`At most ${MAX_FACTS} key facts per case.`);
      return;
    }
    setFacts([...facts, text]);
    setFact('');
    setFactError(null);
    factInput.current?.focus();
  }

  function onFactKey(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the fact rather than submitting the whole case.
    if (event.key === 'Enter') {
      event.preventDefault();
      addFact();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = golds.map((g) => {
      const parsed = parsePages(g.pages);
      return { ...g, error: 'error' in parsed ? parsed.error : null, parsed };
    });
    setGolds(checked.map(({ parsed: _parsed, ...g }) => g));
    const bad = checked.findIndex((g) => g.error);
    if (bad >= 0) {
      requestAnimationFrame(() => document.getElementById(`eval-case-pages-${bad}`)?.focus());
      return;
    }
    // A fact typed but not added yet counts: people expect what they see to be saved.
    const pending = fact.trim();
    const keyFacts = pending && !facts.includes(pending) ? [...facts, pending] : facts;
    const fields = {
      question,
      expectedAnswer: answer.trim() || null,
      keyFacts,
      documents: checked.map((g) => ({ documentId: g.documentId, pages: 'pages' in g.parsed ? g.parsed.pages : null })),
    };
    if (editing) update.mutate({ id: editing.id, ...fields });
    else create.mutate({ datasetId, ...fields });
  }

  const questionError = fieldError(err, 'question');
  const answerError = fieldError(err, 'expectedAnswer');
  const factsError = firstError(err, 'keyFacts');
  const documentsError = firstError(err, 'documents');
  const formError = formErrorText(err, ['question', 'expectedAnswer', 'keyFacts', 'documents']);
  const chosen = new Set(golds.map((g) => g.documentId));

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      title={editing ? 'Edit case' : 'Add a case'}
      description="Saving makes a new version of the dataset; runs record the version they scored."
      wide
    >
      <form ref={form} onSubmit={onSubmit} className="space-y-5" noValidate>
        {editing?.source ? <FeedbackSource source={editing.source} slug={slug} /> : null}

        <Field id="eval-case-question" label="Question" error={questionError}>
          <Textarea
            id="eval-case-question"
            rows={3}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            maxLength={2000}
            required
            aria-invalid={questionError ? true : undefined}
            aria-describedby={describedBy('eval-case-question', { error: questionError })}
          />
        </Field>

        <Field
          id="eval-case-answer"
          label="Reference answer (optional)"
          hint="What a right answer says. Leave it empty to score only key facts and documents."
          error={answerError}
        >
          <Textarea
            id="eval-case-answer"
            rows={4}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            maxLength={10_000}
            aria-invalid={answerError ? true : undefined}
            aria-describedby={describedBy('eval-case-answer', { hint: true, error: answerError })}
          />
        </Field>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Key facts</legend>
          <p className="text-xs text-slate-500 dark:text-slate-400">Words or numbers a right answer must contain, one line each.</p>
          {facts.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label="Key facts">
              {facts.map((f) => (
                <li
                  key={f}
                  className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
                >
                  <span className="min-w-0 break-words">{f}</span>
                  <button
                    type="button"
                    aria-label={`Remove key fact ${f}`}
                    onClick={() => setFacts(facts.filter((x) => x !== f))}
                    className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full hover:bg-indigo-100 dark:hover:bg-indigo-900"
                  >
                    <span aria-hidden>×</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="flex items-end gap-2">
            <div className="min-w-0 flex-1">
              <Field id="eval-case-fact" label="New key fact" error={factError ?? factsError}>
                <Input
                  ref={factInput}
                  id="eval-case-fact"
                  value={fact}
                  onChange={(e) => {
                    setFact(e.target.value);
                    setFactError(null);
                  }}
                  onKeyDown={onFactKey}
                  maxLength={500}
                  autoComplete="off"
                  placeholder="e.g. 25 days"
                  aria-invalid={factError || factsError ? true : undefined}
                  aria-describedby={describedBy('eval-case-fact', { error: factError ?? factsError })}
                />
              </Field>
            </div>
            <Button variant="secondary" onClick={addFact} className={factError || factsError ? 'mb-5' : undefined}>
              Add fact
            </Button>
          </div>
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Gold documents</legend>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            The documents that hold the answer, and optionally the pages. Retrieval is scored on finding them.
          </p>
          {golds.length > 0 ? (
            <ul className="space-y-2" aria-label="Gold documents">
              {golds.map((g, i) => (
                <li key={g.documentId} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                  <div className="flex items-start justify-between gap-2">
                    <span className="min-w-0 text-sm font-medium break-all">{g.filename}</span>
                    <Button
                      variant="ghost"
                      className="min-h-8! shrink-0 px-2! py-1! text-xs!"
                      aria-label={`Remove ${g.filename}`}
                      onClick={() => setGolds(golds.filter((x) => x.documentId !== g.documentId))}
                    >
                      Remove
                    </Button>
                  </div>
                  <div className="mt-2 max-w-xs">
                    <Field
                      id={`eval-case-pages-${i}`}
                      label={`Pages of ${g.filename} (optional)`}
                      hint="For example 3, 5-7. Empty: any page."
                      error={g.error}
                    >
                      <Input
                        id={`eval-case-pages-${i}`}
                        value={g.pages}
                        inputMode="numeric"
                        autoComplete="off"
                        onChange={(e) =>
                          setGolds(golds.map((x) => (x.documentId === g.documentId ? { ...x, pages: e.target.value, error: null } : x)))
                        }
                        onBlur={() => {
                          const parsed = parsePages(g.pages);
                          if ('error' in parsed)
                            setGolds(golds.map((x) => (x.documentId === g.documentId ? { ...x, error: parsed.error } : x)));
                        }}
                        aria-invalid={g.error ? true : undefined}
                        aria-describedby={describedBy(`eval-case-pages-${i}`, { hint: true, error: g.error })}
                      />
                    </Field>
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
          {documentsError ? (
            <p className="text-xs text-red-600 dark:text-red-400" role="alert">
              {documentsError}
            </p>
          ) : null}
          {canReadDocuments ? (
            <DocumentPicker
              id="eval-case-doc-search"
              chosen={chosen}
              onPick={(doc) => setGolds([...golds, { documentId: doc.id, filename: doc.filename, pages: '', error: null }])}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Choosing documents needs the “documents:read” permission.</p>
          )}
        </fieldset>

        {formError && !questionError && !answerError && !factsError && !documentsError ? <Alert>{formError}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save case' : 'Add case'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
