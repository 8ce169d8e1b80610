'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useFocusFirstInvalid } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { RadioCards, type RadioCardOption } from '@/components/ui/RadioCards';
import { Select } from '@/components/ui/Select';
import { When } from '@/components/ui/When';
import { formatNumber, formatPercent } from '@/lib/format';
import type { AppRouter } from '@/server/trpc/root';
import { parseNumber, type NumberRule } from './form';
import { BaseUrlField, ModelNameField } from './ProviderFields';

type EmbedderSettings = inferRouterOutputs<AppRouter>['settings']['getEmbedder'];
type EmbedderConfig = inferRouterInputs<AppRouter>['settings']['updateEmbedder']['config'];
type Kind = EmbedderConfig['kind'];

const DIMENSIONS: NumberRule = { min: 0, max: 2000, integer: true, unit: 'dimensions' };
const SHOWN_FIELDS = ['config.baseUrl', 'config.model', 'config.dimensions', 'apiKey'];
/** How often the card asks for progress while a re-embedding runs. */
const POLL_MS = 1500;

const KIND_OPTIONS: Array<RadioCardOption<Kind>> = [
  { value: 'local-hash', label: 'Local hashing', hint: 'Offline and instant; matches words, not meaning.' },
  {
    value: 'use-lite',
    label: 'Universal Sentence Encoder lite',
    hint: 'Offline and semantic: finds passages worded differently from the question.',
  },
  { value: 'onnx', label: 'ONNX model', hint: 'A sentence-transformers model (MiniLM, bge…) your operator copied onto this server.' },
  { value: 'openai-compatible', label: 'OpenAI-compatible', hint: 'OpenAI, Azure OpenAI, Ollama (nomic-embed-text), vLLM.' },
];

/** The embedder that turns passages and questions into vectors, and a re-embedding under way. */
export function EmbeddingsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery({
    ...trpc.settings.getEmbedder.queryOptions(),
    refetchOnWindowFocus: false,
    refetchInterval: (query) => (query.state.data?.building ? POLL_MS : false),
  });
  const id = useId();
  return (
    <Card role="region" aria-labelledby={`${id}-title`} className="space-y-5">
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Embeddings
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The model that turns every passage and every question into a vector, so that chat finds passages by meaning as well as by words.
        </p>
      </div>
      {settings.isPending ? (
        <p aria-busy="true" className="text-sm text-slate-500 dark:text-slate-400">
          Loading the embedder…
        </p>
      ) : settings.isError ? (
        <Alert onRetry={() => void settings.refetch()}>Could not load the embedder: {errorMessage(settings.error)}</Alert>
      ) : (
        <>
          <Current settings={settings.data} />
          {settings.data.building ? (
            <Building settings={settings.data} onChanged={(s) => qc.setQueryData(trpc.settings.getEmbedder.queryKey(), s)} />
          ) : null}
          {settings.data.lastFailure && !settings.data.building ? (
            <Alert>
              Changing to {settings.data.lastFailure.label} failed <When at={settings.data.lastFailure.at} />:{' '}
              {settings.data.lastFailure.error} The current embedder stayed in use.
            </Alert>
          ) : null}
          <ChangeForm settings={settings.data} onChanged={(s) => qc.setQueryData(trpc.settings.getEmbedder.queryKey(), s)} />
        </>
      )}
    </Card>
  );
}

