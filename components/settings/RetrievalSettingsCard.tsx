'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { NumberField, parseNumber, savedInput, type LlmSettings, type NumberRule, type RetrievalSettings } from './form';
import { Alert } from '@/components/ui/Alert';
import { describedBy, Field } from '@/components/ui/Field';
import { Select } from '@/components/ui/Select';
import { useFocusFirstInvalid, useUnsavedChangesWarning } from '@/components/ui/hooks';

type Key = Exclude<keyof RetrievalSettings, 'rerank'>;
type Rerank = RetrievalSettings['rerank'];

const FIELDS: Array<{ key: Key; label: string; hint: string; rule: NumberRule; step: number }> = [
  {
    key: 'topK',
    label: 'Passages per answer (top K)',
    hint: '1 to 20. How many passages the model is given to answer from. More gives more context, and longer prompts.',
    rule: { min: 1, max: 20, integer: true },
    step: 1,
  },
  {
    key: 'candidates',
    label: 'Candidates per search',
    hint: '5 to 200. How many passages the vector search and the full-text search each find before they are merged.',
    rule: { min: 5, max: 200, integer: true },
    step: 1,
  },
  {
    key: 'vectorWeight',
    label: 'Vector weight',
    hint: '0 to 5. How much matches by meaning (embeddings) count in the merged ranking.',
    rule: { min: 0, max: 5 },
    step: 0.1,
  },
  {
    key: 'textWeight',
    label: 'Text weight',
    hint: '0 to 5. How much matches by keyword (full-text search) count in the merged ranking.',
    rule: { min: 0, max: 5 },
    step: 0.1,
  },
  {
    key: 'rrfK',
    label: 'RRF k',
    hint: '1 to 500. The reciprocal rank fusion constant: higher values narrow the gap between the first results and the next ones. 60 is usual.',
    rule: { min: 1, max: 500, integer: true },
    step: 1,
  },
];

/** The server's defaults (server/retrieval/search.ts DEFAULT_RETRIEVAL). */
const DEFAULTS: RetrievalSettings = { topK: 6, candidates: 40, vectorWeight: 1, textWeight: 1, rrfK: 60, rerank: 'off' };

const RERANK_OPTIONS: Array<{ value: Rerank; label: string }> = [
  { value: 'off', label: 'Off: the merged ranking as it is' },
  { value: 'mix', label: 'Score mix: keywords and meaning, recomputed over the top 20' },
  { value: 'model', label: 'Language model: it orders the top 20 (one extra call per question)' },
];

const SHOWN_FIELDS = [...FIELDS.map((f) => `retrieval.${f.key}`), 'retrieval.rerank'];

function toText(r: Omit<RetrievalSettings, 'rerank'>): Record<Key, string> {
  return {
    topK: String(r.topK),
    candidates: String(r.candidates),
    vectorWeight: String(r.vectorWeight),
    textWeight: String(r.textWeight),
    rrfK: String(r.rrfK),
  };
}

/** How passages are found for an answer: hybrid search (vectors and full text) merged by RRF. */
export function RetrievalSettingsCard({ saved }: { saved: LlmSettings }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<Key, string>>(() => toText(saved.retrieval));
  const [local, setLocal] = useState<Partial<Record<Key, string>>>({});
  const [rerank, setRerank] = useState<Rerank>(saved.retrieval.rerank);
  const save = useMutation(
    trpc.settings.updateLlm.mutationOptions({
      onSuccess: (result) => {
        qc.setQueryData(trpc.settings.getLlm.queryKey(), result);
        setValues(toText(result.retrieval));
        setRerank(result.retrieval.rerank);
        toast.success('Retrieval settings saved.');
      },
    }),
  );
  useFocusFirstInvalid(formRef, save.error);
  const savedText = toText(saved.retrieval);
  useUnsavedChangesWarning(rerank !== saved.retrieval.rerank || FIELDS.some((f) => values[f.key].trim() !== savedText[f.key]));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const errors: Partial<Record<Key, string>> = {};
    const parsed = {} as Record<Key, number>;
    for (const f of FIELDS) {
      const result = parseNumber(values[f.key], f.rule);
      if ('error' in result) errors[f.key] = result.error;
      else parsed[f.key] = result.value;
    }
    if (!errors.candidates && !errors.topK && parsed.candidates < parsed.topK) {
      errors.candidates = `Use at least as many candidates as passages per answer (${parsed.topK}).`;
    }
    if (!errors.vectorWeight && !errors.textWeight && parsed.vectorWeight === 0 && parsed.textWeight === 0) {
      errors.textWeight = 'At least one of the two weights must be above 0.';
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) {
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    // The model settings go along as they are saved, the key untouched.
    save.mutate({ ...savedInput(saved), retrieval: { ...parsed, rerank } });
  };

  return (
    <Card>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="space-y-5">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Retrieval
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            How passages are found for an answer: a search by meaning and a search by keywords, merged by reciprocal rank fusion (RRF).
          </p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {FIELDS.map((f) => (
            <NumberField
              key={f.key}
              id={`${id}-${f.key}`}
              label={f.label}
              hint={f.hint}
              error={local[f.key] ?? fieldError(save.error, `retrieval.${f.key}`)}
              value={values[f.key]}
              onChange={(value) => setValues((v) => ({ ...v, [f.key]: value }))}
              rule={f.rule}
              step={f.step}
            />
          ))}
        </div>
        <Field
          id={`${id}-rerank`}
          label="Reranking"
          hint={
            saved.providerType === 'local' && rerank === 'model'
              ? 'No language model is set up, so the score mix is used instead.'
              : 'Reorders the best candidates before the passages per answer are kept. Measure it with an evaluation run.'
          }
          error={fieldError(save.error, 'retrieval.rerank')}
        >
          <Select
            id={`${id}-rerank`}
            value={rerank}
            onChange={(e) => setRerank(e.target.value as Rerank)}
            aria-describedby={describedBy(`${id}-rerank`, { hint: true, error: fieldError(save.error, 'retrieval.rerank') })}
          >
            {RERANK_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Alert>{formErrorText(save.error, SHOWN_FIELDS)}</Alert>
        <div className="flex flex-wrap items-center justify-end gap-2">
          <Button
            variant="ghost"
            onClick={() => {
              setValues(toText(DEFAULTS));
              setRerank(DEFAULTS.rerank);
              setLocal({});
            }}
          >
            Fill in the defaults
          </Button>
          <Button type="submit" disabled={save.isPending} aria-label={save.isPending ? undefined : 'Save retrieval settings'}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