function Current({ settings }: { settings: EmbedderSettings }) {
  const active = settings.active;
  return (
    <dl className="grid gap-3 rounded-md bg-slate-50 p-3 text-sm sm:grid-cols-4 dark:bg-slate-800/60">
      <div className="sm:col-span-2">
        <dt className="text-xs text-slate-500 dark:text-slate-400">In use</dt>
        <dd className="font-medium break-words">{active.label}</dd>
        <dd className="text-xs break-all text-slate-600 dark:text-slate-400">
          {active.model}
          {active.activatedAt ? (
            <>
              {' '}
              · since <When at={active.activatedAt} />
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500 dark:text-slate-400">Dimensions</dt>
        <dd className="font-medium tabular-nums">{formatNumber(active.dimensions)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500 dark:text-slate-400">Vectors</dt>
        <dd className="font-medium tabular-nums">{formatNumber(active.vectors)}</dd>
      </div>
    </dl>
  );
}

function Building({ settings, onChanged }: { settings: EmbedderSettings; onChanged: (s: EmbedderSettings) => void }) {
  const trpc = useTRPC();
  const building = settings.building!;
  const cancel = useMutation(
    trpc.settings.cancelEmbedderChange.mutationOptions({
      onSuccess: (result) => {
        onChanged(result);
        toast.success('The change of embedder was cancelled.');
      },
    }),
  );
  const { done, total } = building.progress;
  const fraction = total > 0 ? done / total : null;
  const text = `${formatNumber(done)} of ${formatNumber(total)} passages`;
  return (
    <section aria-label="Re-embedding" className="space-y-2 rounded-md border border-indigo-200 p-3 dark:border-indigo-900">
      <p className="text-sm">
        Re-embedding every passage with <span className="font-medium">{building.label}</span>. Chat keeps using {settings.active.label}{' '}
        until it is done.
      </p>
      <ProgressBar label={`Re-embedding with ${building.label}`} value={fraction === null ? null : fraction * 100} valueText={text} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p aria-live="polite" className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
          {text}
          {fraction !== null ? ` (${formatPercent(fraction)})` : ''}
        </p>
        <Button variant="secondary" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          {cancel.isPending ? 'Cancelling…' : 'Cancel'}
        </Button>
      </div>
      <Alert>{cancel.error ? errorMessage(cancel.error) : null}</Alert>
    </section>
  );
}

function ChangeForm({ settings, onChanged }: { settings: EmbedderSettings; onChanged: (s: EmbedderSettings) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const current = settings.building?.config ?? settings.active.config;
  const [kind, setKind] = useState<Kind>(current.kind);
  const [onnxModel, setOnnxModel] = useState(current.kind === 'onnx' ? current.model : (settings.onnxModels[0] ?? ''));
  const [baseUrl, setBaseUrl] = useState(current.kind === 'openai-compatible' ? current.baseUrl : '');
  const [model, setModel] = useState(current.kind === 'openai-compatible' ? current.model : '');
  const [dimensions, setDimensions] = useState(current.kind === 'openai-compatible' ? String(current.dimensions) : '');
  const [apiKey, setApiKey] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.settings.updateEmbedder.mutationOptions({
      onSuccess: (result) => {
        onChanged(result);
        setApiKey('');
        toast.success(result.building ? 'Re-embedding started.' : `${result.active.label} is now in use.`);
      },
    }),
  );
  useFocusFirstInvalid(formRef, save.error);
  const error = (field: string) => local[field] ?? fieldError(save.error, field);
  const options = KIND_OPTIONS.filter((o) => o.value !== 'onnx' || settings.onnxModels.length > 0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const errors: Record<string, string> = {};
    let config: EmbedderConfig = { kind: kind as 'local-hash' };
    if (kind === 'use-lite') config = { kind };
    if (kind === 'onnx') {
      if (!onnxModel) errors['config.model'] = 'Choose a model.';
      config = { kind, model: onnxModel };
    }
    if (kind === 'openai-compatible') {
      const dims = parseNumber(dimensions, DIMENSIONS);
      if (!baseUrl.trim()) errors['config.baseUrl'] = 'Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.';
      if (!model.trim()) errors['config.model'] = 'Enter the model name, e.g. text-embedding-3-small or nomic-embed-text.';
      if ('error' in dims) errors['config.dimensions'] = dims.error;
      config = { kind, baseUrl: baseUrl.trim(), model: model.trim(), dimensions: 'value' in dims ? dims.value : 0 };
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) {
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    save.mutate({ config, ...(kind === 'openai-compatible' && apiKey.trim() ? { apiKey: apiKey.trim() } : {}) });
  };

  const openai = kind === 'openai-compatible';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-change`} className="space-y-4">
      <div>
        <h3 id={`${id}-change`} className="font-medium">
          Change the embedder
        </h3>
        <p id={`${id}-explain`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Changing it embeds every passage of every document again, in the background. Chat keeps using the current embedder until that is
          complete, then switches at once; vectors of the two are never mixed.
        </p>
      </div>
      <RadioCards id={`${id}-kind`} legend="Embedder" options={options} value={kind} onChange={setKind} />
      {settings.onnxModels.length === 0 ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          No ONNX models were found on this server. Your platform operator can copy one into the model directory (EMBEDDING_MODEL_DIR).
        </p>
      ) : null}
      {kind === 'onnx' ? (
        <Field id={`${id}-onnx`} label="Model" hint="Models found in the server’s model directory." error={error('config.model')}>
          <Select
            id={`${id}-onnx`}
            value={onnxModel}
            onChange={(e) => setOnnxModel(e.target.value)}
            aria-invalid={Boolean(error('config.model'))}
            aria-describedby={describedBy(`${id}-onnx`, { hint: true, error: error('config.model') })}
          >
            {settings.onnxModels.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {openai ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <BaseUrlField id={`${id}-url`} value={baseUrl} onChange={setBaseUrl} error={error('config.baseUrl')} />
          </div>
          <ModelNameField
            id={`${id}-model`}
            hint="e.g. text-embedding-3-small or nomic-embed-text."
            value={model}
            onChange={setModel}
            error={error('config.model')}
          />
          <Field
            id={`${id}-dims`}
            label="Dimensions"
            hint="The length of the model’s vectors, at most 2,000 (e.g. 1536, or 768 for nomic-embed-text); 0 takes the model’s own size."
            error={error('config.dimensions')}
          >
            <Input
              id={`${id}-dims`}
              inputMode="numeric"
              value={dimensions}
              onChange={(e) => setDimensions(e.target.value)}
              aria-invalid={Boolean(error('config.dimensions'))}
              aria-describedby={describedBy(`${id}-dims`, { hint: true, error: error('config.dimensions') })}
            />
          </Field>
          <div className="sm:col-span-2">
            <Field
              id={`${id}-key`}
              label="API key"
              hint="Stored encrypted and never shown again. Leave empty to keep the key stored for this address, or for servers that need none, such as a local Ollama."
              error={error('apiKey')}
            >
              <Input
                id={`${id}-key`}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                placeholder="sk-…"
                value={apiKey}
                onChange={(e) => setApiKey(e.target.value)}
                aria-invalid={Boolean(error('apiKey'))}
                aria-describedby={describedBy(`${id}-key`, { hint: true, error: error('apiKey') })}
              />
            </Field>
          </div>
        </div>
      ) : null}
      <Alert>{formErrorText(save.error, SHOWN_FIELDS)}</Alert>
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending} aria-describedby={`${id}-explain`}>
          {save.isPending ? 'Starting…' : 'Change and re-embed'}
        </Button>
      </div>
    </form>
  );
}
